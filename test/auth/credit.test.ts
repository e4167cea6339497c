import { describe, expect, it } from "vitest";
import {
  creditExhausted,
  describeCredit,
  parseBalance,
  parseKimiUsage,
} from "../../src/auth/index.js";

describe("credit", () => {
  it("reads a Moonshot balance in the region's currency", () => {
    const body = {
      code: 0,
      data: { available_balance: 12.5, voucher_balance: 10, cash_balance: 2.5 },
    };
    const usd = parseBalance(body, "USD");
    expect(usd).toEqual({
      kind: "balance",
      available: 12.5,
      voucher: 10,
      cash: 2.5,
      currency: "USD",
    });
    expect(
      describeCredit(usd ?? { kind: "quota", limit: 0, remaining: 0, resetTime: undefined }),
    ).toBe("$12.50 (voucher $10.00, cash $2.50)");
    const cny = parseBalance(body, "CNY");
    expect(cny && describeCredit(cny)).toBe("¥12.50 (voucher ¥10.00, cash ¥2.50)");
    // A negative balance (an overdraft) is used up too.
    const owed = parseBalance({ data: { available_balance: -0.3 } }, "USD");
    expect(owed && creditExhausted(owed)).toBe(true);
  });

  it("reads a Kimi Code quota whose numbers come as strings", () => {
    const quota = parseKimiUsage({
      usage: { limit: "100", remaining: "0", resetTime: "2026-12-01T08:30:00Z" },
    });
    expect(quota).toEqual({
      kind: "quota",
      limit: 100,
      remaining: 0,
      resetTime: "2026-12-01T08:30:00Z",
    });
    expect(quota && describeCredit(quota)).toBe("0 of 100 left, resets 2026-12-01 08:30 UTC");
    expect(quota && creditExhausted(quota)).toBe(true);
  });

  it("says nothing rather than something wrong for bodies it does not know", () => {
    for (const body of [undefined, null, {}, { data: {} }, { data: { available_balance: "lots" } }])
      expect(parseBalance(body, "USD")).toBeUndefined();
    for (const body of [undefined, {}, { usage: { limit: 10 } }, { usage: "full" }])
      expect(parseKimiUsage(body)).toBeUndefined();
  });
});
