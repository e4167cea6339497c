import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { kimiPlanBackAt } from "../../src/auth/credit.js";
import {
  creditExhausted,
  describeCredit,
  parseBalance,
  parseKimiUsage,
  probeCredit,
} from "../../src/auth/index.js";
import { prepareOnboarding } from "../../src/onboard/index.js";
import { tempDir } from "../helpers/tmp.js";

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
    // Money owed has its sign before the currency, in either region.
    const overdrawn = { data: { available_balance: -1.2, voucher_balance: 0, cash_balance: -1.2 } };
    const usdOwed = parseBalance(overdrawn, "USD");
    expect(usdOwed && describeCredit(usdOwed)).toBe("-$1.20 (voucher $0.00, cash -$1.20)");
    const cnyOwed = parseBalance({ data: { available_balance: -8, cash_balance: -0.001 } }, "CNY");
    expect(cnyOwed && describeCredit(cnyOwed)).toBe("-¥8.00 (voucher ¥0.00, cash ¥0.00)");
  });

  it("reads a Kimi Code quota whose numbers come as strings", () => {
    // Asked before its reset: one already past is said so (see the test below).
    const quota = parseKimiUsage(
      { usage: { limit: "100", remaining: "0", resetTime: "2026-12-01T08:30:00Z" } },
      Date.parse("2026-11-30T00:00:00Z"),
    );
    expect(quota).toMatchObject({
      kind: "quota",
      limit: 100,
      remaining: 0,
      resetTime: "2026-12-01T08:30:00Z",
    });
    // When it resets from the time asked, as every window says it.
    expect(quota && describeCredit(quota, Date.parse("2026-11-30T00:00:00Z"))).toBe(
      "0 of 100 left, resets 2026-12-01 08:30 UTC, in 1 d 8 h",
    );
    expect(quota && creditExhausted(quota)).toBe(true);
    const stale = parseKimiUsage(
      { usage: { limit: "100", remaining: "0", resetTime: "2026-12-01T08:30:00Z" } },
      Date.parse("2026-12-03T00:00:00Z"),
    );
    expect(stale && describeCredit(stale)).toBe(
      "0 of 100 left, resets 2026-12-01 08:30 UTC, already passed",
    );
  });

  it("reads every window of a /usages answer as Kimi Code writes it", () => {
    const now = Date.parse("2026-12-03T07:00:00Z");
    // Recorded shapes: counts as strings, `used` beside or instead of `remaining`, resetTime to
    // the microsecond, the 5-hour window as 300 TIME_UNIT_MINUTE.
    const quota = parseKimiUsage(
      {
        user: { membership: { level: "LEVEL_INTERMEDIATE" } },
        usage: { limit: "100", used: "40", remaining: "60", resetTime: "2026-12-09T15:30:57Z" },
        limits: [
          {
            window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
            detail: { limit: "100", used: "100", resetTime: "2026-12-03T10:24:38.060611Z" },
          },
          { window: { duration: 1, timeUnit: "TIME_UNIT_DAY" }, detail: { limit: 10, used: 1 } },
          {
            window: { duration: 2, timeUnit: "TIME_UNIT_FORTNIGHT" },
            detail: { limit: 5, remaining: 5 },
          },
          { window: {}, detail: { limit: "7", remaining: "7" } },
          { window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" }, detail: { limit: "100" } },
        ],
        parallel: { limit: "30" },
      },
      now,
    );
    expect(quota).toMatchObject({ kind: "quota", limit: 100, remaining: 60 });
    expect(quota?.kind === "quota" ? quota.windows : undefined).toEqual([
      {
        window: "week",
        minutes: 10080,
        limit: 100,
        remaining: 60,
        resetTime: "2026-12-09T15:30:57Z",
        resetsIn: "6 d 8 h",
        usedUp: false,
      },
      {
        window: "5 h",
        minutes: 300,
        limit: 100,
        remaining: 0,
        resetTime: "2026-12-03T10:24:38.060611Z",
        resetsIn: "3 h 24 min",
        usedUp: true,
      },
      { window: "1 d", minutes: 1440, limit: 10, remaining: 9, usedUp: false },
      { window: "2 TIME_UNIT_FORTNIGHT", limit: 5, remaining: 5, usedUp: false },
      { window: "window 4", limit: 7, remaining: 7, usedUp: false },
    ]);
    // A 5-hour window told only by `used` is still seen used up by the refusal's hint.
    expect(
      kimiPlanBackAt({
        usage: { limit: "100", used: "10", resetTime: "2026-12-09T15:30:57Z" },
        limits: [
          {
            window: { duration: 5, timeUnit: "TIME_UNIT_HOUR" },
            detail: { limit: "50", used: "50", resetTime: "2026-12-03T10:00:00Z" },
          },
        ],
      }),
    ).toBe(Date.parse("2026-12-03T10:00:00Z"));
  });

  it("says when a used-up Kimi Code plan takes requests again, from the windows used up", () => {
    const week = { limit: "100", remaining: "0", resetTime: "2026-12-05T09:55:00Z" };
    const fiveHours = (remaining: string, resetTime = "2026-12-03T10:00:00Z") => ({
      window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
      detail: { limit: "100", remaining, resetTime },
    });
    // The week used up, the 5-hour window not: the week's reset.
    expect(kimiPlanBackAt({ usage: week, limits: [fiveHours("50")] })).toBe(
      Date.parse("2026-12-05T09:55:00Z"),
    );
    // Only the 5-hour window used up: its reset, not the week's days away.
    expect(kimiPlanBackAt({ usage: { ...week, remaining: "60" }, limits: [fiveHours("0")] })).toBe(
      Date.parse("2026-12-03T10:00:00Z"),
    );
    // Both: the later one, when both let requests through again.
    expect(kimiPlanBackAt({ usage: week, limits: [fiveHours("0")] })).toBe(
      Date.parse("2026-12-05T09:55:00Z"),
    );
    // Nothing used up (a billing cycle's limit), or a used-up window without a time: unknown.
    expect(
      kimiPlanBackAt({ usage: { ...week, remaining: "1" }, limits: [fiveHours("3")] }),
    ).toBeUndefined();
    expect(kimiPlanBackAt({ usage: week, limits: [fiveHours("0", "soon")] })).toBeUndefined();
    for (const body of [undefined, "x", {}, { usage: "full", limits: "none" }])
      expect(kimiPlanBackAt(body)).toBeUndefined();
  });

  it("reads the ratio pools of /usages as Kimi Code writes them, in either spelling", () => {
    const now = Date.parse("2026-09-16T14:00:00Z");
    // Recorded by akitaonrails/ai-usagebar#199 (its amounts zeroed, a 5-hour count of limit 0
    // beside the pools, as redacted): snake_case keys, the ratio a JSON number, the time to the
    // second. The count of limit 0 counts nothing, so the pool tells the 5 hours; the month's
    // Kimi Code part (limit_month_code) is part of its total, not a window of its own.
    const snake = parseKimiUsage(
      {
        limits: [
          {
            window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
            detail: { limit: "0", used: "0", remaining: "0", resetTime: "2026-09-16T20:11:32Z" },
          },
        ],
        usages: {
          limit_5h: { used_ratio: 0.37, reset_time: "2026-09-16T20:11:32Z" },
          limit_month_total: { used_ratio: 0.0, reset_time: "2026-10-16T00:00:00Z" },
          limit_month_code: { used_ratio: 0, reset_time: "2026-10-16T00:00:00Z" },
        },
      },
      now,
    );
    expect(snake).toEqual({
      kind: "quota",
      resetTime: undefined,
      windows: [
        {
          window: "5 h",
          minutes: 300,
          usedRatio: 0.37,
          resetTime: "2026-09-16T20:11:32Z",
          resetsIn: "6 h 11 min",
          usedUp: false,
        },
        {
          window: "month",
          usedRatio: 0,
          resetTime: "2026-10-16T00:00:00Z",
          resetsIn: "29 d 10 h",
          usedUp: false,
        },
      ],
    });
    expect(snake && describeCredit(snake, now)).toBe(
      "5 h 37% used, resets 2026-09-16 20:11 UTC, in 6 h 11 min; month 0% used, resets 2026-10-16 00:00 UTC, in 29 d 10 h",
    );
    expect(snake && creditExhausted(snake)).toBe(false);

    // Recorded by MoonshotAI/kimi-code#3908: camelCase keys inside data.quota. A ratio of 1 or
    // more is used up, and the hint's reset is that window's.
    const camel = {
      code: 0,
      data: {
        kind: "ok",
        quota: {
          extraUsage: null,
          usages: {
            limit5h: { resetAt: "2026-09-16T18:07:12Z", usedRatio: 1 },
            limit7d: { resetAt: "2026-09-23T23:07:12Z", usedRatio: 0.4 },
          },
        },
      },
    };
    const quota = parseKimiUsage(camel, now);
    expect(quota?.kind === "quota" ? quota.windows : undefined).toMatchObject([
      { window: "week", minutes: 10080, usedRatio: 0.4, usedUp: false },
      { window: "5 h", minutes: 300, usedRatio: 1, usedUp: true },
    ]);
    expect(quota).toMatchObject({ resetTime: "2026-09-23T23:07:12Z" });
    expect(quota && creditExhausted(quota)).toBe(true);
    expect(kimiPlanBackAt(camel)).toBe(Date.parse("2026-09-16T18:07:12Z"));
    // The month used up (a ratio past 1): its reset, which the counts never reported.
    expect(
      kimiPlanBackAt({
        usages: {
          limit_5h: { used_ratio: 0.1, reset_time: "2026-09-16T18:00:00Z" },
          limit_month_total: { used_ratio: 1.05, reset_time: "2026-10-01T00:00:00Z" },
        },
      }),
    ).toBe(Date.parse("2026-10-01T00:00:00Z"));
  });

  it("takes a window's counts over its ratio when an answer has both", () => {
    // steipete/CodexBar#3754: ratios of 0 beside counts with use, the counts agreeing with the
    // website; kimi-code#3951: limit_7d at 0 while the week's count was used up and refused.
    const body = {
      usage: { limit: "100", used: "100", resetTime: "2026-09-24T02:09:07.465054Z" },
      limits: [
        {
          window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
          detail: { limit: "100", used: "1", remaining: "99", resetTime: "2026-09-21T01:09:07Z" },
        },
      ],
      usages: {
        limit_5h: { used_ratio: 0, reset_time: "2026-09-21T01:09:06Z" },
        limit_7d: { used_ratio: 0, reset_time: "2026-09-24T02:09:06Z" },
        limit_month_total: { used_ratio: 0.5, reset_time: "2026-10-01T00:00:00Z" },
      },
    };
    const quota = parseKimiUsage(body, Date.parse("2026-09-20T00:00:00Z"));
    expect(quota).toMatchObject({ kind: "quota", limit: 100, remaining: 0 });
    expect(quota?.kind === "quota" ? quota.windows : undefined).toMatchObject([
      { window: "week", limit: 100, remaining: 0, usedUp: true },
      { window: "5 h", limit: 100, remaining: 99, usedUp: false },
      { window: "month", usedRatio: 0.5, usedUp: false },
    ]);
    expect(kimiPlanBackAt(body)).toBe(Date.parse("2026-09-24T02:09:07.465054Z"));
  });

  it("says nothing rather than something wrong for bodies it does not know", () => {
    for (const body of [undefined, null, {}, { data: {} }, { data: { available_balance: "lots" } }])
      expect(parseBalance(body, "USD")).toBeUndefined();
    for (const body of [
      undefined,
      {},
      { usage: { limit: 10 } },
      { usage: "full" },
      { usages: { limit_5h: { used_ratio: "lots" }, limit_7d: { used_ratio: -1 } } },
      { usages: [] },
    ])
      expect(parseKimiUsage(body)).toBeUndefined();
  });
});

/**
 * A Moonshot endpoint whose key check answers at once and whose balance lookup never does; says
 * when the balance request arrives and when its connection is closed by the client.
 */
async function hangingBalance() {
  let arrived!: () => void;
  let closed!: () => void;
  const balanceAsked = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const balanceClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const server = createServer((req, res) => {
    if (req.url?.endsWith("/users/me/balance")) {
      req.socket.once("close", closed);
      arrived();
      return; // never answers
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: [{ id: "kimi-k2.5", object: "model" }] }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    balanceAsked,
    balanceClosed,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Resolves with `promise`, or rejects after `ms` (a generous bound: the lookup's own is 8 s). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms),
    ),
  ]);
}

describe("stopping the balance lookup", () => {
  it("probeCredit ends its request when its signal is aborted", async () => {
    const endpoint = await hangingBalance();
    try {
      const controller = new AbortController();
      const credit = probeCredit(
        { label: "Moonshot", baseUrl: endpoint.baseUrl },
        "moonshot-ai",
        "sk-test-moonshot-ai-0001",
        30_000,
        undefined,
        controller.signal,
      );
      await endpoint.balanceAsked;
      controller.abort(new Error("stopped by SIGINT"));
      expect(await within(credit, 4000, "probeCredit")).toBeUndefined();
      await within(endpoint.balanceClosed, 4000, "the balance request's connection");
    } finally {
      endpoint.close();
    }
  });

  it("Ctrl-C during onboarding's balance lookup stops onboarding and the lookup at once", async () => {
    const endpoint = await hangingBalance();
    try {
      const dir = tempDir();
      const controller = new AbortController();
      const onboarding = prepareOnboarding({
        authChoice: "moonshot-api-key",
        key: "sk-test-moonshot-ai-0001",
        env: {
          OPENCLAW_STATE_DIR: dir,
          HOME: dir,
          OPENCLAW_MOONSHOT_AI_BASE_URL: endpoint.baseUrl,
        },
        signal: controller.signal,
      });
      onboarding.catch(() => {});
      await endpoint.balanceAsked;
      controller.abort(new Error("stopped by SIGINT"));
      await expect(within(onboarding, 4000, "onboarding")).rejects.toThrow("stopped by SIGINT");
      await within(endpoint.balanceClosed, 4000, "the balance request's connection");
    } finally {
      endpoint.close();
    }
  });
});
