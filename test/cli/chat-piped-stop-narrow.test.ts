/**
 * `openclaw chat` fed from a pipe, its stderr a narrow terminal: the lines that close the run
 * (why it stopped, what failed) are wrapped at spaces as the error lines above them are, not cut
 * by the terminal in the middle of a word. Built CLI in a pseudo-terminal against the simulator.
 */
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("openclaw chat piped in, at a 60-column terminal", () => {
  it("the line saying the run stopped at a failed /model is wrapped like the lines above it", async () => {
    const { sim, cliEnv } = await setup();
    // The first answer is slow to come, as on a loaded machine: the spinner draws several frames
    // over one another on stderr before it is cleared.
    sim.script([{ respond: { firstByteDelayMs: 600 } }]);
    const term = startTerminal([], {
      env: cliEnv,
      cols: 60,
      shell: `printf 'hi\\n/model nope\\nbye\\n' | exec "${process.execPath}" "${CLI}" chat`,
    });
    expect(await term.exited).toBe(1);
    const plain = term.plain();
    expect(plain.replace(/\n/g, " ")).toContain(
      'stopped at "/model nope", which failed, so that no line after it goes to moonshot/kimi-k2.5 instead',
    );
    // Judged as the screen is left: the spinner's frames, each drawn over the last, are not one
    // line of the screen (read as one by plain(), which drops the carriage returns).
    expect(overWide(term.shown(), 60)).toEqual([]);
  });
});
