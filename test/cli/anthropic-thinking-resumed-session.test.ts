/**
 * A CLI session on Kimi Code's Anthropic surface (`api: "anthropic-messages"`) resumed by another
 * process: the tool-call turn's thinking goes back with the signature its answer came with, kept
 * in the session file (the simulator, as Anthropic, refuses a replayed thinking block whose
 * signature does not match); reasoning without a signature (a Moonshot turn before a model
 * switch) goes back without a thinking block; and Moonshot's requests never carry the signature.
 * The built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { tempDir } from "../helpers/tmp.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";
import { simThinkingSignature } from "../simulator/anthropic.js";

type Json = Record<string, unknown>;

const setup = simEnvPerTest();

/** The environment with its `kimi-code` provider on the Anthropic surface (base URL without /v1). */
async function anthropicSetup(): Promise<SimEnv> {
  const env = await setup();
  const file = path.join(env.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as {
    models: { providers: Record<string, Json> };
  };
  const kimiCode = config.models.providers["kimi-code"] as Json;
  kimiCode.api = "anthropic-messages";
  kimiCode.baseUrl = String(kimiCode.baseUrl).replace(/\/v1$/, "");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return env;
}

const REASONING = "List the folder before answering.";

/** One round of tool calls with `reasoning`, then the answer. */
function toolRound(sim: SimEnv["sim"], reasoning: string): void {
  sim.script([
    {
      respond: {
        reply: { reasoning, toolCalls: [{ name: "list_dir", arguments: { path: "." } }] },
      },
    },
    { respond: { reply: { text: "The folder is empty." } } },
  ]);
}

/** The messages of the last request sent to Kimi Code's Anthropic surface. */
function lastMessagesSent(sim: SimEnv["sim"]): { role: string; content: Json[] }[] {
  const sent = sim.requests.filter((request) => request.path === "/coding/v1/messages");
  const body = sent[sent.length - 1]?.body as { messages: { role: string; content: Json[] }[] };
  return body.messages;
}

/** The assistant turn of the messages that calls a tool. */
function toolTurn(messages: { role: string; content: Json[] }[]): Json[] | undefined {
  return messages.find(
    (message) =>
      message.role === "assistant" && message.content.some((block) => block.type === "tool_use"),
  )?.content;
}

describe("a session on api anthropic-messages resumed by another process", () => {
  it("sends the tool-call turn's thinking back with the signature kept in the session file", async () => {
    const { sim, cliEnv, stateDir } = await anthropicSetup();
    const cwd = tempDir();
    toolRound(sim, REASONING);
    const model = ["--model", "kimi-code/kimi-for-coding"];
    const first = await runCli(
      ["agent", "-m", "What is here?", "--tools", "--session-id", "sig", ...model],
      { env: cliEnv, cwd },
    );
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    sim.script([{ respond: { reply: { text: "Still empty." } } }]);
    const resumed = await runCli(["agent", "-m", "And now?", "--session-id", "sig"], {
      env: cliEnv,
      cwd,
    });
    expect(resumed.stderr).not.toMatch(/error/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Still empty.");
    expect(toolTurn(lastMessagesSent(sim))?.[0]).toEqual({
      type: "thinking",
      thinking: REASONING,
      signature: simThinkingSignature(REASONING),
    });
    // Where it came from: the session file keeps it with the turn.
    const kept = sessionEvents(sessionFile(stateDir, "sig"))
      .map((event) => event.message as Json | undefined)
      .find((message) => message?.role === "assistant" && message.tool_calls !== undefined);
    expect(kept).toMatchObject({
      reasoning_content: REASONING,
      reasoning_signature: simThinkingSignature(REASONING),
    });
  });

  it("does the same for chat resuming the session", async () => {
    const { sim, cliEnv } = await anthropicSetup();
    const cwd = tempDir();
    toolRound(sim, REASONING);
    const model = ["--model", "kimi-code/kimi-for-coding"];
    const first = await runCli(["chat", "--tools", "--session-id", "talk", ...model], {
      env: cliEnv,
      cwd,
      input: "What is here?\n",
    });
    expect(first.code).toBe(0);

    sim.script([{ respond: { reply: { text: "Still empty." } } }]);
    const resumed = await runCli(["chat", "--session-id", "talk"], {
      env: cliEnv,
      cwd,
      input: "And now?\n",
    });
    expect(resumed.stderr).not.toMatch(/error/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Still empty.");
    expect(toolTurn(lastMessagesSent(sim))?.[0]).toMatchObject({
      type: "thinking",
      signature: simThinkingSignature(REASONING),
    });
  });

  it("sends a Moonshot turn's reasoning, which has no signature, without a thinking block after a switch", async () => {
    const { sim, cliEnv } = await anthropicSetup();
    const cwd = tempDir();
    toolRound(sim, "Moonshot thinks the folder matters.");
    const first = await runCli(["agent", "-m", "What is here?", "--tools", "--session-id", "sw"], {
      env: cliEnv,
      cwd,
    });
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);

    sim.script([{ respond: { reply: { text: "Kimi Code answers." } } }]);
    const switched = await runCli(
      ["agent", "-m", "And now?", "--session-id", "sw", "--model", "kimi-code/kimi-for-coding"],
      { env: cliEnv, cwd },
    );
    expect(switched.stderr).not.toMatch(/error/);
    expect(switched.code).toBe(0);
    expect(switched.stdout).toContain("Kimi Code answers.");
    const turn = toolTurn(lastMessagesSent(sim));
    expect(turn?.map((block) => block.type)).toEqual(["tool_use"]);
  });

  it("sends Moonshot no signature field when the session goes back to it (guard)", async () => {
    const { sim, cliEnv } = await anthropicSetup();
    const cwd = tempDir();
    toolRound(sim, REASONING);
    const first = await runCli(
      [
        "agent",
        "-m",
        "What is here?",
        "--tools",
        "--session-id",
        "back",
        "--model",
        "kimi-code/kimi-for-coding",
      ],
      { env: cliEnv, cwd },
    );
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);

    const back = await runCli(
      ["agent", "-m", "And now?", "--session-id", "back", "--model", "moonshot/kimi-k2.5"],
      { env: cliEnv, cwd },
    );
    expect(back.code).toBe(0);
    const chats = sim.chatRequests();
    const body = chats[chats.length - 1]?.body as { messages: Json[] };
    const toolCallTurn = body.messages.find((message) => message.tool_calls !== undefined);
    expect(toolCallTurn).toMatchObject({ reasoning_content: REASONING });
    for (const message of body.messages) expect(message).not.toHaveProperty("reasoning_signature");
  });
});
