/**
 * What `models set` and `models aliases` say they did is one sentence that grows with what the
 * edit did to the chain and the allowlist: at $COLUMNS it is fitted to the width, further lines
 * indented by two, the command in it whole, no word lost.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { overWide } from "../helpers/over-wide.js";
import { freshState } from "../onboard/harness.js";

/** Kimi Code the default, Moonshot its fallback, each model with an alias. */
function chainState() {
  const state = freshState();
  writeFileSync(
    state.configPath,
    JSON.stringify({
      agents: {
        defaults: {
          model: { primary: "kimi-code/kimi-for-coding", fallbacks: ["moonshot/kimi-k2.5"] },
          models: {
            "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
            "kimi-code/kimi-for-coding": { alias: "Kimi Code" },
          },
        },
      },
    }),
  );
  return state;
}

/** The words said, less the ` \` that continues a command too wide for a line. */
const words = (text: string) => text.split(/\s+/).filter((word) => word !== "" && word !== "\\");

describe("a models edit's line at COLUMNS=50", () => {
  for (const args of [
    ["models", "set", "moonshot/kimi-k2.5"],
    ["models", "aliases", "remove", "Kimi K2.5"],
  ]) {
    it(`${args.join(" ")}: fits 50 cells, the words those of the unfitted line`, async () => {
      const wide = await chainState().run(args);
      const narrow = await chainState().run(args, { COLUMNS: "50" });
      expect(narrow.code).toBe(0);
      expect(wide.stdout.trimEnd().split("\n")).toHaveLength(1);
      expect(overWide(narrow.stdout, 50)).toEqual([]);
      const lines = narrow.stdout.trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {2,}\S/);
      expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    });
  }
});
