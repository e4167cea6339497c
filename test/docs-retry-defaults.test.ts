/**
 * The guide states the retry defaults a program gets when it passes no `retry` (how often a model
 * is tried, the first and the longest wait), and they are the ones the runtime applies. Before,
 * no page said them: a program had to read DEFAULT_RETRY's source to know a failing model is
 * tried 3 times.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY } from "../src/index.js";
import { backoffDelay } from "../src/runtime/index.js";

const guide = readFileSync(join(import.meta.dirname, "..", "docs", "guide.md"), "utf8").replace(
  /\s+/g,
  " ",
);

describe("the guide's retry defaults", () => {
  it("are written as the retry option takes them, and are DEFAULT_RETRY's", () => {
    const written =
      /`\{ maxAttempts: (\d+), baseDelayMs: (\d+), maxDelayMs: (\d+) \}` are the defaults/.exec(
        guide,
      );
    expect(written?.slice(1).map(Number)).toEqual([
      DEFAULT_RETRY.maxAttempts,
      DEFAULT_RETRY.baseDelayMs,
      DEFAULT_RETRY.maxDelayMs,
    ]);
  });

  it("say the same in words", () => {
    const words =
      /A model is tried (\d+) times at most; before each retry it waits a step that starts at (\d+) ms and doubles each time, up to (\d+) ms/.exec(
        guide,
      );
    expect(words?.slice(1).map(Number)).toEqual([
      DEFAULT_RETRY.maxAttempts,
      DEFAULT_RETRY.baseDelayMs,
      DEFAULT_RETRY.maxDelayMs,
    ]);
  });

  it("give the waits the runtime takes: the first is 250–500 ms, not 500 ms or more", () => {
    // Before, the guide said the waits grew 'from 500 ms'; the runtime's first wait is half of
    // that step fixed and half random.
    const waits = /so the defaults wait (\d+)–(\d+) ms, then (\d+)–(\d+) ms\)/.exec(guide);
    const least = () => 0;
    const most = () => 1;
    expect(waits?.slice(1).map(Number)).toEqual([
      backoffDelay(1, DEFAULT_RETRY, undefined, least),
      backoffDelay(1, DEFAULT_RETRY, undefined, most),
      backoffDelay(2, DEFAULT_RETRY, undefined, least),
      backoffDelay(2, DEFAULT_RETRY, undefined, most),
    ]);
    // Two waits: between three attempts.
    expect(DEFAULT_RETRY.maxAttempts - 1).toBe(2);
  });
});
