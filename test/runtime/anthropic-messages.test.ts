/**
 * `api: "anthropic-messages"`: Kimi Code's Anthropic surface (baseUrl https://api.kimi.com/coding,
 * requests to /coding/v1/messages) through the runtime and the agent loop, against the
 * simulator over real sockets: a plain answer, a stream, two rounds of tool calls with thinking
 * replayed, refusals classified, a stream cut before its end; and the config check no longer
 * calls the api unsupported.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createToolRegistry, defineTool, runAgent } from "../../src/agent/index.js";
import { buildCatalog, checkCatalog } from "../../src/catalog/index.js";
import { loadConfigObject } from "../../src/config/index.js";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { simThinkingSignature } from "../simulator/anthropic.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../simulator/index.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Json = Record<string, unknown>;

/** The built-in kimi-code provider set to its Anthropic surface, as the guide shows it. */
function configFor(sim: Simulator, apiKey = sim.keys.kimiCode, api = "anthropic-messages") {
  return {
    agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
    models: {
      mode: "merge" as const,
      providers: { "kimi-code": { api, baseUrl: `${sim.url}/coding`, apiKey } },
    },
  };
}

async function setup(apiKey?: string, simOptions: SimulatorOptions = {}) {
  const sim = await startSimulator(simOptions);
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-anthropic-"));
  cleanups.push(async () => {
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const env = { PATH: process.env.PATH, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
  const { runtime } = openRuntime({
    env,
    config: configFor(sim, apiKey),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  return { sim, runtime };
}

const messagesSent = (sim: Simulator) =>
  sim.requests.filter((request) => request.path === "/coding/v1/messages");

describe("api anthropic-messages against Kimi Code's Anthropic surface", () => {
  it("answers a plain request, sent in the Messages format with the key as x-api-key", async () => {
    const { sim, runtime } = await setup();
    const result = await runtime.complete({
      request: {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "hi" },
        ],
      },
    });
    expect(result.message.content).toBe("You said: hi");
    expect(result.message.reasoning_content).toBe('The user said "hi".');
    expect(result.finishReason).toBe("stop");
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(result.usage?.completionTokens).toBeGreaterThan(0);

    const [sent] = messagesSent(sim);
    expect(sent?.headers["x-api-key"]).toBe(sim.keys.kimiCode);
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent?.headers["user-agent"]).toBe("KimiCLI/0.77");
    const body = sent?.body as Json;
    expect(body.system).toBe("Be brief.");
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
    // The model's cap (32,768) up to the default 32,000; thinking on with a budget below it.
    expect(body.max_tokens).toBe(32_000);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 16_000 });
  });

  it("streams text and reasoning as they come, with the usage and its cached tokens", async () => {
    const { sim, runtime } = await setup();
    sim.script([
      {
        respond: {
          reply: {
            reasoning: "Counting to three.",
            text: "One, two, three.",
            usage: { promptTokens: 40, completionTokens: 9, cachedTokens: 30 },
          },
        },
      },
    ]);
    const events: RuntimeEvent[] = [];
    for await (const event of runtime.stream({
      request: { messages: [{ role: "user", content: "count" }] },
    }))
      events.push(event);
    const text = events.flatMap((event) => (event.type === "text" ? [event.delta] : []));
    const reasoning = events.flatMap((event) => (event.type === "reasoning" ? [event.delta] : []));
    expect(text.length).toBeGreaterThan(1);
    expect(text.join("")).toBe("One, two, three.");
    expect(reasoning.join("")).toBe("Counting to three.");
    const result = events.flatMap((event) => (event.type === "result" ? [event.result] : []))[0];
    expect(result?.finishReason).toBe("stop");
    // Anthropic's input_tokens leaves the cache out: the prompt is both.
    expect(result?.usage).toMatchObject({
      promptTokens: 70,
      completionTokens: 9,
      cachedTokens: 30,
    });
    expect((messagesSent(sim)[0]?.body as Json | undefined)?.stream).toBe(true);
  });

  it("runs two rounds of tool calls with thinking, each turn's thinking sent back first with its signature", async () => {
    const { sim, runtime } = await setup();
    sim.script([
      {
        respond: {
          reply: {
            reasoning: "I need the time in UTC.",
            toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }],
          },
        },
      },
      {
        respond: {
          reply: {
            reasoning: "Now Tokyo.",
            toolCalls: [{ name: "get_time", arguments: { tz: "Asia/Tokyo" } }],
          },
        },
      },
      { respond: { reply: { text: "It is noon in both." } } },
    ]);
    const ran: unknown[] = [];
    const tools = createToolRegistry([
      defineTool({
        name: "get_time",
        description: "The time in a time zone",
        parameters: { type: "object", properties: { tz: { type: "string" } } },
        run: (args) => {
          ran.push(args);
          return "12:00";
        },
      }),
    ]);
    const run = runAgent({
      runtime,
      messages: [{ role: "user", content: "What time is it in UTC and Tokyo?" }],
      tools,
    });
    let step = await run.next();
    while (!step.done) step = await run.next();
    expect(step.value.message.content).toBe("It is noon in both.");
    expect(step.value.rounds).toBe(3);
    expect(ran).toEqual([{ tz: "UTC" }, { tz: "Asia/Tokyo" }]);

    const sent = messagesSent(sim);
    expect(sent).toHaveLength(3);
    const first = sent[0]?.body as Json;
    expect(first.tools).toEqual([
      {
        name: "get_time",
        description: "The time in a time zone",
        input_schema: expect.objectContaining({
          type: "object",
          properties: { tz: { type: "string" } },
        }),
      },
    ]);
    const last =
      (sent[2]?.body as { messages: { role: string; content: Json[] }[] } | undefined)?.messages ??
      [];
    expect(last.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
    expect(last[1]?.content).toEqual([
      {
        type: "thinking",
        thinking: "I need the time in UTC.",
        signature: simThinkingSignature("I need the time in UTC."),
      },
      { type: "tool_use", id: "toolu_sim_0", name: "get_time", input: { tz: "UTC" } },
    ]);
    expect(last[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_sim_0", content: "12:00" },
    ]);
    expect(last[3]?.content[0]).toEqual({
      type: "thinking",
      thinking: "Now Tokyo.",
      signature: simThinkingSignature("Now Tokyo."),
    });
  });

  it("classifies Anthropic error bodies: a refused key, a refused client, a 529 overload retried", async () => {
    const refused = await setup("sk-fake-abc-01");
    const error = await refused.runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errorClass: "auth",
      status: 401,
      providerType: "authentication_error",
    });
    expect(String((error as Error).message)).not.toContain("sk-fake-abc-01");

    // Kimi Code's User-Agent rule, on this surface too: a permission_error told as such.
    const agent = await setup(undefined, { allowedUserAgents: /^SomeOtherAgent\// });
    const forbidden = await agent.runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
      .catch((caught: unknown) => caught);
    expect(forbidden).toMatchObject({
      errorClass: "forbidden_client",
      status: 403,
      providerType: "permission_error",
    });
    expect(String((forbidden as { hint?: string }).hint)).toContain("User-Agent");

    const { sim, runtime } = await setup();
    sim.failNext(1, { status: 529, type: "overloaded_error", message: "Overloaded" });
    const retries: RuntimeEvent[] = [];
    const result = await runtime.complete(
      { request: { messages: [{ role: "user", content: "hi" }] } },
      (event) => {
        if (event.type === "retry") retries.push(event);
      },
    );
    expect(result.message.content).toBe("You said: hi");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ error: { errorClass: "overloaded", status: 529 } });
  });

  it("tells a rate limit with its Retry-After, and an error event in the middle of a stream", async () => {
    const { sim, runtime } = await setup();
    sim.failNext(1, { status: 429, type: "rate_limit_error", message: "Slow down", retryAfter: 0 });
    const retries: RuntimeEvent[] = [];
    await runtime.complete(
      { request: { messages: [{ role: "user", content: "hi" }] } },
      (event) => {
        if (event.type === "retry") retries.push(event);
      },
    );
    expect(retries[0]).toMatchObject({
      error: { errorClass: "rate_limit", status: 429, providerType: "rate_limit_error" },
    });

    sim.script([
      {
        respond: {
          reply: { text: "A long answer that stops." },
          midStreamError: {
            afterChunks: 6,
            error: { status: 529, type: "overloaded_error", message: "Overloaded" },
          },
        },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const error = await (async () => {
      for await (const _ of runtime.stream({
        request: { messages: [{ role: "user", content: "hi" }] },
      })) {
        // read to the end
      }
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorClass: "overloaded", providerType: "overloaded_error" });
    expect(String((error as Error).message)).toContain("Overloaded");
  });

  it("fails a stream cut mid-way as a network error, not a short answer", async () => {
    const { sim, runtime } = await setup();
    sim.script([{ respond: { cutAfterChunks: 5 }, times: Number.POSITIVE_INFINITY }]);
    const events: RuntimeEvent[] = [];
    const error = await (async () => {
      for await (const event of runtime.stream({
        request: { messages: [{ role: "user", content: "hi" }] },
      }))
        events.push(event);
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorClass: "network" });
    expect(String((error as Error).message)).toContain("cut off after it had started");
    expect(events.some((event) => event.type === "result")).toBe(false);
  });

  it("is no config error any more; openai-responses still is", () => {
    for (const [api, errors] of [
      ["anthropic-messages", 0],
      ["openai-responses", 1],
    ] as const) {
      const config = configFor({ url: "http://127.0.0.1:9" } as Simulator, "sk-fake-abc-01", api);
      const catalog = buildCatalog(loadConfigObject(config, { env: {} }));
      const found = checkCatalog(catalog).filter(
        (finding) => finding.path === "models.providers.kimi-code.api",
      );
      expect(found).toHaveLength(errors);
    }
  });
});
