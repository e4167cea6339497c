/**
 * `warning:` lines on a narrow terminal: wrapAfterLabel kept at least 20 cells beside a label, so
 * at COLUMNS=25 a `warning: ` line ran to 29 cells, and the closing "see it and what to do with:"
 * to 27. Every line now fits, but for a label and one word wider than the terminal (a path, a
 * dotted config path), which stays whole to be copied; one wider than the room beside the label
 * only goes under it (narrow-first-word.test.ts).
 */
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { wrapAfterLabel } from "../../src/cli/output.js";
import { runCli } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { tempFiles } from "../helpers/tmp.js";

/**
 * overWide's lines, but for `label: word` with a word wider than the terminal: one that no break
 * can shorten and no line of its own can fit, after its label.
 */
function overWideBesideLabels(text: string, width: number): string[] {
  return overWide(text, width).filter((line) => {
    const word = /^\s*[a-z]+: (\S+)$/.exec(line)?.[1];
    return word === undefined || displayWidth(word) <= width;
  });
}

describe("warnings at COLUMNS=25 and 40", () => {
  it("wrapAfterLabel fits every line beside a label wider than the terminal leaves 20 cells for", () => {
    const text = "provider custom is disabled by its config problem, so its models are left out";
    // (Narrower still, a first word wider than the terminal stays beside the label.)
    for (const width of [25, 20]) {
      const lines = wrapAfterLabel(text, "warning: ".length, width).split("\n");
      expect(displayWidth(`warning: ${lines[0]}`), `at ${width}`).toBeLessThanOrEqual(width);
      for (const line of lines.slice(1))
        expect(displayWidth(line), `at ${width}: ${line}`).toBeLessThanOrEqual(width);
      // No word lost.
      expect(lines.join(" ").split(/\s+/).filter(Boolean)).toEqual(text.split(" "));
    }
  });

  it("models list and models status with a broken provider print no line wider than the terminal", async () => {
    const state = tempFiles({
      "openclaw.json": JSON.stringify({
        models: { providers: { custom: { models: [{ id: "m1" }] } } },
      }),
    });
    for (const width of [25, 40]) {
      const env = { OPENCLAW_STATE_DIR: state, COLUMNS: String(width), NO_COLOR: "1" };
      const list = await runCli(["models", "list"], { env });
      expect(list.stderr).toMatch(/^warning:/m);
      // A `hint:` as other advice is, its command continued with ` \` where it cannot fit.
      expect(list.stderr.replace(/ \\\n/g, " ").replace(/\s+/g, " ")).toContain(
        "hint: see it and what to do with: openclaw config validate",
      );
      expect(overWideBesideLabels(list.stderr, width), `models list at ${width}`).toEqual([]);
      expect(overWideBesideLabels(list.stdout, width), `models list at ${width}`).toEqual([]);
      const status = await runCli(["models", "status"], { env });
      expect(status.stdout).toMatch(/^problem:/m);
      expect(overWideBesideLabels(status.stdout, width), `models status at ${width}`).toEqual([]);
      expect(overWideBesideLabels(status.stderr, width), `models status at ${width}`).toEqual([]);
    }
  });
  it("doctor's findings and hints fit too, going on from near the left edge when narrow", async () => {
    // At 25 its text kept 20 cells after the 11 of the mark and check name: lines of 31 cells.
    const state = tempFiles({
      "openclaw.json": JSON.stringify({
        models: { providers: { custom: { models: [{ id: "m1" }] } } },
      }),
    });
    const wide = await runCli(["doctor"], { env: { OPENCLAW_STATE_DIR: state, NO_COLOR: "1" } });
    for (const width of [25, 40]) {
      const env = { OPENCLAW_STATE_DIR: state, COLUMNS: String(width), NO_COLOR: "1" };
      const doctor = await runCli(["doctor"], { env });
      expect(doctor.code).toBe(wide.code);
      // A first word wider than the terminal stays beside the check's name, whole; one wider
      // than the room there only goes under it.
      const over = overWide(doctor.stdout, width).filter((line) => {
        const word = /^\S \S+ +(\S+)$/.exec(line)?.[1];
        return word === undefined || displayWidth(word) <= width;
      });
      expect(over, `doctor at ${width}`).toEqual([]);
      // Nothing is cut: the same text, broken into more lines (a command continued with ` \`).
      const text = (out: string) => out.replace(/ \\\n/g, "").replace(/\s+/g, "");
      expect(text(doctor.stdout)).toBe(text(wide.stdout));
    }
  });
});
