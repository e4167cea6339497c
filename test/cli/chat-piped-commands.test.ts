/**
 * Piped into `chat`, a slash command is part of the script: one that fails fails the run (exit
 * 1), and a `/model` that fails stops it, so that no later line goes to another model than the
 * one meant. On a terminal a failed command stays an error line. The built CLI (`npm run build`
 * first) against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("a slash command that works in a piped chat", () => {
  it("prints what it asked for on stdout, in its place among the answers", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "hi\n/model\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Echo: hi\n+model: moonshot\/kimi-k2\.5/);
  });
});

describe("a slash command that fails in a piped chat", () => {
  it("a /model that fails stops the run with exit 1 before the next line is sent", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "/model nope/x\nhi\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: unknown provider "nope" in "nope\/x"$/m);
    expect(result.stderr).toMatch(
      /^stopped at "\/model nope\/x", which failed, so that no line after it goes to moonshot\/kimi-k2\.5 instead$/m,
    );
    expect(result.stdout).not.toMatch(/Echo: hi/);
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("an unknown command, a bad /think or /search: the lines go on and the run exits 1", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat"], {
      env: cliEnv,
      input: "/bogus\n/think sometimes\n/search maybe\nhi\n",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Echo: hi/);
    expect(sim.chatRequests()).toHaveLength(1);
    expect(result.stderr).toMatch(/^3 commands failed \(see the errors above\)$/m);
  });

  it("on a terminal, a /model that fails is an error line and the chat goes on", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    let at = await chat.waitFor(/you › /);
    chat.write("/model nope/x\r");
    at = await chat.waitFor(/unknown provider "nope"/, at);
    at = await chat.waitFor(/you › /, at);
    chat.write("hi\r");
    at = await chat.waitFor(/Echo: hi/, at);
    at = await chat.waitFor(/you › /, at);
    chat.write("/exit\r");
    expect(await chat.exited).toBe(0);
  });
});
