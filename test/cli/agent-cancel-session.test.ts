/**
 * `openclaw agent` stopped mid-answer without --session-id: the partial answer is kept in a
 * session whose id was made up for the run, and the person is told which one, so that the kept
 * answer can be continued. Built CLI in a pseudo-terminal against the simulator.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const SLOW = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

describe("openclaw agent: cancelled mid-answer", () => {
  it("Ctrl-C says which session keeps the answer so far and how to continue it", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    sim.script([
      { respond: { chunkDelayMs: 250, reply: { text: SLOW } } },
      { respond: { reply: { text: "the rest." } } },
    ]);
    const term = startTerminal(["agent", "-m", "count"], { env: cliEnv });
    await term.waitFor("beta");
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
    const plain = term.plain();
    expect(plain).toMatch(/^cancelled$/m);
    const told =
      /the answer so far is kept in session (\S+): openclaw agent -m "go on" --session-id (\S+) continues it/.exec(
        plain.replace(/\n\s*/g, " "),
      );
    expect(told).not.toBeNull();
    const id = told?.[1] ?? "";
    expect(told?.[2]).toBe(id);
    const file = sessionFile(stateDir, id);
    expect(existsSync(file)).toBe(true);
    expect(sessionEvents(file).some((event) => event.interrupted === true)).toBe(true);

    // The command as told continues the kept answer.
    const next = await runCli(["agent", "-m", "go on", "--session-id", id], { env: cliEnv });
    expect(next.code).toBe(0);
    const sent = (sim.chatRequests()[1]?.body as { messages?: { role: string }[] } | undefined)
      ?.messages;
    expect(sent?.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
  });

  it("Ctrl-C before anything arrived names no session: nothing was kept", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { hang: true } }]);
    const term = startTerminal(["agent", "-m", "count"], { env: cliEnv });
    await term.waitFor("waiting for the model");
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
    // The terminal echoes the Ctrl-C as ^C where the cursor was.
    expect(term.plain()).toMatch(/cancelled$/m);
    expect(term.plain()).not.toMatch(/kept in session/);
  });
});
