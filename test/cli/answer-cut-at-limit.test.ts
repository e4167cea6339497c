/**
 * An answer the simulator cuts at the request's max_tokens (as the real API does, the reasoning
 * counted first): `agent` and `chat` say once, after the answer, which model reached which limit,
 * where that limit is set (the config's dotted path, file and line) and how to raise it; a limit
 * spent on thinking says the answer is empty for that reason; `--json` has the finish reason. A
 * tool-call turn cut in its arguments runs no tool and fails clearly. The built CLI (`npm run
 * build` first) against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** The line of `text` (1-based) that holds `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

/** Sets kimi-k2.5's maxTokens (models.providers.moonshot.models[0]) in the env's config. */
function setModelMaxTokens(env: SimEnv, maxTokens: number): { file: string; line: number } {
  const file = path.join(env.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.models.providers.moonshot.models[0].maxTokens = maxTokens;
  const text = JSON.stringify(config, null, 2);
  writeFileSync(file, text);
  return { file, line: lineOf(text, `"maxTokens": ${maxTokens}`) };
}

/** Sets kimi-k2.5's context window (models.providers.moonshot.models[0]) in the env's config. */
function setContextWindow(env: SimEnv, contextWindow: number): void {
  const file = path.join(env.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.models.providers.moonshot.models[0].contextWindow = contextWindow;
  writeFileSync(file, JSON.stringify(config, null, 2));
}

function sentMaxTokens(env: SimEnv): unknown {
  return (env.sim.chatRequests().at(-1)?.body as { max_tokens?: unknown } | undefined)?.max_tokens;
}

describe("an answer cut at the output limit", () => {
  it("says which model reached which limit, set where, once after the cut answer", async () => {
    const env = await setup();
    const at = setModelMaxTokens(env, 10);
    const question = "tell me a long story about foxes and their dens in the winter snow";
    const result = await runCli(["agent", "-m", question, "--thinking", "off"], {
      env: env.cliEnv,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(sentMaxTokens(env)).toBe(10);
    // The simulator's echo cut at 10 tokens (40 characters): what came is printed as it came.
    expect(result.stdout.trim()).toBe(`Echo: ${question}`.slice(0, 40).trim());
    const notes = result.stderr.split("\n").filter((line) => line.startsWith("note:"));
    expect(notes).toHaveLength(1);
    const stderr = result.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain(
      `note: the answer was cut off: moonshot/kimi-k2.5 reached its output limit (max_tokens 10, set by models.providers.moonshot.models[0].maxTokens at ${at.file}:${at.line}); what came is incomplete`,
    );
    expect(stderr).toContain(
      "hint: raise the limit to 20 with: openclaw config set 'models.providers.moonshot.models[0].maxTokens' 20; or ask for a shorter answer",
    );
  });

  it("a limit spent on thinking: the answer is empty, and the note says why", async () => {
    const env = await setup();
    const at = setModelMaxTokens(env, 8);
    const result = await runCli(["agent", "-m", "hi"], { env: env.cliEnv });
    expect(result.code, result.stderr).toBe(0);
    const stderr = result.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain(
      `note: the answer is empty: moonshot/kimi-k2.5 reached its output limit (max_tokens 8, set by models.providers.moonshot.models[0].maxTokens at ${at.file}:${at.line}) while thinking (the reasoning counts against it too), before it wrote any answer`,
    );
    expect(stderr).toContain(
      "hint: raise the limit to 16 with: openclaw config set 'models.providers.moonshot.models[0].maxTokens' 16; or ask with thinking off (--thinking off) where the model allows it",
    );
    // Not the "answered with no text" note of an answer that ended on its own.
    expect(stderr).not.toContain("answered with no text");
  });

  it("--json has the finish reason and the note; chat says it with its own toggle", async () => {
    const env = await setup();
    setModelMaxTokens(env, 8);
    const json = await runCli(["agent", "--json", "-m", "hi"], { env: env.cliEnv });
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ ok: true, finishReason: "length", text: "" });
    expect(out.usage.completionTokens).toBe(8);
    expect(out.notice).toMatch(
      /^the answer is empty: moonshot\/kimi-k2\.5 reached its output limit/,
    );

    const chat = await runCli(["chat"], { env: env.cliEnv, input: "hi\n" });
    expect(chat.code, chat.stderr).toBe(0);
    const stderr = chat.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain("note: the answer is empty: moonshot/kimi-k2.5 reached its output");
    expect(stderr).toContain("or ask with thinking off (/think off) where the model allows it");
  });

  it("a tool call cut in its arguments is not run: the run fails saying so", async () => {
    const env = await setup();
    setModelMaxTokens(env, 8);
    // Thinking off: the 8 tokens go to the call, whose arguments stop part-way.
    env.sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "read_file", arguments: { path: "package.json" } }] },
        },
      },
    ]);
    const result = await runCli(
      ["agent", "-m", "what is in package.json?", "--tools", "--thinking", "off", "--json"],
      { env: env.cliEnv, cwd: env.stateDir },
    );
    expect(result.code, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.ok).toBe(false);
    expect(out.finishReason).toBe("length");
    expect(out.toolRuns).toEqual([]);
    expect(out.error.code).toBe("tool_calls_cut");
    expect(out.error.message).toBe(
      `moonshot/kimi-k2.5 reached its output limit (max_tokens 8, set by models.providers.moonshot.models[0].maxTokens at ${path.join(env.stateDir, "openclaw.json")}:${lineOf(readFileSync(path.join(env.stateDir, "openclaw.json"), "utf8"), '"maxTokens": 8')}) while it wrote its tool calls (read_file): the last one's arguments are cut off, so no tool ran and there is no answer`,
    );
    expect(out.error.hint).toMatch(
      /^raise the limit to 16 with: openclaw config set .*, then -m "go on" --session-id \S+ continues the session; or ask for less at a time$/,
    );
    // The session goes on as it is: the call has its result, so the next request is taken.
    const next = await runCli(
      ["agent", "-m", "go on", "--session-id", out.sessionId, "--thinking", "off"],
      { env: env.cliEnv, cwd: env.stateDir },
    );
    expect(next.code, next.stderr).toBe(0);
    const sent = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content?: unknown }[];
    };
    expect(sent.messages.find((m) => m.role === "tool")?.content).toBe(
      "error: not run: your answer was cut off at the output limit (max_tokens) while you wrote the tool calls, so none of them ran",
    );
  });

  it("chat: a cut tool-call turn runs nothing, fails that turn, and the chat goes on", async () => {
    const env = await setup();
    setModelMaxTokens(env, 8);
    env.sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "read_file", arguments: { path: "package.json" } }] },
        },
      },
    ]);
    const result = await runCli(["chat", "--tools", "--thinking", "off"], {
      env: env.cliEnv,
      cwd: env.stateDir,
      input: "what is in package.json?\nthanks\n",
    });
    const stderr = result.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain(
      "error: moonshot/kimi-k2.5 reached its output limit (max_tokens 8, set by models.providers.moonshot.models[0].maxTokens at",
    );
    expect(stderr).toContain(
      "while it wrote its tool calls (read_file): the last one's arguments are cut off, so no tool ran and there is no answer",
    );
    expect(stderr).toContain('then say "go on" to continue; or ask for less at a time');
    expect(stderr).not.toMatch(/^note: /m);
    // The next message is answered: the cut call has its result in the conversation.
    expect(result.stdout).toContain("Echo: thanks");
    expect(result.code).toBe(1);
  });

  // A long conversation in a small window: the runtime sends less than the configured 8,192 so
  // that input plus cap fit, and the simulator cuts the echo there. Before, the note named the
  // 8,192 never sent and advised raising it, which the runtime would lower the same way.
  const LONG_QUESTION = "foxes and their dens ".repeat(300);

  it("a cap lowered to fit the window: the note names the cap sent, why, and what gives room", async () => {
    const env = await setup();
    setContextWindow(env, 3000);
    const result = await runCli(["agent", "-m", LONG_QUESTION, "--thinking", "off", "--json"], {
      env: env.cliEnv,
    });
    expect(result.code, result.stderr).toBe(0);
    const sent = sentMaxTokens(env);
    expect(typeof sent).toBe("number");
    expect(sent as number).toBeLessThan(8192);
    const out = JSON.parse(result.stdout);
    expect(out.finishReason).toBe("length");
    expect(out.usage.completionTokens).toBe(sent);
    const noticed =
      /^the answer was cut off: moonshot\/kimi-k2\.5 reached its output limit \(max_tokens (\d+), lowered from 8192 so that the conversation, about ([\d,]+) tokens, and the answer fit its context window of 3,000\); what came is incomplete$/.exec(
        out.notice,
      );
    expect(noticed, out.notice).not.toBeNull();
    expect(Number(noticed?.[1])).toBe(sent);
    const input = Number(noticed?.[2]?.replaceAll(",", ""));
    expect(input + (sent as number)).toBeLessThanOrEqual(3000);
    expect(input).toBeGreaterThan(1000);

    const plain = await runCli(["agent", "-m", LONG_QUESTION, "--thinking", "off"], {
      env: env.cliEnv,
    });
    expect(plain.code, plain.stderr).toBe(0);
    const stderr = plain.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain(
      "hint: a new session (no --session-id) or a shorter conversation leaves the answer more room, as does a model with a larger context window (--model); a higher maxTokens would be lowered the same way; or ask for a shorter answer",
    );
    expect(stderr).not.toContain("raise the limit");
  });

  it("chat: a cap lowered to fit the window points to /new and /model", async () => {
    const env = await setup();
    setContextWindow(env, 3000);
    const result = await runCli(["chat", "--thinking", "off"], {
      env: env.cliEnv,
      input: `${LONG_QUESTION}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    const sent = sentMaxTokens(env) as number;
    const stderr = result.stderr.replace(/\n {2,}/g, " ");
    expect(stderr).toContain(
      `note: the answer was cut off: moonshot/kimi-k2.5 reached its output limit (max_tokens ${sent}, lowered from 8192 so that the conversation, about `,
    );
    expect(stderr).toContain(
      "hint: /new starts a conversation that leaves the answer more room, as does /model with a larger context window (a higher maxTokens would be lowered the same way); or ask for a shorter answer",
    );
  });

  it("--web-search: a search call cut at the limit runs no search and fails as a cut tool call", async () => {
    const env = await setup();
    setModelMaxTokens(env, 10);
    const result = await runCli(
      [
        "agent",
        "-m",
        "what launched today?",
        "--web-search",
        "--model",
        "moonshot/kimi-k2.5",
        "--json",
      ],
      { env: env.cliEnv },
    );
    expect(result.code, result.stderr).toBe(1);
    // Only the request the cut call came in: the cut arguments were not sent back to search.
    expect(env.sim.chatRequests()).toHaveLength(1);
    const out = JSON.parse(result.stdout);
    expect(out.finishReason).toBe("length");
    expect(out.error.code).toBe("tool_calls_cut");
    expect(out.error.message).toMatch(
      /^moonshot\/kimi-k2\.5 reached its output limit \(max_tokens 10, set by .*\) while it wrote its tool calls \(web search\): the last one's arguments are cut off, so no tool ran and there is no answer$/,
    );
    expect(out.error.hint).toMatch(/^raise the limit to 20 with: openclaw config set /);
  });

  it("a tool-call turn cut at a cap lowered to fit the window: the error says so, not raise it", async () => {
    const env = await setup();
    setContextWindow(env, 3000);
    env.sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "read_file", arguments: { path: "x".repeat(8000) } }] },
        },
      },
    ]);
    const result = await runCli(
      ["agent", "-m", LONG_QUESTION, "--tools", "--thinking", "off", "--json"],
      { env: env.cliEnv, cwd: env.stateDir },
    );
    expect(result.code, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.error.code).toBe("tool_calls_cut");
    const sent = sentMaxTokens(env) as number;
    expect(out.error.message).toContain(
      `reached its output limit (max_tokens ${sent}, lowered from 8192 so that the conversation, about `,
    );
    expect(out.error.hint).toBe(
      "a new session (no --session-id) or a shorter conversation leaves the answer more room, as does a model with a larger context window (--model); a higher maxTokens would be lowered the same way; or ask for less at a time (one tool call at a time)",
    );
  });
});
