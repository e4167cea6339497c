/**
 * `openclaw chat` given a "/" with no command name after it: no made-up did-you-mean (the
 * closest name to nothing is any of them), just what is missing and the commands there are.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("openclaw chat: a bare /", () => {
  it("says the command name is missing and lists the commands, suggesting none", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat"], { env: cliEnv, input: "/\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: a command name is missing after /\n");
    expect(result.stderr).toContain(
      "hint: the commands are /model, /think, /search, /new, /usage, /help, /exit\n",
    );
    expect(result.stderr).not.toMatch(/did you mean/);
    expect(sim.chatRequests()).toHaveLength(0);
  });
});
