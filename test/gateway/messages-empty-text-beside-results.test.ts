/**
 * /v1/messages: a user turn of tool results that Claude Code ends with an empty text block
 * (`{"type": "text", "text": "", "cache_control": …}`, which it sends at times and then sends
 * again every turn) goes upstream as the tool results alone, not as a user message of "" after
 * them, which Kimi Code refuses ("text content is empty"); so does one of whitespace alone ("\n"),
 * which Anthropic refuses and the model read as a blank turn.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({});
});
afterAll(async () => {
  await env?.close();
});

/** A Claude Code turn: a Bash call, and its result with an empty text block after it. */
function conversation(model: string, emptyBlocks: Obj[]): Obj {
  return {
    model,
    max_tokens: 32000,
    system: [
      { type: "text", text: "You are a coding agent.", cache_control: { type: "ephemeral" } },
    ],
    messages: [
      { role: "user", content: "list the files" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "toolu_01Bash", name: "Bash", input: { command: "ls" } }],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01Bash", content: "a.txt b.txt" },
          ...emptyBlocks,
        ],
      },
    ],
    tools: [
      {
        name: "Bash",
        description: "Runs a command",
        input_schema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { command: { type: "string" } },
          required: ["command"],
          additionalProperties: false,
        },
      },
    ],
  };
}

async function post(body: Obj): Promise<{ status: number; text: string }> {
  const response = await fetch(`${env.gateway.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14",
      "user-agent": "claude-cli/2.1.197 (external, cli)",
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

function lastUpstreamRoles(): unknown[] {
  const body = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] };
  return body.messages.map((message) => message.role);
}

describe("an empty text block beside tool results", () => {
  it("is left out for Kimi Code, which refused the empty user message it made", async () => {
    const empty = { type: "text", text: "", cache_control: { type: "ephemeral" } };
    const { status, text } = await post(conversation("kimi-code/kimi-for-coding", [empty]));
    expect(status, text).toBe(200);
    expect(JSON.parse(text).content.at(-1)).toMatchObject({ type: "text" });
    expect(lastUpstreamRoles()).toEqual(["system", "user", "assistant", "tool"]);
  });

  it("is left out for Moonshot too, several of them, so the model reads no empty turn", async () => {
    const empty = { type: "text", text: "" };
    const { status, text } = await post(conversation("moonshot/kimi-k2.5", [empty, empty]));
    expect(status, text).toBe(200);
    expect(lastUpstreamRoles()).toEqual(["system", "user", "assistant", "tool"]);
  });

  it("is left out when it holds whitespace alone, so the model reads no blank turn", async () => {
    const newline = { type: "text", text: "\n", cache_control: { type: "ephemeral" } };
    const { status, text } = await post(conversation("moonshot/kimi-k2.5", [newline]));
    expect(status, text).toBe(200);
    expect(lastUpstreamRoles()).toEqual(["system", "user", "assistant", "tool"]);
  });

  it("is left out beside an empty one on Kimi Code too", async () => {
    const blocks = [
      { type: "text", text: "" },
      { type: "text", text: " " },
    ];
    const { status, text } = await post(conversation("kimi-code/kimi-for-coding", blocks));
    expect(status, text).toBe(200);
    expect(lastUpstreamRoles()).toEqual(["system", "user", "assistant", "tool"]);
  });

  it("keeps the turn's text that has words, after the results", async () => {
    const words = { type: "text", text: "now count them" };
    const { status } = await post(
      conversation("kimi-code/kimi-for-coding", [{ type: "text", text: "" }, words]),
    );
    expect(status).toBe(200);
    const body = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] };
    expect(body.messages.at(-1)).toEqual({ role: "user", content: "now count them" });
  });
});
