/**
 * `openclaw chat` in a real pseudo-terminal (node-pty) against the simulator: a streamed answer,
 * `/model`, Ctrl-C cancelling an answer without leaving, and Ctrl-C twice at the prompt leaving.
 * Runs the built CLI (`npm run build` first).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { waitFor } from "../helpers/wait.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function startChat(cliEnv: Record<string, string>, args: string[] = []) {
  return startTerminal(["chat", ...args], { env: cliEnv });
}

describe("openclaw chat in a terminal", () => {
  it("streams, switches model, cancels an answer with Ctrl-C and stays, then leaves on Ctrl-C twice", async () => {
    env = await startSimEnv();
    const { sim, cliEnv } = env;
    sim.script([
      { when: { model: "kimi-k2.5" }, respond: { reply: { text: "General Kenobi." } } },
      {
        when: { model: "kimi-for-coding" },
        respond: {
          chunkDelayMs: 250,
          reply: { reasoning: "Hm.", text: "z".repeat(200) },
          stream: { chunkChars: 2 },
        },
      },
      {
        when: { model: "kimi-for-coding" },
        respond: { reply: { reasoning: "Yes.", text: "Still here." } },
      },
    ]);
    const chat = startChat(cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("hello there\r");
      at = await chat.waitFor(/General Kenobi\./, at);
      at = await chat.waitFor(/you › /, at);

      chat.write("/model kimi-code/kimi-for-coding\r");
      at = await chat.waitFor(/model: kimi-code\/kimi-for-coding/, at);
      at = await chat.waitFor(/you › /, at);

      chat.write("tell me a long story\r");
      at = await chat.waitFor(/zz/, at);
      chat.write("\u0003");
      at = await chat.waitFor(/\[cancelled\]/, at);
      at = await chat.waitFor(/you › /, at);
      // The cancelled request's socket is closed upstream.
      await waitFor(() => sim.openSockets() === 0, 3000);
      expect(sim.openSockets()).toBe(0);

      chat.write("are you still there?\r");
      at = await chat.waitFor(/Still here\./, at);
      at = await chat.waitFor(/you › /, at);
      const kimiRequests = sim.chatRequests().filter((r) => r.surface === "kimi-code");
      expect(kimiRequests).toHaveLength(2);

      chat.write("\u0003");
      at = await chat.waitFor(/press Ctrl-C again/, at);
      chat.write("\u0003");
      // Left by Ctrl-C: 130, as a shell reports an interrupted program.
      expect(await chat.exited).toBe(130);
      // The cancelled answer was not printed twice and the story never completed.
      expect(chat.plain()).not.toContain("z".repeat(200));
    } finally {
      chat.kill();
    }
  });

  it("answers /help, /think and /usage", async () => {
    env = await startSimEnv();
    env.sim.script([
      { respond: { reply: { text: "ok.", usage: { promptTokens: 1000, completionTokens: 10 } } } },
    ]);
    const chat = startChat(env.cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("/help\r");
      at = await chat.waitFor(/\/usage/, at);
      // Ctrl-C's put-back, said where Ctrl-C is (a prompt's width may break the line anywhere).
      at = await chat.waitFor(/before any of it came, your message\s+goes back on the prompt/, at);
      chat.write("/think high\r");
      at = await chat.waitFor(/thinking "high" not sent: moonshot\/kimi-k2\.5/, at);
      chat.write("/think off\r");
      at = await chat.waitFor(/thinking: off/, at);
      chat.write("hi\r");
      at = await chat.waitFor(/ok\./, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/usage\r");
      at = await chat.waitFor(/1 answer · 1,000 tokens in/, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("also works with piped input, one line per message", async () => {
    env = await startSimEnv();
    env.sim.script([
      { respond: { reply: { text: "first answer" } } },
      { respond: { reply: { text: "second answer" } } },
    ]);
    const result = await runCli(["chat", "--session-id", "piped"], {
      env: env.cliEnv,
      input: "one\n/model Kimi K2 Turbo\ntwo\n/usage\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("first answer");
    expect(result.stdout).toContain("model: moonshot/kimi-k2-turbo-preview");
    expect(result.stdout).toContain("second answer");
    expect(result.stdout).toMatch(/2 answers/);
    const models = env.sim.chatRequests().map((r) => (r.body as { model: string }).model);
    expect(models).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview"]);
    // The second request carries the first exchange: one conversation.
    const second = env.sim.chatRequests()[1]?.body as { messages: { role: string }[] };
    expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  });

  it("--help says that Ctrl-C before any answer puts the message back on the prompt", async () => {
    const result = await runCli(["chat", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "Ctrl-C cancels the answer being written (before any of it came, your message goes back on the prompt)",
    );
  });

  it("piped in, prints the answers only: no banner on either stream, the session in the footer", async () => {
    env = await startSimEnv();
    env.sim.script([{ respond: { reply: { text: "hello back" } } }]);
    const result = await runCli(["chat", "--session-id", "quiet"], {
      env: env.cliEnv,
      input: "hi\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("hello back\n");
    // The interactive banner and its "/help for commands" are for a person at a prompt.
    expect(result.stderr).not.toContain("openclaw chat ·");
    expect(result.stderr).not.toContain("/help for commands");
    // The session id, which the banner told, is in the answer's footer, as agent's is.
    expect(result.stderr).toMatch(/^moonshot\/kimi-k2\.5 · .* · session quiet$/m);
  });

  it("/model takes an alias in quotes, as the shell needs them for --model", async () => {
    env = await startSimEnv();
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "turbo here" } } },
    ]);
    const result = await runCli(["chat"], {
      env: env.cliEnv,
      // ASCII quotes, and the curly ones a Chinese input method types.
      input: '/model "Kimi K2 Thinking"\n/model \u201cKimi K2 Turbo\u201d\nhi\n',
    });
    expect(result.stderr).not.toContain("error:");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "model: moonshot/kimi-k2-thinking (set by /model, remembered by the session)\nmodel: moonshot/kimi-k2-turbo-preview (set by /model, remembered by the session)\nturbo here\n",
    );
  });

  it("an unknown /command is an error with the near one; an unknown --model exits 2", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], { env: env.cliEnv, input: "/modle kimi\n/foo\n" });
    // Piped in, a command that failed fails the run.
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown command /modle\n");
    // The hint names the commands there are, not only where to look them up.
    expect(result.stderr).toContain(
      "hint: did you mean /model? the commands are /model, /think, /search, /new, /usage, /help, /exit\n",
    );
    expect(result.stderr).toContain(
      "error: unknown command /foo\nhint: the commands are /model, /think, /search, /new, /usage, /help, /exit\n",
    );
    const unknown = await runCli(["chat", "--model", "nope"], { env: env.cliEnv });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown model or alias "nope"/m);
  });

  it("refuses a bad --thinking with exit 2 and an example of chat, not of another command", async () => {
    const result = await runCli(["chat", "--thinking", "bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--thinking must be one of off, on, low, medium, high, max (got "bogus")',
    );
    expect(result.stderr).toContain("hint: example: openclaw chat --thinking high");
  });

  it("turns web search on and off with /search", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], {
      env: env.cliEnv,
      input: "/search on\nwhat is new?\n/search\nthanks\n/search maybe\n",
    });
    // The last line is a command that failed: piped in, the run fails.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("web search: on (thinking is turned off for it)");
    expect(result.stdout).toContain("Echo: what is new? (searched the web)");
    expect(result.stdout).toContain("web search: off");
    expect(result.stdout).toContain("Echo: thanks\n");
    expect(result.stderr).toContain('error: web search is on or off (got "maybe")');
    const tools = env.sim.chatRequests().map((r) => (r.body as { tools?: unknown[] }).tools);
    // Searched (two requests), then a plain question with no tool offered.
    expect(tools.map((list) => list?.length ?? 0)).toEqual([1, 1, 0]);
  });
});
