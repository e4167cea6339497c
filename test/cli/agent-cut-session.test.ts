/**
 * `openclaw agent` whose answer is cut off mid-stream (the connection broke) without
 * --session-id: what arrived is kept in a session whose id was made up for the run, and the hint
 * names it with the command that continues it, as a stopped run's end does. Built CLI against the
 * simulator.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("openclaw agent: an answer cut off mid-stream", () => {
  it("the hint names the session keeping what arrived, and the command it gives continues it", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    sim.script([{ respond: { cutAfterChunks: 8 } }, { respond: { reply: { text: "the rest." } } }]);
    const cut = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(cut.code).toBe(1);
    const told =
      /^hint: ask again; what was received so far is shown above and kept in session (\S+): openclaw agent -m "go on" --session-id (\S+) continues it$/m.exec(
        cut.stderr,
      );
    expect(told).not.toBeNull();
    const id = told?.[1] ?? "";
    expect(told?.[2]).toBe(id);
    const file = sessionFile(stateDir, id);
    expect(existsSync(file)).toBe(true);
    expect(sessionEvents(file).some((event) => event.interrupted === true)).toBe(true);

    const next = await runCli(["agent", "-m", "go on", "--session-id", id], { env: cliEnv });
    expect(next.code).toBe(0);
    const sent = (sim.chatRequests()[1]?.body as { messages?: { role: string }[] } | undefined)
      ?.messages;
    expect(sent?.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
  });
});
