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
      /A model is tried (\d+) times at most, the waits between growing from (\d+) ms, doubled each time, to (\d+) ms at most/.exec(
        guide,
      );
    expect(words?.slice(1).map(Number)).toEqual([
      DEFAULT_RETRY.maxAttempts,
      DEFAULT_RETRY.baseDelayMs,
      DEFAULT_RETRY.maxDelayMs,
    ]);
  });
});
