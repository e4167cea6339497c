/**
 * /v1/messages as Claude Code uses it: the request shapes it sends (system and message blocks with
 * `cache_control`, `metadata.user_id`, a `max_tokens` above the model's limit, tool schemas with
 * `$schema`, `stream: true`, `?beta=true` and its headers), the Anthropic model names it asks for
 * on its own, and the event grammar of every streamed answer checked against Anthropic's documented
 * sequence. Raw HTTP where the wire matters, the official SDK where its parse does.
 * (Claude Code itself is not run here: these are the shapes it is documented and seen to send.)
 */
import { readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimReply } from "../simulator/types.js";
import { expectAnthropicGrammar, sseEvents } from "./anthropic-grammar.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;
let client: Anthropic;
const logged: string[] = [];

beforeAll(async () => {
  env = await startGatewayEnv({
    start: {
      log: (line) => logged.push(line),
      onRequestFinished: (row) => logged.push(JSON.stringify(row)),
    },
  });
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

/** What Claude Code sends with every request. */
const CLAUDE_CODE_HEADERS = {
  "x-api-key": GATEWAY_TOKEN,
  "content-type": "application/json",
  "anthropic-version": "2023-06-01",
  "anthropic-beta":
    "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
};

async function postMessages(body: Obj): Promise<{ status: number; text: string }> {
  const response = await fetch(`${env.gateway.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: CLAUDE_CODE_HEADERS,
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe("the event grammar of streamed answers", () => {
  const tools: Anthropic.Tool[] = [
    { name: "get_time", input_schema: { type: "object", properties: { tz: { type: "string" } } } },
    { name: "list_files", input_schema: { type: "object", properties: {} } },
  ];

  it.each<[string, SimReply, string[]]>([
    ["text", { reasoning: "", text: "Plain words here" }, ["text"]],
    [
      "thinking then text",
      { reasoning: "Think first.", text: "Then answer." },
      ["thinking", "text"],
    ],
    [
      "thinking, text and two tool calls",
      {
        reasoning: "Two tools.",
        text: "Calling them.",
        toolCalls: [
          { name: "get_time", arguments: { tz: "UTC" } },
          { name: "list_files", arguments: "" },
        ],
      },
      ["thinking", "text", "tool_use", "tool_use"],
    ],
    ["an empty answer", { reasoning: "", text: "" }, []],
    [
      "thinking cut by max_tokens before any text",
      { reasoning: "On and on.", text: "", finishReason: "length" },
      ["thinking"],
    ],
  ])("%s", async (_name, reply, expected) => {
    env.sim.script([
      {
        when: { model: "kimi-k2-thinking" },
        respond: { reply: { ...reply }, stream: { chunkChars: 3 } },
      },
    ]);
    const { status, text } = await postMessages({
      model: "moonshot/kimi-k2-thinking",
      max_tokens: 1024,
      stream: true,
      tools,
      messages: [{ role: "user", content: "go" }],
    });
    expect(status).toBe(200);
    expect(expectAnthropicGrammar(sseEvents(text))).toEqual(expected);
  });

  it("gives the SDK a valid message for an empty answer and {} for a tool call without arguments", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "" } } },
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: {
            toolCalls: [
              { name: "list_files", arguments: "" },
              { name: "list_files", arguments: "{}" },
            ],
          },
        },
      },
    ]);
    const empty = await client.messages
      .stream({
        model: "moonshot/kimi-k2-turbo-preview",
        max_tokens: 64,
        messages: [{ role: "user", content: "say nothing" }],
      })
      .finalMessage();
    expect(empty.content).toEqual([]);
    expect(empty.stop_reason).toBe("end_turn");
    const calls = await client.messages
      .stream({
        model: "moonshot/kimi-k2-turbo-preview",
        max_tokens: 64,
        tools,
        messages: [{ role: "user", content: "list them" }],
      })
      .finalMessage();
    expect(calls.stop_reason).toBe("tool_use");
    expect(calls.content.map((block) => block.type === "tool_use" && block.input)).toEqual([
      {},
      {},
    ]);
  });
});

describe("what Claude Code sends", () => {
  it("takes its request shape whole: cache_control everywhere, ?beta=true, its headers, max_tokens 32000", async () => {
    const before = env.sim.chatRequests().length;
    const { status, text } = await postMessages({
      model: "openclaw",
      max_tokens: 32_000,
      stream: true,
      temperature: 1,
      metadata: { user_id: "user_1a2b_account__session_3c4d" },
      system: [
        { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Be concise.", cache_control: { type: "ephemeral", ttl: "1h" } },
      ],
      tools: [
        {
          name: "Bash",
          description: "Runs a command",
          input_schema: {
            $schema: "http://json-schema.org/draft-07/schema#",
            type: "object",
            additionalProperties: false,
            properties: {
              command: { type: "string" },
              // zod's z.any() and a nested object without `required`: Moonshot refuses both as sent.
              env: { description: "anything" },
              options: { type: "object", properties: { cwd: { type: "string" } } },
            },
            required: ["command"],
          },
          cache_control: { type: "ephemeral" },
        },
      ],
      messages: [
        {
          role: "user",
          content: [{ type: "text", text: "run ls", cache_control: { type: "ephemeral" } }],
        },
        {
          role: "assistant",
          content: [
            // A turn Anthropic answered before the session moved here: its signature is not ours.
            { type: "thinking", thinking: "The user wants ls.", signature: "EqQBCkYIBxgCKkDx" },
            { type: "text", text: "Running it." },
            { type: "tool_use", id: "toolu_01ABC", name: "Bash", input: { command: "ls" } },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_01ABC",
              is_error: true,
              content: [
                { type: "text", text: "ls: permission denied" },
                { type: "text", text: "exit 2" },
              ],
              cache_control: { type: "ephemeral" },
            },
          ],
        },
      ],
    });
    expect(status).toBe(200);
    expectAnthropicGrammar(sseEvents(text));
    expect(env.sim.chatRequests()).toHaveLength(before + 1);
    const upstream = env.sim.chatRequests().at(-1)?.body as Obj & {
      messages: Obj[];
      tools: { function: { parameters: Obj & { properties: Record<string, Obj> } } }[];
    };
    expect(JSON.stringify(upstream)).not.toContain("cache_control");
    expect(upstream.messages[0]).toEqual({
      role: "system",
      content: "You are Claude Code.\n\nBe concise.",
    });
    expect(upstream.messages[2]).toMatchObject({ reasoning_content: "The user wants ls." });
    expect(upstream.messages.at(-1)).toEqual({
      role: "tool",
      tool_call_id: "toolu_01ABC",
      content: "Error: ls: permission denied\nexit 2",
    });
    // Capped to the model's limit, as on chat completions, and said once in the log.
    expect(upstream.max_tokens).toBe(8192);
    expect(logged.join("\n")).toContain(
      "max tokens 32,000 capped to moonshot/kimi-k2.5's limit of 8,192",
    );
    // The Moonshot schema rewrite applies to input_schema as to a chat tool's parameters.
    const schema = upstream.tools[0]?.function.parameters;
    expect(schema?.properties.env).toMatchObject({ type: "string" });
    expect(schema?.properties.options).toMatchObject({ required: [] });
    const rows = await ledgerQuery<{ client: string; status: number }>(
      env,
      "SELECT client, status FROM requests ORDER BY id DESC LIMIT 1",
    );
    // Its joined user id, with no account, is recorded as its device (22451186).
    expect(rows[0]).toEqual({ client: "claude-code/1a2b", status: 200 });
  });

  it("answers its Anthropic model names with a 404 that says which settings choose the model", async () => {
    for (const model of ["claude-3-5-haiku-20241022", "claude-sonnet-4-5-20250929"]) {
      const { status, text } = await postMessages({
        model,
        max_tokens: 512,
        stream: true,
        messages: [{ role: "user", content: "Write a 5-word title" }],
      });
      expect(status).toBe(404);
      const body = JSON.parse(text) as { type: string; error: { type: string; message: string } };
      expect(body.type).toBe("error");
      expect(body.error.type).toBe("not_found_error");
      expect(body.error.message).toContain(`model "${model}" is not configured`);
      expect(body.error.message).toContain("ANTHROPIC_DEFAULT_HAIKU_MODEL=openclaw");
      expect(body.error.message).toContain("ANTHROPIC_SMALL_FAST_MODEL");
      expect(body.error.message).toContain("openclaw models aliases add");
    }
    // Claude Code's token count, on the Anthropic SDK inside it, says who it is by its user agent.
    const counted = await client.messages
      .countTokens(
        { model: "claude-3-5-haiku-20241022", messages: [{ role: "user", content: "hi" }] },
        { headers: { "user-agent": "claude-cli/2.1.197 (external, sdk-cli)" } },
      )
      .catch((caught: unknown) => caught);
    expect(counted).toBeInstanceOf(Anthropic.NotFoundError);
    expect((counted as Error).message).toContain("ANTHROPIC_DEFAULT_HAIKU_MODEL");
    // Not on the OpenAI routes, whose clients have no such settings.
    const chat = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-3-5-haiku-20241022",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(chat.status).toBe(404);
    expect(await chat.text()).not.toContain("ANTHROPIC_DEFAULT_HAIKU_MODEL");
  });

  it("refuses an Anthropic API key left in its environment with a 401 saying which variable to set, and keeps it nowhere", async () => {
    const anthropicKey = "sk-ant-api03-LeftInTheEnvironment0123456789abcdef";
    const before = logged.length;
    const response = await fetch(`${env.gateway.url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { ...CLAUDE_CODE_HEADERS, "x-api-key": anthropicKey },
      body: JSON.stringify({
        model: "openclaw",
        max_tokens: 64,
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("authentication_error");
    expect(body.error.message).toContain("looks like an Anthropic API key (sk-ant-…)");
    expect(body.error.message).toContain("set ANTHROPIC_AUTH_TOKEN (or ANTHROPIC_API_KEY) to it");
    expect(body.error.message).not.toContain("LeftInTheEnvironment");
    await env.gateway.ledger?.flush();
    expect(readFileSync(env.gateway.ledgerPath ?? "").includes("LeftInTheEnvironment")).toBe(false);
    expect(logged.slice(before).join("\n")).not.toContain("LeftInTheEnvironment");
    // The gateway token Claude Code sent with every request above is nowhere either.
    expect(readFileSync(env.gateway.ledgerPath ?? "").includes(GATEWAY_TOKEN)).toBe(false);
    expect(logged.join("\n")).not.toContain(GATEWAY_TOKEN);
  });
});
