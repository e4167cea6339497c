/**
 * `openclaw chat` when turns fail or are cancelled: the exit code of a piped chat, the partial
 * answer kept for the next turn, and a session another run holds. Built CLI against the simulator.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

type Sent = { role: string; content: unknown }[];

describe("openclaw chat: failed and cancelled turns", () => {
  it("piped input exits 1 when a turn failed, and says how many", async () => {
    env = await startSimEnv();
    env.sim.script([{ respond: { error: "invalidAuthentication" }, times: Infinity }]);
    const result = await runCli(["chat"], { env: env.cliEnv, input: "hello\nagain\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: /);
    expect(result.stderr).toMatch(/2 of the turns failed/);
  });

  it("a key refused on one turn is then called wrong, with where it is and how to replace it", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], {
      env: {
        ...env.cliEnv,
        MOONSHOT_API_KEY: "sk-test-moonshot-ai-9999",
        // The simulator stands for Moonshot's international endpoint, as onboarding's tests do.
        OPENCLAW_MOONSHOT_AI_BASE_URL: env.sim.moonshotBaseUrl,
      },
      input: "hello\nagain\n",
    });
    expect(result.code).toBe(1);
    // The second turn is not sent: the key is wrong, not resting, and the words say so.
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(result.stderr).toContain(
      "error: moonshot/kimi-k2.5 not tried: provider moonshot refused its API key from $MOONSHOT_API_KEY on an earlier request: the key is wrong or was revoked\n",
    );
    expect(result.stderr).toContain(
      "hint: put the right key in $MOONSHOT_API_KEY (read when openclaw starts), or store one with: openclaw onboard --auth-choice moonshot-api-key, which the next message uses at once\n",
    );
    expect(result.stderr).not.toMatch(/benched|cooling/);
  });

  it("piped input that all went well still exits 0", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], { env: env.cliEnv, input: "hello\n" });
    expect(result.code).toBe(0);
    // It went well: the answer on stdout, the line asked once, no error.
    expect(result.stdout).toBe("Echo: hello\n");
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^error:/m);
  });

  it("Ctrl-C keeps what was shown: the next turn sends the partial answer as the assistant's", async () => {
    env = await startSimEnv();
    const { sim, cliEnv } = env;
    sim.script([
      {
        respond: {
          chunkDelayMs: 200,
          reply: { text: "once upon a time there was a very long story" },
          stream: { chunkChars: 5 },
        },
      },
      { respond: { reply: { text: "ok." } } },
    ]);
    const chat = startTerminal(["chat"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("tell a story\r");
      at = await chat.waitFor(/upon/, at);
      chat.write(CTRL_C);
      at = await chat.waitFor(/\[cancelled\]/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("go on\r");
      at = await chat.waitFor(/ok\./, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    const second = (sim.chatRequests()[1]?.body as { messages: Sent } | undefined)?.messages ?? [];
    expect(second.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(String(second[1]?.content)).toMatch(/^once upon/);
  });
});
