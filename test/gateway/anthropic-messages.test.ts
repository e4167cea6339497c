/**
 * Anthropic's Messages API through the gateway (what Claude Code speaks), with the official
 * `@anthropic-ai/sdk` client: the same runtime, fallbacks, reasoning replay and ledger as the
 * chat route, in Anthropic's shapes and error format. The SDK's `messages.stream(...)` rebuilds
 * the message from the events and fails on any event out of order.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectToolRoundsReplayed,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  scriptTimeToolRounds,
  startGatewayEnv,
  TOOL_ROUND_REASONING,
} from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;
/** Requests on /v1/messages, each of which must leave one ledger row. */
let sent = 0;

function anthropic(options: { apiKey?: string; authToken?: string } = {}): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey ?? null,
    authToken: options.authToken ?? null,
    baseURL: env.gateway.url,
    maxRetries: 0,
    timeout: 15_000,
  });
}

beforeAll(async () => {
  env = await startGatewayEnv();
  client = anthropic({ apiKey: GATEWAY_TOKEN });
});
afterAll(async () => {
  await env?.close();
});

const tools: Anthropic.Tool[] = [
  {
    name: "get_time",
    description: "The current time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  },
];

describe("POST /v1/messages with the Anthropic SDK", () => {
  it("answers a plain message in Anthropic's shape, with x-api-key", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "Hello there" } } },
    ]);
    sent++;
    const message = await client.messages.create({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 256,
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: "Say hello" }],
      metadata: { user_id: "claude-code-user" },
    });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "moonshot/kimi-k2-turbo-preview",
      content: [{ type: "text", text: "Hello there" }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content: unknown }[];
      max_tokens: number;
    };
    expect(upstream.messages[0]).toEqual({ role: "system", content: "Be brief." });
    expect(upstream.max_tokens).toBe(256);
    const rows = await ledgerQuery<{ api: string; client: string }>(
      env,
      "SELECT api, client FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({ api: "messages", client: "claude-code-user" });
  });

  it("streams a message the SDK's stream helper rebuilds, with Authorization: Bearer", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { reply: { text: "Streamed answer here" }, stream: { chunkChars: 4 } },
      },
    ]);
    sent++;
    const stream = anthropic({ authToken: GATEWAY_TOKEN }).messages.stream({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 256,
      messages: [{ role: "user", content: "Stream please" }],
    });
    const types: string[] = [];
    stream.on("streamEvent", (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "Streamed answer here" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    // Known at the end only: message_delta carries it, and the SDK takes it from there.
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(types[0]).toBe("message_start");
    expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(types).toContain("content_block_start");
    expect(types).toContain("content_block_stop");
  });

  it("sends message_start once the upstream accepted the request, before the first token, with the estimated input", async () => {
    const request = {
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 64,
      system: "Be brief.",
      messages: [{ role: "user" as const, content: "Think quietly, then answer" }],
    };
    const { input_tokens: estimated } = await client.messages.countTokens(request);
    // The upstream sends its headers and role chunk, then is silent (a model thinking unseen).
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { reply: { text: "Done." }, chunkDelayMs: 5000 },
      },
    ]);
    sent++;
    const controller = new AbortController();
    const response = await fetch(`${env.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": GATEWAY_TOKEN, "content-type": "application/json" },
      body: JSON.stringify({ ...request, stream: true }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
    // Only message_start: no block opened, as no token has come.
    expect(seen.split("\n\n").filter((event) => event !== "")).toHaveLength(1);
    expect(seen).toMatch(/^event: message_start\ndata: /);
    const start = JSON.parse(seen.slice(seen.indexOf("{"))) as {
      message: { model: string; usage: { input_tokens: number } };
    };
    expect(start.message.model).toBe("moonshot/kimi-k2-turbo-preview");
    expect(start.message.usage.input_tokens).toBe(estimated);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    // No token reached the client: the ledger notes no time to first token.
    const last = async () =>
      (
        await ledgerQuery<{ outcome: string; ttft_ms: number | null }>(
          env,
          "SELECT outcome, ttft_ms FROM requests ORDER BY id DESC LIMIT 1",
        )
      )[0];
    await eventually(async () => (await last())?.outcome === "client_disconnect", 5000, "the row");
    expect((await last())?.ttft_ms).toBeNull();

    // The upstream's own count, once known, is what the SDK's final message has; without one,
    // the estimate stays.
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { reply: { text: "Done.", usage: { promptTokens: 1234 } } },
      },
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { reply: { text: "Done." }, stream: { usageIn: "none" } },
      },
    ]);
    sent += 2;
    const counted = await client.messages.stream(request).finalMessage();
    expect(counted.usage.input_tokens).toBe(1234);
    const uncounted = await client.messages.stream(request).finalMessage();
    expect(uncounted.usage.input_tokens).toBe(estimated);
    expect(uncounted.content).toEqual([{ type: "text", text: "Done." }]);
  });

  it("streams a thinking model's reasoning as a thinking block with a signature", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-thinking" },
        respond: {
          reply: { reasoning: "Let me think about it.", text: "Forty-two" },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    sent++;
    const deltas: string[] = [];
    const stream = client.messages.stream({
      model: "moonshot/kimi-k2-thinking",
      max_tokens: 1024,
      thinking: { type: "enabled", budget_tokens: 1024 },
      messages: [{ role: "user", content: "The answer?" }],
    });
    stream.on("streamEvent", (event) => {
      if (event.type === "content_block_delta") deltas.push(event.delta.type);
    });
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toBe("Let me think about it.");
    expect(thinking.signature).not.toBe("");
    expect(message.content[1]).toEqual({ type: "text", text: "Forty-two" });
    expect(deltas).toContain("thinking_delta");
    expect(deltas).toContain("signature_delta");
    // budget_tokens has no counterpart upstream: the switch alone is sent.
    const upstream = env.sim.chatRequests().at(-1)?.body as { thinking?: unknown };
    expect(upstream.thinking).toEqual({ type: "enabled" });
    // Adaptive thinking leaves it to the model: the provider's default, no switch sent.
    sent++;
    await client.messages.create({
      model: "moonshot/kimi-k2-thinking",
      max_tokens: 64,
      thinking: { type: "adaptive" } as unknown as Anthropic.ThinkingConfigParam,
      messages: [{ role: "user", content: "Adaptive?" }],
    });
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("thinking");
  });

  it("streams a tool call as a tool_use block whose input the SDK rebuilds", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-thinking" },
        respond: {
          reply: {
            reasoning: "I need the time.",
            toolCalls: [{ name: "get_time", arguments: { tz: "Europe/Paris" } }],
          },
          stream: { chunkChars: 3 },
        },
      },
    ]);
    sent++;
    const message = await client.messages
      .stream({
        model: "moonshot/kimi-k2-thinking",
        max_tokens: 1024,
        tools,
        tool_choice: { type: "auto" },
        messages: [{ role: "user", content: "Time in Paris?" }],
      })
      .finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    expect(message.content[1]).toMatchObject({
      type: "tool_use",
      name: "get_time",
      input: { tz: "Europe/Paris" },
    });
    const call = message.content[1] as Anthropic.ToolUseBlock;
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      tools: unknown[];
      tool_choice: unknown;
    };
    expect(upstream.tool_choice).toBe("auto");
    expect(upstream.tools[0]).toMatchObject({ type: "function", function: { name: "get_time" } });
    // Moonshot's `functions.get_time:0`, in the alphabet Anthropic's ids have (anthropic-tool-ids).
    expect(call.id).toBe("toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjA");
  });

  it("answers a tool call cut by max_tokens with the same input streamed or not: its whole members", async () => {
    const cut = '{"tz": "Europe/Paris", "note": "Eur';
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { toolCalls: [{ name: "get_time", arguments: cut }], finishReason: "length" },
          stream: { chunkChars: 4 },
        },
        times: 3,
      },
    ]);
    const request = {
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 16,
      tools,
      messages: [{ role: "user" as const, content: "Time in Paris?" }],
    };
    sent += 2;
    const streamed = await client.messages.stream(request).finalMessage();
    const whole = await client.messages.create(request);
    for (const message of [streamed, whole]) {
      expect(message.stop_reason).toBe("max_tokens");
      expect(message.content).toHaveLength(1);
      expect(message.content[0]).toMatchObject({
        type: "tool_use",
        name: "get_time",
        input: { tz: "Europe/Paris" },
      });
    }
    expect((streamed.content[0] as Anthropic.ToolUseBlock).input).toEqual(
      (whole.content[0] as Anthropic.ToolUseBlock).input,
    );
    // The chat route, whose arguments are a string, passes the same answer on as it came.
    const chat = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: request.model,
        max_tokens: 16,
        messages: [{ role: "user", content: "Time in Paris?" }],
        tools: [{ type: "function", function: { name: "get_time", parameters: {} } }],
      }),
    });
    const choice = ((await chat.json()) as { choices: Record<string, unknown>[] }).choices[0];
    expect(choice).toMatchObject({
      finish_reason: "length",
      message: { tool_calls: [{ function: { name: "get_time", arguments: cut } }] },
    });
  });

  it("sends images, tool results, tool choice, stop sequences and thinking off upstream in chat form", async () => {
    sent++;
    await client.messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      stop_sequences: ["END"],
      temperature: 0.3,
      top_p: 0.9,
      thinking: { type: "disabled" },
      tools,
      tool_choice: { type: "tool", name: "get_time", disable_parallel_tool_use: true },
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these?" },
            {
              type: "image",
              source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
            },
            { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
          ],
        },
        {
          role: "assistant",
          content: [
            {
              type: "tool_use",
              id: "functions.get_time:0",
              name: "get_time",
              input: { tz: "UTC" },
            },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "functions.get_time:0",
              is_error: true,
              content: [
                { type: "text", text: "no clock" },
                { type: "image", source: { type: "url", url: "https://example.com/clock.png" } },
              ],
            },
            { type: "text", text: "Try again" },
          ],
        },
      ],
    });
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown> & {
      messages: Record<string, unknown>[];
    };
    expect(upstream.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
        ],
      },
      expect.objectContaining({
        role: "assistant",
        tool_calls: [
          {
            id: "functions.get_time:0",
            type: "function",
            function: { name: "get_time", arguments: '{"tz":"UTC"}' },
          },
        ],
      }),
      // A tool message carries text only: the result's image goes in the user message after it.
      {
        role: "tool",
        tool_call_id: "functions.get_time:0",
        content: "Error: no clock\n(its image follows in the next user message)",
      },
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "https://example.com/clock.png" } },
          { type: "text", text: "Try again" },
        ],
      },
    ]);
    expect(upstream).toMatchObject({
      stop: ["END"],
      // kimi-k2.5 has fixed sampling (compat): with thinking off, 0.6 and 0.95 whatever is asked.
      temperature: 0.6,
      top_p: 0.95,
      thinking: { type: "disabled" },
      tool_choice: { type: "function", function: { name: "get_time" } },
      parallel_tool_calls: false,
    });
  });

  it("answers Anthropic's web search tool with Moonshot's own search, and refuses other server tools", async () => {
    sent++;
    const message = await client.messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 3 }],
      messages: [{ role: "user", content: "What launched today?" }],
    });
    expect(message.content.at(-1)).toEqual({
      type: "text",
      text: "Echo: What launched today? (searched the web)",
    });
    const rows = await ledgerQuery<{ web_searches: number }>(
      env,
      "SELECT web_searches FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.web_searches).toBe(1);
    // Counted where Anthropic counts its own searches, streamed or not.
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    sent++;
    const streamed = await client.messages
      .stream({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        tools: [{ type: "web_search_20250305", name: "web_search" }],
        messages: [{ role: "user", content: "What launched today?" }],
      })
      .finalMessage();
    expect(streamed.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    sent++;
    const plain = await client.messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "What launched today?" }],
    });
    expect(plain.usage.server_tool_use).toBeUndefined();
    sent++;
    const error = await client.messages
      .create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        tools: [...tools, { type: "bash_20250124", name: "bash" }],
        messages: [{ role: "user", content: "ls" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: {
        message: expect.stringContaining(
          "tools[1] is Anthropic's server tool \"bash_20250124\", which runs on Anthropic's side and not here",
        ),
      },
    });
  });

  it("continues a prefilled assistant turn with Moonshot's partial mode, answering the rest only", async () => {
    sent++;
    const message = await client.messages.create({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 64,
      messages: [
        { role: "user", content: "Write JSON" },
        { role: "assistant", content: '{"answer":' },
      ],
    });
    expect(message.content).toEqual([{ type: "text", text: ' (continued after "{"answer":")' }]);
    const upstream = env.sim.chatRequests().at(-1)?.body as { messages: unknown[] };
    expect(upstream.messages.at(-1)).toEqual({
      role: "assistant",
      content: '{"answer":',
      partial: true,
    });
  });

  it("replays a thinking model's reasoning over two rounds of tool use", async () => {
    scriptTimeToolRounds(env.sim, "It is noon in Tokyo.");
    const history: Anthropic.MessageParam[] = [
      { role: "user", content: "Time in UTC, then Tokyo?" },
    ];
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      sent++;
      const message = await client.messages.create({
        model: "moonshot/kimi-k2-thinking",
        max_tokens: 1024,
        tools,
        messages: history,
      });
      history.push({ role: "assistant", content: message.content });
      if (round === 2) {
        expect(message.stop_reason).toBe("end_turn");
        expect(message.content.at(-1)).toEqual({ type: "text", text: "It is noon in Tokyo." });
        break;
      }
      expect(message.stop_reason).toBe("tool_use");
      expect((message.content[0] as Anthropic.ThinkingBlock).thinking).toBe(
        TOOL_ROUND_REASONING[round],
      );
      const call = message.content.find((block) => block.type === "tool_use");
      if (call?.type !== "tool_use") throw new Error("no tool_use block");
      ids.push(call.id);
      history.push({
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: `12:00 ${round}` }],
      });
    }
    expectToolRoundsReplayed(env.sim);
    // The client was given ids Anthropic takes; the upstream got its own back, as it made them.
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    const last = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; tool_call_id?: string }[];
    };
    expect(last.messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual([
      "functions.get_time:0",
      "functions.get_time:1",
    ]);
  });

  it("replays the reasoning of streamed tool-use turns, as Claude Code streams every turn", async () => {
    scriptTimeToolRounds(env.sim, "Streamed rounds done.");
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Times, streamed?" }];
    for (let round = 0; round < 3; round++) {
      // Forgotten by the gateway (as after a restart): the thinking blocks' signatures carry it.
      env.gateway.server.memory.clear();
      sent++;
      const message = await client.messages
        .stream({ model: "moonshot/kimi-k2-thinking", max_tokens: 1024, tools, messages: history })
        .finalMessage();
      if (round === 2) {
        expect(message.content.at(-1)).toEqual({ type: "text", text: "Streamed rounds done." });
        break;
      }
      history.push({ role: "assistant", content: message.content });
      const call = message.content.find((block) => block.type === "tool_use");
      if (call?.type !== "tool_use") throw new Error("no tool_use block");
      history.push({
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: "12:00" }],
      });
    }
    expectToolRoundsReplayed(env.sim);
  });

  it("restores the reasoning from its memory when the client drops the thinking block", async () => {
    scriptTimeToolRounds(env.sim, "Done.");
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Times, memory case?" }];
    for (let round = 0; round < 3; round++) {
      sent++;
      const message = await client.messages.create({
        model: "moonshot/kimi-k2-thinking",
        max_tokens: 1024,
        tools,
        messages: history,
      });
      if (round === 2) break;
      // A client that keeps no thinking blocks: the gateway's memory fills the reasoning in.
      history.push({
        role: "assistant",
        content: message.content.filter((block) => block.type !== "thinking"),
      });
      const call = message.content.find((block) => block.type === "tool_use");
      if (call?.type !== "tool_use") throw new Error("no tool_use block");
      history.push({
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: "12:00" }],
      });
    }
    expectToolRoundsReplayed(env.sim);
  });

  it("refuses a wrong token with 401 in Anthropic's error format", async () => {
    sent++;
    const error = await anthropic({ apiKey: "wrong-token-000000000000000" })
      .messages.create({
        model: "openclaw",
        max_tokens: 8,
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(401);
    expect(apiError.error).toMatchObject({
      type: "error",
      error: { type: "authentication_error" },
    });
    expect(apiError.message).toContain("incorrect gateway token");
  });

  it("takes the token from x-api-key or Authorization, whichever holds it, and refuses when neither does", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${env.gateway.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          model: "moonshot/kimi-k2-turbo-preview",
          max_tokens: 8,
          messages: [{ role: "user", content: "hi" }],
        }),
      });
    const wrong = "stale-token-000000000000000000";
    for (const headers of [
      { "x-api-key": GATEWAY_TOKEN, authorization: `Bearer ${wrong}` },
      { "x-api-key": GATEWAY_TOKEN, authorization: "Basic dXNlcjpwYXNz" },
      { "x-api-key": wrong, authorization: `Bearer ${GATEWAY_TOKEN}` },
    ]) {
      sent++;
      const response = await post(headers);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { content: unknown }).content).toEqual([
        { type: "text", text: "Echo: hi" },
      ]);
    }
    sent++;
    const refused = await post({ "x-api-key": wrong, authorization: `Bearer ${wrong}x` });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("authentication_error");
    expect(body.error.message).toContain(
      "incorrect gateway token in both Authorization and the API key header (either may carry it; Claude Code sends ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY in them)",
    );
    // Claude Code shows an error whose message has "x-api-key" (in any case) as "Invalid API
    // key · Fix external API key" and drops the message with its hint.
    expect(body.error.message.toLowerCase()).not.toContain("x-api-key");
    expect(body.error.message).not.toContain(wrong);
    // An Anthropic key left set beside a stale token is the one named, with what to set.
    sent++;
    const anthropicKey = "sk-ant-api03-left-in-the-environment-0000";
    const named = await post({ "x-api-key": wrong, authorization: `Bearer ${anthropicKey}` });
    expect(named.status).toBe(401);
    const namedBody = (await named.json()) as { error: { message: string } };
    expect(namedBody.error.message).toContain("this looks like an Anthropic API key (sk-ant-…)");
    expect(namedBody.error.message).not.toContain(anthropicKey);
  });

  it("answers an unknown model with 404 not_found_error naming close matches", async () => {
    sent++;
    const error = await client.messages
      .create({
        model: "moonshot/kimi-k2.9",
        max_tokens: 8,
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.error).toMatchObject({ error: { type: "not_found_error" } });
    expect(apiError.message).toContain("moonshot/kimi-k2.5");
  });

  it("answers a malformed body with 400 naming the client's own field", async () => {
    sent++;
    const missing = await fetch(`${env.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": GATEWAY_TOKEN, "content-type": "application/json" },
      body: JSON.stringify({
        model: "openclaw",
        metadata: { user_id: "refused-client" },
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: expect.stringContaining("max_tokens is required"),
      },
    });
    // The refused request still names its client in the ledger.
    const refused = await ledgerQuery<{ client: string; status: number }>(
      env,
      "SELECT client, status FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(refused[0]).toEqual({ client: "refused-client", status: 400 });
    // Not a request the ledger counts (no chat ran): a GET, in Anthropic's format too.
    const wrongMethod = await fetch(`${env.gateway.url}/v1/messages`, {
      headers: { "x-api-key": GATEWAY_TOKEN },
    });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: "method GET is not allowed on /v1/messages; use POST",
      },
    });
    sent++;
    const error = await client.messages
      .create({
        model: "openclaw",
        max_tokens: 8,
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: [{ type: "bogus" } as unknown as Anthropic.TextBlockParam],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain("messages[1].content[0].type");
    sent++;
    const empty = await client.messages
      .create({ model: "openclaw", max_tokens: 8, messages: [{ role: "user", content: [] }] })
      .catch((caught: unknown) => caught);
    expect((empty as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { message: expect.stringContaining("messages[0].content must not be empty") },
    });
    // A client's megabytes are not sent back: its value is quoted short, with its length.
    sent++;
    const huge = await client.messages
      .create({
        model: "openclaw",
        max_tokens: 8,
        messages: [
          {
            role: "user",
            content: [{ type: "x".repeat(100_000) } as unknown as Anthropic.TextBlockParam],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    const hugeMessage = (huge as InstanceType<typeof Anthropic.APIError>).message;
    expect(hugeMessage).toContain("(100000 characters) is not one a user message takes here");
    expect(hugeMessage.length).toBeLessThan(1000);
    sent++;
    const topK = await client.messages
      .create({
        model: "openclaw",
        max_tokens: 8,
        top_k: 5,
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    expect(topK).toBeInstanceOf(Anthropic.BadRequestError);
    sent++;
    const orphan = await client.messages
      .create({
        model: "openclaw",
        max_tokens: 8,
        messages: [
          { role: "user", content: [{ type: "tool_result", tool_use_id: "nope", content: "x" }] },
        ],
      })
      .catch((caught: unknown) => caught);
    expect((orphan as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: {
        message: expect.stringMatching(
          /^messages\[0\]\.content\[0\]\.tool_use_id "nope" answers no tool call: .*whose tool_use blocks made the call/,
        ),
      },
    });
    expect((topK as Error).message).toContain("top_k is not supported");
    // A tool_use block's input is the arguments object, not their JSON text.
    sent++;
    const before = env.sim.chatRequests().length;
    const textInput = await client.messages
      .create({
        model: "openclaw",
        max_tokens: 8,
        tools,
        messages: [
          { role: "user", content: "time?" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_1", name: "get_time", input: '{"tz":"UTC"}' }],
          },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "12:00" }],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(textInput).toBeInstanceOf(Anthropic.BadRequestError);
    expect((textInput as Error).message).toContain(
      "messages[1].content[0].input must be an object (the tool's arguments), got a string",
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("ends a stream the upstream cut with an error event", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "This answer will be cut off somewhere in the middle" },
          stream: { chunkChars: 4 },
          cutAfterChunks: 3,
        },
      },
    ]);
    sent++;
    const stream = client.messages.stream({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 256,
      messages: [{ role: "user", content: "Cut me" }],
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: {
        type: "api_error",
        message: expect.stringContaining("was cut off after it had started"),
      },
    });
  });

  it("cancels the upstream when the client goes away mid-stream, leaving one row", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "word ".repeat(400) },
          stream: { chunkChars: 5 },
          chunkDelayMs: 20,
        },
      },
    ]);
    sent++;
    const controller = new AbortController();
    const stream = client.messages.stream(
      {
        model: "moonshot/kimi-k2-turbo-preview",
        max_tokens: 2048,
        messages: [{ role: "user", content: "Talk for a while" }],
      },
      { signal: controller.signal },
    );
    let received = "";
    stream.on("text", (delta) => {
      received += delta;
      if (received.length >= 50) controller.abort();
    });
    await stream.done().catch(() => undefined);
    expect(received.length).toBeGreaterThanOrEqual(50);
    const last = async () =>
      (
        await ledgerQuery<{ api: string; outcome: string }>(
          env,
          "SELECT api, outcome FROM requests ORDER BY id DESC LIMIT 1",
        )
      )[0];
    await eventually(async () => (await last())?.outcome === "client_disconnect", 5000, "the row");
    expect(await last()).toEqual({ api: "messages", outcome: "client_disconnect" });
  });

  it("counts a request's input tokens without running it", async () => {
    const before = env.sim.chatRequests().length;
    const counted = await client.messages.countTokens({
      model: "openclaw",
      system: "Be brief.",
      messages: [{ role: "user", content: "How many tokens is this sentence?" }],
      tools,
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(env.sim.chatRequests().length).toBe(before);
    const unknown = await client.messages
      .countTokens({ model: "nope/none", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("splits the prompt's tokens into read from the cache, written to it and the rest, streamed or not", async () => {
    // An OpenAI-compatible upstream in front of a model with prompt caching reports the writes.
    const usage = {
      promptTokens: 100,
      completionTokens: 7,
      cachedTokens: 40,
      cacheWriteTokens: 50,
    };
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { reply: { text: "Cached.", usage } },
        times: 2,
      },
    ]);
    const request = {
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "A long prompt worth caching" }],
    };
    sent += 2;
    const whole = await client.messages.create(request);
    const streamed = await client.messages.stream(request).finalMessage();
    for (const message of [whole, streamed])
      expect(message.usage).toMatchObject({
        input_tokens: 10,
        cache_read_input_tokens: 40,
        cache_creation_input_tokens: 50,
        output_tokens: 7,
      });
  });

  // Last: the overload cools kimi-k2-turbo-preview, the used-up quota benches the Moonshot key.
  it("answers an upstream overload with 529 overloaded_error", async () => {
    env.sim.failNext(3, "overloaded", { model: "kimi-k2-turbo-preview" });
    sent++;
    const error = await client.messages
      .create({
        model: "moonshot/kimi-k2-turbo-preview",
        max_tokens: 8,
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toMatchObject({ error: { type: "overloaded_error" } });
  });

  it("takes an alias as the model", async () => {
    sent++;
    const message = await client.messages.create({
      model: "Kimi K2 Thinking",
      max_tokens: 128,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.model).toBe("moonshot/kimi-k2-thinking");
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
  });

  it("falls back with `openclaw` as the model when the primary fails", async () => {
    env.sim.failNext(1, "quota", { model: "kimi-k2.5" });
    sent++;
    const message = await client.messages.create({
      model: "openclaw",
      max_tokens: 128,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.model).toBe("kimi-code/kimi-for-coding");
    expect(message.content.at(-1)?.type).toBe("text");
    const rows = await ledgerQuery<{ model_used: string; fallback_from: string }>(
      env,
      "SELECT model_used, fallback_from FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({
      model_used: "kimi-code/kimi-for-coding",
      fallback_from: "moonshot/kimi-k2.5",
    });
  });

  it("keeps exactly one ledger row per /v1/messages request", async () => {
    const rows = await ledgerQuery<{ n: number }>(
      env,
      "SELECT count(*) AS n FROM requests WHERE api = 'messages'",
    );
    expect(rows[0]?.n).toBe(sent);
  });
});
