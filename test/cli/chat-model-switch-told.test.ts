/**
 * Moving a conversation to another model in `openclaw chat` says which model it was on and that
 * the conversation so far goes to the new one: by `/model` mid-conversation, and by `--model` on
 * a resumed session (in the banner). The built CLI (`npm run build` first), against the simulator.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

// Before, a /model between turns said only "model: kimi-code/kimi-for-coding (set by /model, …)",
// the same as in an empty chat: nothing said the conversation was on moonshot/kimi-k2.5 until
// then, nor that its messages now go to Kimi Code; and a resumed session given another --model
// showed only "(from --model)", not the model it was moved off.
describe("chat: a conversation moved to another model is told so", () => {
  it("/model between turns names the model it was on and the messages that go along", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], {
      env: env.cliEnv,
      input: "hi\n/model Kimi Code\n/model Kimi Code\nthere\n",
    });
    expect(result.code).toBe(0);
    const told = result.stdout.split("\n").filter((line) => line.startsWith("was "));
    // Once: the second /model changes nothing.
    expect(told).toEqual([
      "was moonshot/kimi-k2.5: the conversation so far (2 messages) goes to kimi-code/kimi-for-coding with your next message",
    ]);
  });

  it("/model in a chat with no messages yet says nothing of a conversation", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], { env: env.cliEnv, input: "/model Kimi Code\n" });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("conversation so far");
  });

  it("--model on a resumed session says in the banner which model the session was on", async () => {
    env = await startSimEnv();
    const first = await runCli(
      ["agent", "--session-id", "moved", "--model", "Kimi Code", "-m", "hi"],
      {
        env: env.cliEnv,
      },
    );
    expect(first.code).toBe(0);
    const chat = startTerminal(["chat", "--session-id", "moved", "--model", "moonshot/kimi-k2.5"], {
      env: env.cliEnv,
      cols: 200,
    });
    try {
      await chat.waitFor(/you › /);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    expect(chat.plain()).toContain(
      "model moonshot/kimi-k2.5 (from --model; the session was on kimi-code/kimi-for-coding)",
    );
  });

  it("--model naming the model the session is on already adds nothing to the banner", async () => {
    env = await startSimEnv();
    const first = await runCli(
      ["agent", "--session-id", "same", "--model", "Kimi Code", "-m", "hi"],
      {
        env: env.cliEnv,
      },
    );
    expect(first.code).toBe(0);
    const chat = startTerminal(["chat", "--session-id", "same", "--model", "Kimi Code"], {
      env: env.cliEnv,
      cols: 200,
    });
    try {
      await chat.waitFor(/you › /);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    expect(chat.plain()).toContain("model kimi-code/kimi-for-coding (from --model)");
    expect(chat.plain()).not.toContain("the session was on");
  });
});

// Before, /model took a model whose provider has no key: the chat said it was on it (and a chat
// that held a conversation kept it in the session at once), and every message after it failed
// with "no API key found", where at the start the same chain was refused before the prompt.
describe("chat: /model to a model without a key is refused, the chat staying where it was", () => {
  it("on a terminal: the error says what to set, and the chat stays on its model", async () => {
    env = await startSimEnv();
    const { MOONSHOT_API_KEY: _left, ...keyless } = env.cliEnv;
    const chat = startTerminal(["chat", "--model", "Kimi Code"], { env: keyless, cols: 200 });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("/model moonshot/kimi-k2.5\r");
      at = await chat.waitFor(/you › /, at);
      chat.write("/model\r");
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    const shown = chat.plain();
    expect(shown).toContain('error: no API key found for provider "moonshot"');
    expect(shown).toContain("$MOONSHOT_API_KEY");
    expect(shown).toContain("model: kimi-code/kimi-for-coding (from --model)");
    expect(shown).not.toContain("model: moonshot/kimi-k2.5");
  });

  it("piped in: the run stops there, no line is sent, and the session keeps its model", async () => {
    env = await startSimEnv();
    const { MOONSHOT_API_KEY: _left, ...keyless } = env.cliEnv;
    const result = await runCli(["chat", "--session-id", "kept", "--model", "Kimi Code"], {
      env: keyless,
      input: "hi\n/model moonshot/kimi-k2.5\nthere\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: no API key found for provider "moonshot"');
    expect(result.stderr).toContain('stopped at "/model moonshot/kimi-k2.5"');
    expect(env.sim.chatRequests()).toHaveLength(1);
    const resumed = await runCli(["agent", "--session-id", "kept", "-m", "again", "--json"], {
      env: keyless,
    });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ requestedModelFrom: "session" });
    expect(resumed.stderr).not.toContain("no API key");
  });
});
