/** How long until a used-up Kimi Code plan resets, as its hint words it, and how often it is asked. */
import { describe, expect, it } from "vitest";
import type { ResolvedKey } from "../../src/auth/types.js";
import type { ResolvedModel } from "../../src/catalog/types.js";
import { createQuotaResetFinder, timeLeft } from "../../src/runtime/quota-reset.js";

const MINUTE = 60_000;

describe("timeLeft", () => {
  it.each([
    [30_000, "under a minute"],
    [12 * MINUTE + 59_000, "12 min"],
    [5 * 60 * MINUTE, "5 h"],
    [5 * 60 * MINUTE + 20 * MINUTE, "5 h 20 min"],
    [(51 * 60 + 30) * MINUTE, "2 d 3 h"],
    [7 * 24 * 60 * MINUTE, "7 d"],
  ])("%d ms is %s", (ms, words) => {
    expect(timeLeft(ms)).toBe(words);
  });
});

describe("createQuotaResetFinder", () => {
  const model = { baseUrl: "https://api.kimi.com/coding/v1" } as ResolvedModel;
  const key = (fingerprint: string) =>
    ({ value: `sk-kimi-${fingerprint}`, fingerprint }) as ResolvedKey;

  it("asks once a minute per key, and again after the minute", async () => {
    let now = 0;
    const asked: string[] = [];
    const find = createQuotaResetFinder({
      clock: () => now,
      read: async (_model, value) => {
        asked.push(value);
        return 1_000;
      },
    });
    expect(await find(model, key("a"))).toBe(1_000);
    now = MINUTE - 1;
    expect(await find(model, key("a"))).toBe(1_000);
    expect(await find(model, key("b"))).toBe(1_000);
    expect(asked).toEqual(["sk-kimi-a", "sk-kimi-b"]);
    now = MINUTE;
    await find(model, key("a"));
    expect(asked).toEqual(["sk-kimi-a", "sk-kimi-b", "sk-kimi-a"]);
  });

  it("gives up after its timeout, and a lookup that throws is an unknown time", async () => {
    const slow = createQuotaResetFinder({
      clock: () => 0,
      timeoutMs: 20,
      read: () => new Promise(() => {}),
    });
    expect(await slow(model, key("a"))).toBeUndefined();
    const failing = createQuotaResetFinder({
      clock: () => 0,
      read: () => Promise.reject(new Error("refused")),
    });
    expect(await failing(model, key("a"))).toBeUndefined();
  });
});
