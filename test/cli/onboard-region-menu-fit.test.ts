/**
 * The region menu of interactive onboarding with both OPENCLAW_MOONSHOT_*_BASE_URL overrides set:
 * a region's line names the variable beside the host only when the whole line fits as drawn. It
 * was measured as `│  ● ` and the text in 80 columns, whatever the terminal's width, while clack
 * wraps a choice at the width less its bar as it counts it (colour codes included: 67 cells of
 * 80): at 80 columns `International (127.0.0.1:40124, from` went on over a second line, and at 60
 * both regions did, as did the line-by-line menu of a dumb terminal.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, DOWN, ENTER, startTerminal } from "../helpers/pty.js";
import { freshState } from "../onboard/harness.js";

/** Never reached: the menu is left with Ctrl-C before any request. */
const OVERRIDES = {
  OPENCLAW_MOONSHOT_AI_BASE_URL: "http://127.0.0.1:40124/v1",
  OPENCLAW_MOONSHOT_CN_BASE_URL: "http://127.0.0.1:40123/v1",
  OPENCLAW_KIMI_CODE_BASE_URL: "",
};
const AI_WITH_VARIABLE = "International (127.0.0.1:40124, from OPENCLAW_MOONSHOT_AI_BASE_URL)";
const CN_WITH_VARIABLE = "China (127.0.0.1:40123, from OPENCLAW_MOONSHOT_CN_BASE_URL)";

/** The screen's lines that show a region with its address, without their trailing spaces. */
function regionLines(plain: string): string[] {
  return plain
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => /(International|China) \(/.test(line));
}

/** The drawn menu at `cols` columns, each region's line as the cursor reaches it. */
async function drawnMenu(cols: number): Promise<string[]> {
  const state = freshState();
  const term = startTerminal(["onboard"], {
    cwd: state.dir,
    cols,
    env: { ...state.env, ...OVERRIDES },
  });
  try {
    await term.waitFor("Which provider do you want to set up?");
    term.write(ENTER); // Moonshot
    await term.waitFor(/● International \(127\.0\.0\.1:40124/);
    term.write(DOWN);
    await term.waitFor(/● China \(127\.0\.0\.1:40123/);
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
  } finally {
    term.kill();
  }
  return regionLines(term.plain());
}

describe("the onboarding region menu fits the terminal as drawn", () => {
  it("at 80 columns: the variable beside the host only where the line fits, no line wrapped", async () => {
    const lines = await drawnMenu(80);
    expect(lines).toContain("│  ● International (127.0.0.1:40124)");
    expect(lines).toContain(`│  ● ${CN_WITH_VARIABLE}`);
    for (const line of lines) expect(line).toMatch(/\)$/);
  });

  it("at 60 columns: each region's host alone, on one line", async () => {
    const lines = await drawnMenu(60);
    expect(lines).toContain("│  ● International (127.0.0.1:40124)");
    expect(lines).toContain("│  ● China (127.0.0.1:40123)");
    for (const line of lines) expect(line).toMatch(/\)$/);
  });

  it("at 120 columns: both with their variables", async () => {
    const lines = await drawnMenu(120);
    expect(lines).toContain(`│  ● ${AI_WITH_VARIABLE}`);
    expect(lines).toContain(`│  ● ${CN_WITH_VARIABLE}`);
  });

  it("line by line on a dumb terminal of 60 columns: each line within 60", async () => {
    const state = freshState();
    const term = startTerminal(["onboard"], {
      cwd: state.dir,
      cols: 60,
      env: { ...state.env, ...OVERRIDES, TERM: "dumb" },
    });
    try {
      await term.waitFor("Enter 1-4 [1]: ");
      term.write(`1${ENTER}`); // Moonshot
      await term.waitFor("Enter 1-2 [1]: ");
      term.write(CTRL_C);
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(regionLines(term.plain())).toEqual([
      "  1) International (127.0.0.1:40124)",
      "  2) China (127.0.0.1:40123)",
    ]);
  });
});
