/**
 * Ctrl-C during a streamed answer in a narrow terminal: the command printed to continue the
 * session is wrapped over lines with ` \` so that it can be copied as one; the prose after it
 * ("continues it") must not be one of those lines, or the pasted command gets two more
 * arguments. The built CLI (`npm run build` first) in a 60-column pty against the simulator.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const SLOW = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

/** The lines from the first that starts with `openclaw` through the last one it continues with ` \`. */
function copiedCommand(shown: string): string {
  const lines = shown.split("\n").map((line) => line.trimEnd());
  const start = lines.findIndex((line) => line.startsWith("openclaw agent"));
  if (start < 0) throw new Error(`no command on the screen:\n${shown}`);
  const parts: string[] = [];
  for (let at = start; at < lines.length; at++) {
    const line = (lines[at] ?? "").trim();
    parts.push(line.replace(/ \\$/, ""));
    if (!line.endsWith(" \\")) break;
  }
  return parts.join(" ");
}

describe("openclaw agent: Ctrl-C in a 60-column terminal", { timeout: 60_000 }, () => {
  it("the command that continues the session is copied without the prose after it", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
    const term = startTerminal(["agent", "-m", "count", "--session-id", "narrow-cut-1"], {
      env: cliEnv,
      cols: 60,
    });
    await term.waitFor("beta");
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
    const shown = term.shown();
    expect(shown).toMatch(/^cancelled$/m);
    expect(copiedCommand(shown)).toBe('openclaw agent -m "go on" --session-id narrow-cut-1');
    expect(shown).toMatch(/^continues it$/m);
  });
});
