/**
 * The first menu of interactive onboarding ("Which provider do you want to set up?") on a narrow
 * terminal: a choice's hint is said in fewer words, or left out, where the whole line would not
 * fit as drawn, as the region menu's line does since 27a173b0. At 60 columns the prompts wrapped
 * `Moonshot (Kimi K2 API) (platform.moonshot.ai` and put `/ .cn)` on a line of its own, and Kimi
 * Code's `(subscription for coding agents, sk-kimi- keys)` likewise.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, DOWN, startTerminal } from "../helpers/pty.js";
import { freshState } from "../onboard/harness.js";

/** The screen's lines from the menu's first choice to its last, without trailing spaces. */
function menuLines(plain: string): string[] {
  const lines = plain.split("\n").map((line) => line.trimEnd());
  const first = lines.findLastIndex((line) => line.includes("Moonshot (Kimi K2 API)"));
  const last = lines.findIndex((line, at) => at > first && line.includes("Skip for now"));
  return lines.slice(first, last + 1);
}

/** The menu drawn at `cols` columns with the cursor on Kimi Code (each hint shows on its line). */
async function drawnMenu(cols: number, env: Record<string, string> = {}): Promise<string> {
  const state = freshState();
  const term = startTerminal(["onboard"], { cwd: state.dir, cols, env: { ...state.env, ...env } });
  try {
    await term.waitFor("Which provider do you want to set up?");
    if (env.TERM === "dumb") {
      await term.waitFor("Enter 1-4 [1]: ");
    } else {
      await term.waitFor(/● Moonshot \(Kimi K2 API\)/);
      term.write(DOWN);
      await term.waitFor(/● Kimi Code/);
    }
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
  } finally {
    term.kill();
  }
  return term.plain();
}

describe("the onboarding provider menu fits the terminal as drawn", () => {
  it("at 80 columns: each choice with its full hint, on one line", async () => {
    const plain = await drawnMenu(80);
    expect(plain).toContain("│  ● Moonshot (Kimi K2 API) (platform.moonshot.ai / .cn)");
    expect(plain).toContain("│  ● Kimi Code (subscription for coding agents, sk-kimi- keys)");
  });

  it("at 60 columns: a shorter hint, and no choice goes on over a second line", async () => {
    const plain = await drawnMenu(60);
    expect(plain).toContain("│  ● Moonshot (Kimi K2 API) (moonshot.ai / .cn)");
    expect(plain).toContain("│  ● Kimi Code (sk-kimi- keys)");
    expect(plain).not.toMatch(/^│ {2}\/ \.cn\)$/m);
    for (const line of menuLines(plain)) expect(line.length).toBeLessThanOrEqual(60);
  });

  it("line by line on a dumb terminal of 40 columns: each line within 40", async () => {
    const plain = await drawnMenu(40, { TERM: "dumb" });
    const lines = menuLines(plain);
    expect(lines[0]).toBe("  1) Moonshot (Kimi K2 API)");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });
});
