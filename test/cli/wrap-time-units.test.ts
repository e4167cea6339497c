/**
 * A Kimi Code plan's quota lines, wrapped to a narrow terminal, never part a number from its unit
 * of time: `in 5` at a line's end with `d 23 h` under it, or the `5 h` window cut to `5` and
 * `h 95 of 100 left`, read as other words. Widths are tried one after another, so that a break
 * falls at each space of the line whatever the time left is when the test runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrapText } from "../../src/cli/output.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, KIMI_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

/** A line that ends in a number and the next line that begins with a unit of time. */
const NUMBER_CUT_FROM_UNIT = /\d\n[ │]*(?:d|h|min|s)\b/;
const WIDTHS = Array.from({ length: 40 }, (_, index) => 40 + index);
const STATUS_WIDTHS = Array.from({ length: 20 }, (_, index) => 56 + index);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

describe("a number and its unit of time on one line", () => {
  it("in models status --probe's plan quota lines, at every width", async () => {
    const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl });
    const onboard = onboardWithKey("kimi-code-api-key", KIMI_KEY);
    expect((await state.run(onboard)).code).toBe(0);
    // A few at a time: the quota lines end near column 60 to 70 at these widths.
    for (let at = 0; at < STATUS_WIDTHS.length; at += 5) {
      const runs = await Promise.all(
        STATUS_WIDTHS.slice(at, at + 5).map(async (width) => ({
          width,
          result: await state.run(["models", "status", "--probe"], { COLUMNS: String(width) }),
        })),
      );
      for (const { width, result } of runs) {
        expect(result.stdout).toContain("plan quota:");
        expect({ width, text: result.stdout }).not.toEqual({
          width,
          text: expect.stringMatching(NUMBER_CUT_FROM_UNIT),
        });
      }
    }
  });

  it("in prose wrapped by wrapText, the words otherwise as they were", () => {
    const text =
      "Kimi Code plan quota week 80 of 100 left, resets 2026-12-12 03:00 UTC, in 5 d 23 h; 5 h 95 of 100 left, in 3 h 6 min";
    for (const width of WIDTHS.map((width) => width - 20)) {
      const wrapped = wrapText(text, width);
      expect(wrapped).not.toMatch(NUMBER_CUT_FROM_UNIT);
      expect(wrapped.replace(/\n/g, " ")).toBe(text);
    }
  });
});
