/**
 * `openclaw chat -m "hi"`, written as `agent` takes a message: commander said "unknown option
 * '-m'", which left a first-time user guessing whether chat takes a message at all. It now says
 * how chat takes its messages and gives the `agent -m` command for a single one. Exit 2, nothing
 * sent, no prompt. The built CLI (`npm run build` first) against the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("chat given -m", () => {
  it("says chat reads its messages at the prompt and names agent -m with the text, quoted to paste as written (exit 2)", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat", "-m", "hi $HOME"], { env: cliEnv, input: "hello\n" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: chat takes no -m: it reads each message at its prompt, or one per line piped in\n" +
        "hint: for one message and its answer: openclaw agent -m 'hi $HOME'; or run openclaw chat and type it at the prompt\n",
    );
    expect(result.stdout).toBe("");
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("says the same for --message, and for -m without a value", async () => {
    const { cliEnv } = await setup();
    for (const args of [
      ["chat", "--message", "hi"],
      ["chat", "-m"],
    ]) {
      const result = await runCli(args, { env: cliEnv });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^error: chat takes no -m: /);
    }
  });

  it("is not listed by chat --help", async () => {
    const result = await runCli(["chat", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/--message/);
  });
});
