/**
 * `agent -m -` with nothing (or only blank space) on stdin said "the message is empty" with the
 * hint "… or -m - to read stdin", which is what was done: the error now says the message read
 * from stdin was empty, and how to pipe one in. Exit 2, nothing sent. The built CLI (`npm run
 * build` first) against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent -m - with an empty stdin", () => {
  it("says stdin was empty, with how to pipe the message in", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["agent", "-m", "-"], { env: cliEnv, input: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: the message read from stdin (-m -) is empty\nhint: pipe the text in (openclaw agent -m - < question.txt), or pass it with -m "…"\n',
    );
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("says blank space is all there was, in --json too", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["agent", "-m", "-", "--json"], { env: cliEnv, input: " \n\n" });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: "usage", message: "the message read from stdin (-m -) is only blank space" },
    });
  });

  it("keeps saying -m - to one whose -m was empty", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["agent", "-m", " "], { env: cliEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hint: pass text with -m "…", or -m - to read stdin$/m);
  });
});
