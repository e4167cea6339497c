/**
 * `openclaw chat` with no key for its model: the error (what is missing, where to set it) comes
 * before the first prompt, not after the person typed a message. A chain whose fallback has a key
 * still starts. The built CLI (`npm run build` first) in a pseudo-terminal, against the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** The CLI's environment without the named key variables. */
function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

describe("chat without a key", () => {
  it("says which key is missing and how to set it before any prompt, and exits 1", async () => {
    const { cliEnv, sim } = await setup();
    const chat = startTerminal(["chat"], { env: without(cliEnv, "MOONSHOT_API_KEY") });
    try {
      await chat.waitFor(/error: no API key found for provider "moonshot"/);
      expect(await chat.exited).toBe(1);
      const screen = chat.plain();
      expect(screen).toMatch(/hint: set one of: .*\$MOONSHOT_API_KEY/);
      expect(screen).toMatch(/openclaw onboard/);
      expect(screen).not.toContain("you ›");
      expect(sim.chatRequests()).toHaveLength(0);
    } finally {
      chat.kill();
    }
  });

  it("piped in, fails before the first line the same way: no line is run", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["chat"], {
      env: without(cliEnv, "MOONSHOT_API_KEY"),
      input: "/help\nhello\n",
    });
    expect(result.code).toBe(1);
    // Not /help's list, then a turn failing for the key.
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/no API key found for provider "moonshot"/);
    expect(result.stderr).not.toMatch(/turns? failed/);
  });

  it("starts when a fallback of the chain has a key", async () => {
    const { cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    const chat = startTerminal(["chat"], { env: without(cliEnv, "MOONSHOT_API_KEY") });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("hello\r");
      at = await chat.waitFor(/kimi-code\/kimi-for-coding/, at);
      await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
