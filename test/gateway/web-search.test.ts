/**
 * Web search through the gateway, asked for the OpenAI way and answered with Moonshot's own
 * `$web_search`: `web_search_options` on chat completions, the `web_search` tool on the Responses
 * API (the official `openai` client and the Vercel AI SDK's OpenAI provider). The gateway answers
 * the search calls, so the client sees one answer, with one ledger row holding every request's
 * tokens.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText, type Tool } from "ai";
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_SEARCH_TOKENS } from "../simulator/reply.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

type Json = Record<string, unknown>;
const upstreamSince = (count: number) =>
  env.sim
    .chatRequests()
    .slice(count)
    .map((request) => request.body as Json);
const WEB_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };

describe("web search on chat completions (web_search_options)", () => {
  it("answers with what the search found, in one response with both requests' tokens", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "What launched today?" }],
      web_search_options: {},
    });
    const choice = answer.choices[0];
    expect(choice?.message.content).toBe("Echo: What launched today? (searched the web)");
    expect(choice?.message.tool_calls).toBeUndefined();
    expect(choice?.finish_reason).toBe("stop");
    expect(answer.usage?.prompt_tokens).toBeGreaterThan(SIM_SEARCH_TOKENS);

    const sent = upstreamSince(before);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.tools).toEqual([WEB_SEARCH]);
    expect(sent[0]?.thinking).toEqual({ type: "disabled" });
    // OpenAI's option is the gateway's to act on, not Moonshot's to see.
    expect(sent.some((body) => "web_search_options" in body)).toBe(false);

    const rows = await ledgerQuery<{
      prompt_tokens: number;
      outcome: string;
      web_searches: number;
    }>(
      env,
      "SELECT prompt_tokens, outcome, web_searches FROM requests WHERE request_id = ?",
      answer.id,
    );
    expect(rows).toEqual([
      { prompt_tokens: answer.usage?.prompt_tokens, outcome: "ok", web_searches: 1 },
    ]);
    const metrics = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(await metrics.text()).toMatch(
      /openclaw_gateway_web_searches_total\{provider="moonshot",model="kimi-k2.5"\} [1-9]/,
    );
  });

  it("streams the answer without the search call, and the usage of the whole answer", async () => {
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Who won?" }],
      web_search_options: { search_context_size: "low" },
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finishes = 0;
    let toolDeltas = 0;
    let promptTokens = 0;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? "";
      toolDeltas += choice?.delta.tool_calls?.length ?? 0;
      if (choice?.finish_reason) finishes++;
      if (chunk.usage) promptTokens = chunk.usage.prompt_tokens;
    }
    expect(text).toBe("Echo: Who won? (searched the web)");
    expect([finishes, toolDeltas]).toEqual([1, 0]);
    expect(promptTokens).toBeGreaterThan(SIM_SEARCH_TOKENS);
  });

  it("says on the wire, as an SSE comment clients skip, that a search ran before the answer", async () => {
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        web_search_options: {},
        messages: [{ role: "user", content: "news?" }],
      }),
    });
    const text = await response.text();
    const comment = text.indexOf(": searched the web\n\n");
    expect(comment).toBeGreaterThan(0);
    expect(comment).toBeLessThan(text.indexOf('"content":"Echo'));
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("refuses web_search_options that is not an object, naming it", async () => {
    const refused = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
        // @ts-expect-error the wrong type on purpose
        web_search_options: true,
      })
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ status: 400, param: "web_search_options" });
  });
});

describe("a web search that fails after its first request", () => {
  interface Row {
    trace_id: string | null;
    prompt_tokens: number;
    completion_tokens: number;
    cost_usd: number;
    web_searches: number;
    estimated: number;
  }
  const rowOf = async (requestId: string | null) =>
    (
      await ledgerQuery<Row>(
        env,
        "SELECT trace_id, prompt_tokens, completion_tokens, cost_usd, web_searches, estimated FROM requests WHERE request_id = ?",
        requestId,
      )
    )[0];
  /** The first request searches, reporting 500 + 20 tokens; `then` answers the second. */
  const searchThen = (then: Record<string, unknown>) =>
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            toolCalls: [
              {
                name: "$web_search",
                arguments: { search_result: { search_id: "f1" }, usage: { total_tokens: 1500 } },
              },
            ],
            usage: { promptTokens: 500, completionTokens: 20 },
          },
        },
      },
      { when: { model: "kimi-k2.5" }, respond: then },
    ]);
  const ask = (stream: boolean) =>
    fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream,
        web_search_options: {},
        messages: [{ role: "user", content: "search, then fail" }],
      }),
    });
  // Prices in the test config: 0.6 and 2.5 USD per million input and output tokens.
  const priced = (prompt: number, completion: number) => (prompt * 0.6 + completion * 2.5) / 1e6;

  it("a refused second request: the row keeps the first's reported tokens, cost and search, and the refused request's trace id", async () => {
    const before = env.sim.chatRequests().length;
    searchThen({ error: "contentFilter" });
    const response = await ask(false);
    expect(response.ok).toBe(false);
    await response.text();
    const traces = env.sim
      .chatRequests()
      .slice(before)
      .map((request) => request.traceId);
    expect(traces).toHaveLength(2);
    expect(response.headers.get("x-trace-id")).toBe(traces[1]);
    const row = await rowOf(response.headers.get("x-request-id"));
    expect(row).toMatchObject({
      trace_id: traces[1],
      prompt_tokens: 500,
      completion_tokens: 20,
      web_searches: 1,
      estimated: 0,
    });
    expect(row?.cost_usd).toBeCloseTo(priced(500, 20), 12);
  });

  it("a second request cut mid-stream: the first's reported tokens plus an estimate of the second, which carried the search results", async () => {
    searchThen({ reply: { text: "The answer is long. ".repeat(20) }, cutAfterChunks: 6 });
    const response = await ask(true);
    expect(await response.text()).toContain('"error"');
    const row = await rowOf(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ web_searches: 1, estimated: 1 });
    // The second request's prompt holds the search's 1,500 tokens of results on top of the
    // question, the search call and its arguments.
    expect(row?.prompt_tokens).toBeGreaterThan(500 + 1500);
    expect(row?.prompt_tokens).toBeLessThan(500 + 1500 + 200);
    expect(row?.completion_tokens).toBeGreaterThan(20);
    expect(row?.cost_usd).toBeCloseTo(
      priced(row?.prompt_tokens ?? 0, row?.completion_tokens ?? 0),
      12,
    );
  });
});

describe("web search on the Responses API (the web_search tool)", () => {
  it("answers with a completed web_search_call item before the message", async () => {
    const response = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "What is new in Kimi?",
      tools: [{ type: "web_search" }],
    });
    expect(response.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    expect(response.output[0]).toMatchObject({
      type: "web_search_call",
      status: "completed",
      action: { type: "search" },
    });
    expect(response.output_text).toBe("Echo: What is new in Kimi? (searched the web)");
    expect(response.usage?.input_tokens).toBeGreaterThan(SIM_SEARCH_TOKENS);
  });

  it("streams the search's item and progress events, then the answer", async () => {
    const stream = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Any news?",
      tools: [{ type: "web_search_preview" }],
      tool_choice: { type: "web_search_preview" },
      stream: true,
    });
    const types: string[] = [];
    let text = "";
    let outputTypes: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed")
        outputTypes = event.response.output.map((item) => item.type);
    }
    const search = types.indexOf("response.web_search_call.completed");
    expect(search).toBeGreaterThan(0);
    expect(search).toBeLessThan(types.indexOf("response.output_text.delta"));
    expect(types.filter((type) => type.startsWith("response.function_call"))).toEqual([]);
    expect(text).toBe("Echo: Any news? (searched the web)");
    expect(outputTypes).toEqual(["web_search_call", "message"]);
  });

  it("lets a client send the search item back in its next input", async () => {
    const first = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "What launched today?",
      tools: [{ type: "web_search" }],
      store: false,
    });
    const second = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: [
        { role: "user", content: "What launched today?" },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { role: "user", content: "And yesterday?" },
      ],
    });
    expect(second.output_text).toBe("Echo: And yesterday?");
  });

  describe("the search's query, as the model's $web_search call gave it", () => {
    /** Moonshot's call names what it searched for; then the model answers. */
    const searchFor = (query: string) =>
      env.sim.script([
        {
          when: { model: "kimi-k2.5" },
          respond: {
            reply: {
              toolCalls: [
                {
                  name: "$web_search",
                  arguments: {
                    search_result: { search_id: "q1", query },
                    usage: { total_tokens: 900 },
                  },
                },
              ],
            },
          },
        },
        { when: { model: "kimi-k2.5" }, respond: { reply: { text: "Found it." } } },
      ]);

    it("is the item's action.query in a whole answer", async () => {
      searchFor("kimi k2 release notes");
      const response = await client.responses.create({
        model: "moonshot/kimi-k2.5",
        input: "What changed in Kimi K2?",
        tools: [{ type: "web_search" }],
      });
      expect(response.output[0]).toMatchObject({
        type: "web_search_call",
        status: "completed",
        action: { type: "search", query: "kimi k2 release notes" },
      });
      expect(response.output_text).toBe("Found it.");
    });

    it("is the item's action.query when the item is added and done in a stream", async () => {
      searchFor("beijing weather today");
      const stream = client.responses.stream({
        model: "moonshot/kimi-k2.5",
        input: "Weather in Beijing?",
        tools: [{ type: "web_search" }],
      });
      const items: { event: string; action: unknown }[] = [];
      for await (const event of stream) {
        if (
          (event.type === "response.output_item.added" ||
            event.type === "response.output_item.done") &&
          event.item.type === "web_search_call"
        )
          items.push({ event: event.type, action: event.item.action });
      }
      const action = { type: "search", query: "beijing weather today" };
      expect(items).toEqual([
        { event: "response.output_item.added", action },
        { event: "response.output_item.done", action },
      ]);
      const final = await stream.finalResponse();
      expect(final.output[0]).toMatchObject({ type: "web_search_call", action });
    });

    it("is left out when the call carries only the search's id, as Moonshot's guide shows it", async () => {
      const response = await client.responses.create({
        model: "moonshot/kimi-k2.5",
        input: "Anything new?",
        tools: [{ type: "web_search" }],
      });
      expect(response.output[0]).toMatchObject({ action: { type: "search" } });
      expect(response.output[0]).not.toHaveProperty("action.query");
    });
  });

  it("works with the Vercel AI SDK's web search tool, which the SDK shows as provider-executed", async () => {
    const openai = createOpenAI({ baseURL: env.baseURL, apiKey: GATEWAY_TOKEN });
    // `ai` and `@ai-sdk/openai` pin different patch releases of @ai-sdk/provider-utils, so their
    // Tool types differ by identity only; the object is what `ai` expects at run time.
    const webSearch = openai.tools.webSearch({}) as unknown as Tool;
    const answer = await generateText({
      model: openai("moonshot/kimi-k2.5"),
      prompt: "What is the weather in Beijing?",
      tools: { web_search: webSearch },
      maxRetries: 0,
    });
    expect(answer.text).toBe("Echo: What is the weather in Beijing? (searched the web)");
    expect(answer.toolCalls.map((call) => [call.toolName, call.providerExecuted])).toEqual([
      ["web_search", true],
    ]);

    const streamed = streamText({
      model: openai("moonshot/kimi-k2.5"),
      prompt: "And in Shanghai?",
      tools: { web_search: webSearch },
      maxRetries: 0,
    });
    const parts: string[] = [];
    for await (const part of streamed.fullStream) {
      if (part.type === "error") throw part.error;
      if (parts.at(-1) !== part.type) parts.push(part.type);
    }
    expect(parts).toContain("tool-result");
    expect(parts.indexOf("tool-result")).toBeLessThan(parts.indexOf("text-delta"));
    expect(await streamed.text).toBe("Echo: And in Shanghai? (searched the web)");
  });
});

describe("a web search whose provider leaves a count out of its usage", () => {
  interface Row {
    prompt_tokens: number;
    completion_tokens: number;
    estimated: number;
  }
  const rowOf = async (requestId: string | null) =>
    (
      await ledgerQuery<Row>(
        env,
        "SELECT prompt_tokens, completion_tokens, estimated FROM requests WHERE request_id = ?",
        requestId,
      )
    )[0];
  const ask = (stream: boolean) =>
    fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        web_search_options: {},
        messages: [{ role: "user", content: "Tell me what foxes eat in winter. ".repeat(10) }],
      }),
    });
  const answer = { text: "Mice and berries. ".repeat(4), usageAsSent: { completion_tokens: 12 } };

  for (const stream of [false, true]) {
    it(`an answer without a search (${stream ? "streamed" : "whole"}): the prompt is estimated and the row marked, as without web search`, async () => {
      env.sim.script([{ when: { model: "kimi-k2.5" }, respond: { reply: answer } }]);
      const response = await ask(stream);
      const body = await response.text();
      expect(response.status, body).toBe(200);
      const row = await rowOf(response.headers.get("x-request-id"));
      // About 90 tokens of question: estimated, not 0.
      expect(row).toMatchObject({ completion_tokens: 12, estimated: 1 });
      expect(row?.prompt_tokens).toBeGreaterThan(50);
      if (stream) expect(body).toContain(": usage partly estimated by the gateway");
      else expect(response.headers.get("x-openclaw-notes")).toContain("usage partly estimated");
    });
  }

  it("a search, then an answer that leaves its prompt out: the reported counts kept, the row marked", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            toolCalls: [
              {
                name: "$web_search",
                arguments: { search_result: { search_id: "f2" }, usage: { total_tokens: 1500 } },
              },
            ],
            usage: { promptTokens: 500, completionTokens: 20 },
          },
        },
      },
      { when: { model: "kimi-k2.5" }, respond: { reply: answer } },
    ]);
    const response = await ask(false);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    const row = await rowOf(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ completion_tokens: 32, estimated: 1 });
    expect(row?.prompt_tokens).toBeGreaterThanOrEqual(500);
  });
});
