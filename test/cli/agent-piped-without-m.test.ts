/**
 * `echo … | openclaw agent`, the message piped in without -m: the error said only that -m was
 * not specified, with a pointer to --help; its hint now says -m - reads the message from stdin,
 * and the command it shows answers. Exit 2 and nothing sent before. The built CLI against the
 * simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent with the message piped in and no -m", () => {
  it("says -m - reads it from stdin; with it, the piped message is answered", async () => {
    const { sim, cliEnv } = await setup();
    const input = "What is in a name?\n";
    const refused = await runCli(["agent"], { env: cliEnv, input });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: required option '-m, --message <text>' not specified\nhint: give the message with -m "…", or with -m - to read it from stdin (echo "Hello" | openclaw agent -m -); openclaw agent --help lists the options\n`,
    );
    expect(sim.chatRequests()).toHaveLength(0);

    const answered = await runCli(["agent", "-m", "-"], { env: cliEnv, input });
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain("What is in a name?");
  });
});
