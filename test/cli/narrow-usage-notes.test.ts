/**
 * `openclaw usage` says above its report why the ledger it reads may not be the one meant: a
 * config it could not read, or a ledger the config turned off. At $COLUMNS those lines are fitted
 * to the width as every warning is, the config's code frame kept as written, no word lost.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { tempFiles } from "../helpers/tmp.js";

/** The words said, less the ` \` that continues a command too wide for a line. */
const words = (text: string) => text.split(/\s+/).filter((word) => word !== "" && word !== "\\");

/** `usage` run twice on the same config: unfitted, then at 50 columns. */
async function bothWidths(config: string) {
  const state = tempFiles({ "openclaw.json": config });
  const env = { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state };
  const wide = await runCli(["usage"], { env });
  const narrow = await runCli(["usage"], { env: { ...env, COLUMNS: "50" } });
  return { wide, narrow };
}

describe("usage's lines about its ledger at COLUMNS=50", () => {
  it("a config it cannot read: the warning and the config's error fit, its caret under the mistake", async () => {
    const { wide, narrow } = await bothWidths("{ gateway: { port: 18789 } }\nx\n");
    expect(narrow.code).toBe(0);
    expect(narrow.stderr).toMatch(/^warning: the config could not be read/);
    expect(overWide(narrow.stderr, 50)).toEqual([]);
    expect(narrow.stderr.split("\n").length).toBeGreaterThan(wide.stderr.split("\n").length);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
    const lines = narrow.stderr.split("\n");
    const mistake = lines.findIndex((line) => line.trim() === "x");
    expect(lines[mistake + 1]?.indexOf("^")).toBe(lines[mistake]?.indexOf("x"));
  });

  it("a ledger turned off: the note and its hint fit", async () => {
    const { wide, narrow } = await bothWidths("{ gateway: { ledger: { enabled: false } } }\n");
    expect(narrow.code).toBe(0);
    expect(narrow.stderr).toMatch(/^note: the usage ledger is off/);
    expect(overWide(narrow.stderr, 50)).toEqual([]);
    expect(narrow.stderr.split("\n").length).toBeGreaterThan(wide.stderr.split("\n").length);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
  });
});
