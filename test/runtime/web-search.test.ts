/**
 * A `webSearch` run against the simulator, over real sockets: the runtime answers Moonshot's
 * `$web_search` calls itself, so the caller sees one answer with every request's tokens.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runAgentToEnd } from "../../src/agent/index.js";
import { ProviderError } from "../../src/providers/errors.js";
import type { RunResult, RuntimeEvent } from "../../src/runtime/index.js";
import { openRuntime, runFailureOf } from "../../src/runtime/index.js";
import { MAX_SEARCH_ROUNDS } from "../../src/runtime/web-search-loop.js";
import { SIM_SEARCH_TOKENS } from "../simulator/reply.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function setup() {
  env = await startSimEnv();
  const opened = openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  return { env, ...opened };
}

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }] });
type Json = Record<string, unknown>;
const bodies = (sim: SimEnv["sim"]) => sim.chatRequests().map((r) => r.body as Json);
const searched = (id: string, tokens = 900) => ({
  search_result: { search_id: id },
  usage: { total_tokens: tokens },
});

async function collect(events: AsyncIterable<RuntimeEvent>): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe("a run that may search the web", () => {
  it("answers the search call itself and returns one answer with both requests' tokens", async () => {
    const { env, runtime } = await setup();
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: ask("What launched today?"),
      webSearch: true,
    });
    expect(result.message.content).toBe("Echo: What launched today? (searched the web)");
    expect(result.message.tool_calls).toBeUndefined();
    expect(result.finishReason).toBe("stop");
    expect(result.webSearches).toEqual([{ callId: "$web_search:0", tokens: SIM_SEARCH_TOKENS }]);

    const [first, second] = bodies(env.sim);
    expect(bodies(env.sim)).toHaveLength(2);
    // Offered the tool, with thinking off (K2.5 thinks unless told; the tool does not work then).
    expect(first?.tools).toEqual([{ type: "builtin_function", function: { name: "$web_search" } }]);
    expect(first?.thinking).toEqual({ type: "disabled" });
    // The call went back as Moonshot asks: the arguments, unchanged, as the tool's result.
    const messages = (second?.messages ?? []) as Json[];
    const call = ((messages[1]?.tool_calls ?? []) as Json[])[0] as { id: string; function: Json };
    expect(call.function.name).toBe("$web_search");
    expect(messages[2]).toMatchObject({
      role: "tool",
      tool_call_id: call.id,
      name: "$web_search",
      content: call.function.arguments,
    });
    // Tokens and cost of both requests: the second carries the search results.
    expect(result.usage?.promptTokens).toBeGreaterThan(SIM_SEARCH_TOKENS);
    const single = await runtime.complete({ model: "moonshot/kimi-k2.5", request: ask("hi") });
    expect(result.cost.total).toBeGreaterThan(single.cost.total * 2);
  });

  it("counts the retries of every round, as the gateway's ledger and /metrics do", async () => {
    const { env, runtime } = await setup();
    // The first round's request fails once; the round after the search goes through.
    env.sim.failNext(1, "server");
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: ask("What launched today?"),
      webSearch: true,
    });
    expect(result.webSearches).toHaveLength(1);
    expect(bodies(env.sim)).toHaveLength(3);
    expect(result.retries).toBe(1);
  });

  it("streams the answer with a web_search event and never the search call", async () => {
    const { runtime } = await setup();
    const events = await collect(
      runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: ask("Who won the match?"),
        webSearch: true,
      }),
    );
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === "tool_call" || t === "tool_call_delta")).toEqual([]);
    expect(types.filter((t) => t === "web_search" || t === "done" || t === "result")).toEqual([
      "web_search",
      "done",
      "result",
    ]);
    expect(events.map((e) => (e.type === "text" ? e.delta : "")).join("")).toBe(
      "Echo: Who won the match? (searched the web)",
    );
    const done = events.find((e) => e.type === "done");
    const result = (events.at(-1) as { result: RunResult }).result;
    // The one `done` and the result agree on the whole run's usage.
    expect(done?.type === "done" && done.usage).toEqual(result.usage);
    expect(result.usage?.promptTokens).toBeGreaterThan(SIM_SEARCH_TOKENS);
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it("searches again when the model asks again, and makes the last allowed request answer", async () => {
    const { env, runtime } = await setup();
    env.sim.script(
      Array.from({ length: MAX_SEARCH_ROUNDS }, (_, i) => ({
        respond: {
          reply: { toolCalls: [{ name: "$web_search", arguments: searched(`s-${i}`) }] },
        },
      })),
    );
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: ask("Dig deep."),
      webSearch: true,
    });
    const sent = bodies(env.sim);
    expect(sent).toHaveLength(MAX_SEARCH_ROUNDS);
    expect(sent.map((body) => body.tool_choice)).toEqual([
      ...Array(MAX_SEARCH_ROUNDS - 1).fill(undefined),
      "none",
    ]);
    expect(result.webSearches).toHaveLength(MAX_SEARCH_ROUNDS - 1);
    // The last request still got a search call (the script's); it is not handed on.
    expect(result.message.tool_calls).toBeUndefined();
    expect(result.finishReason).toBe("stop");
  });

  it("keeps what the model wrote beside its search call, ahead of the answer, streamed or not", async () => {
    const { env, runtime } = await setup();
    const lookUp = {
      respond: {
        reply: {
          text: "Let me look that up. ",
          toolCalls: [{ name: "$web_search", arguments: searched("s-1") }],
        },
      },
    };
    env.sim.script([lookUp]);
    const whole = await runtime.complete({ request: ask("Any news?"), webSearch: true });
    expect(whole.message.content).toBe("Let me look that up. Echo: Any news? (searched the web)");
    env.sim.script([lookUp]);
    const events = await collect(runtime.stream({ request: ask("Any news?"), webSearch: true }));
    expect(events.map((e) => (e.type === "text" ? e.delta : "")).join("")).toBe(
      whole.message.content,
    );
  });

  it("hands the caller's own tool calls back, renumbered, when a search comes with them", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      {
        respond: {
          reply: {
            toolCalls: [
              { name: "$web_search", arguments: searched("s-1") },
              { name: "get_time", arguments: { tz: "UTC" } },
            ],
          },
        },
      },
    ]);
    const events = await collect(
      runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: {
          ...ask("Search, and tell me the time."),
          tools: [{ type: "function", function: { name: "get_time", parameters: {} } }],
        },
        webSearch: true,
      }),
    );
    const calls = events.flatMap((e) => (e.type === "tool_call" ? [e] : []));
    expect(calls.map((c) => [c.index, c.toolCall.function.name])).toEqual([[0, "get_time"]]);
    const deltas = events.flatMap((e) => (e.type === "tool_call_delta" ? [e.index] : []));
    expect(new Set(deltas)).toEqual(new Set([0]));
    const result = (events.at(-1) as { result: RunResult }).result;
    expect(result.finishReason).toBe("tool_calls");
    expect(result.message.tool_calls?.map((c) => c.function.name)).toEqual(["get_time"]);
    expect(result.webSearches).toBeUndefined();
    expect(bodies(env.sim)).toHaveLength(1);
  });

  it("tells the caller when it turned the thinking it asked for off", async () => {
    const { runtime } = await setup();
    const events = await collect(
      runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: { ...ask("What is new?"), thinking: "high" },
        webSearch: true,
      }),
    );
    const notes = events.flatMap((e) => (e.type === "start" ? (e.adjustments ?? []) : []));
    expect(notes).toContain(
      `thinking "high" turned off: Moonshot's $web_search does not work with thinking on`,
    );
    expect(notes.filter((note) => note.includes("$web_search"))).toHaveLength(1);
    expect(events.at(-1)?.type).toBe("result");
  });

  it('runs no search under toolChoice "none": no $web_search offered, thinking not turned off, a note', async () => {
    const { env, runtime } = await setup();
    const events = await collect(
      runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: {
          ...ask("Any news today?"),
          thinking: "on",
          toolChoice: "none",
          tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
        },
        webSearch: true,
      }),
    );
    const result = events.at(-1);
    expect(result?.type === "result" && result.result.message.content).toBe(
      "Echo: Any news today?",
    );
    const [sent] = bodies(env.sim);
    expect(bodies(env.sim)).toHaveLength(1);
    expect(JSON.stringify(sent?.tools)).not.toContain("$web_search");
    expect(sent?.thinking).not.toEqual({ type: "disabled" });
    const notes = events.flatMap((e) => (e.type === "start" ? (e.adjustments ?? []) : []));
    expect(notes.join("\n")).not.toContain("turned off");
    expect(notes).toContain(
      'webSearch not used: toolChoice "none" lets the model call no tool, so the web search was not run (Moonshot\'s $web_search not offered, thinking left as asked); leave toolChoice out or send "auto" for a searched answer',
    );
  });

  it("fails clearly on a model that cannot stop thinking", async () => {
    const { env, runtime } = await setup();
    const error = await runtime
      .complete({
        model: "moonshot/kimi-k2-thinking",
        request: ask("What is new?"),
        webSearch: true,
      })
      .catch((caught: unknown) => caught);
    // Its refusal of the switch is learned and the request sent without it; then the tool is refused.
    expect(error).toMatchObject({ errorClass: "bad_request" });
    expect(String((error as Error).message)).toContain(
      "$web_search is not supported with thinking",
    );
    expect((error as { hint?: string }).hint).toBe(
      "moonshot/kimi-k2-thinking always thinks (it refused thinking off), and Moonshot's $web_search does not work while a model thinks: search with a model that can stop, such as moonshot/kimi-k2.5",
    );
    expect(bodies(env.sim).map((body) => body.thinking)).toEqual([{ type: "disabled" }, undefined]);
  });

  it("fails clearly on Kimi K3, whose thinking can be lowered but not turned off", async () => {
    env = await startSimEnv();
    const { runtime } = openRuntime({
      env: env.env,
      config: {
        models: {
          providers: {
            moonshot: {
              baseUrl: env.sim.moonshotBaseUrl,
              apiKey: "${MOONSHOT_API_KEY}",
              models: [
                { id: "kimi-k2.5", name: "Kimi K2.5" },
                { id: "kimi-k3", name: "Kimi K3", reasoning: true },
              ],
            },
          },
        },
      },
    });
    const error = await runtime
      .complete({ model: "moonshot/kimi-k3", request: ask("What is new?"), webSearch: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorClass: "bad_request", where: "moonshot/kimi-k3" });
    // Known from its config: not sent to be refused.
    expect(String((error as Error).message)).toBe(
      "moonshot/kimi-k3 cannot search the web: it always thinks (its effort can be lowered, not turned off), and Moonshot's $web_search works only with thinking off, so the request was not sent",
    );
    // Not "check the model's params": nothing in the config can make K3 search.
    expect((error as { hint?: string }).hint).toBe(
      "search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask moonshot/kimi-k3 without web search",
    );
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("goes on to the chain's next model when the primary cannot stop thinking, and skips it after", async () => {
    env = await startSimEnv({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({ request: ask("What is new?"), webSearch: true });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(result.message.content).toBe("Echo: What is new? (searched the web)");
    expect(result.fallbackFrom).toBe("kimi-code/kimi-for-coding");
    // The built-in catalog says it always thinks: it is passed over without being sent anything.
    const sent = env.sim.chatRequests().map((r) => r.surface);
    expect(sent).toEqual(["moonshot", "moonshot"]);
  });

  it("does not send a search to Kimi K3 when a later model in the chain can stop thinking", async () => {
    env = await startSimEnv();
    const { runtime } = openRuntime({
      env: env.env,
      config: {
        agents: {
          defaults: { model: { primary: "moonshot/kimi-k3", fallbacks: ["moonshot/kimi-k2.5"] } },
        },
        models: {
          providers: {
            moonshot: {
              baseUrl: env.sim.moonshotBaseUrl,
              apiKey: "${MOONSHOT_API_KEY}",
              models: [
                { id: "kimi-k2.5", name: "Kimi K2.5" },
                { id: "kimi-k3", name: "Kimi K3", reasoning: true },
              ],
            },
          },
        },
      },
    });
    const result = await runtime.complete({ request: ask("What is new?"), webSearch: true });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(result.webSearches).toHaveLength(1);
    const models = bodies(env.sim).map((body) => body.model);
    expect(models).toEqual(["kimi-k2.5", "kimi-k2.5"]);
  });

  it("a request that fails after a search carries what the earlier request and the search cost", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            toolCalls: [{ name: "$web_search", arguments: searched("f1", 1500) }],
            usage: { promptTokens: 500, completionTokens: 20 },
          },
        },
      },
      { when: { model: "kimi-k2.5" }, respond: { error: "contentFilter" } },
    ]);
    const error = await runtime
      .complete({ model: "moonshot/kimi-k2.5", request: ask("search, then fail"), webSearch: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    const failed = error as ProviderError;
    expect(failed.errorClass).toBe("content_filter");
    // The trace id of the request that failed, not of the one that searched.
    expect(failed.traceId).toBe(env.sim.chatRequests()[1]?.traceId);
    expect(failed.accrued?.usage).toMatchObject({ promptTokens: 500, completionTokens: 20 });
    // 0.6 and 2.5 USD per million input and output tokens.
    expect(failed.accrued?.cost.total).toBeCloseTo((500 * 0.6 + 20 * 2.5) / 1e6, 12);
    expect(failed.accrued?.webSearches).toEqual([
      { callId: "functions.$web_search:0", tokens: 1500 },
    ]);
    // Refused: nothing of the failed request is billed, so nothing is estimated.
    expect(failed.accrued?.unreported).toBeUndefined();
    // --json output (`agent --json`'s error) shows the same figures as a result would.
    // The amounts printed without floating-point noise (0.0003 + 0.00005 is 0.00035000000000000005).
    expect(failed.toJSON().accrued).toEqual({
      usage: failed.accrued?.usage,
      cost: { input: 0.0003, output: 0.00005, cacheRead: 0, cacheWrite: 0, total: 0.00035 },
      webSearches: [{ callId: "functions.$web_search:0", tokens: 1500 }],
    });
    // The run's own report (the model it called last) stays with the error.
    expect(runFailureOf(error)?.model).toBe("moonshot/kimi-k2.5");
  });

  it("lets the agent loop search, as one model call of its run", async () => {
    const { runtime } = await setup();
    const seen: string[] = [];
    const result = await runAgentToEnd(
      { runtime, messages: ask("Any news on Kimi?").messages, webSearch: true },
      (event) => {
        if (event.type === "start" && event.adjustments) seen.push(...event.adjustments);
        if (event.type === "web_search") seen.push("searched");
      },
    );
    expect(result.message.content).toBe("Echo: Any news on Kimi? (searched the web)");
    expect(result.rounds).toBe(1);
    expect(result.results[0]?.webSearches).toHaveLength(1);
    expect(seen).toEqual(["searched"]);
  });

  it("a search call cut at the output limit is not sent back: the answer ends cut, no search ran", async () => {
    const { env, runtime } = await setup();
    const searches: RuntimeEvent[] = [];
    // 10 tokens: the search call's arguments stop part-way (the simulator cuts as the API does).
    const result = await runtime.complete(
      {
        model: "moonshot/kimi-k2.5",
        request: { ...ask("What launched today?"), maxTokens: 10 },
        webSearch: true,
      },
      (event) => {
        if (event.type === "web_search") searches.push(event);
      },
    );
    // Before, the cut arguments went back as the tool's result and a second request "searched".
    expect(bodies(env.sim)).toHaveLength(1);
    expect(searches).toEqual([]);
    expect(result.finishReason).toBe("length");
    expect(result.webSearchCut).toBe(true);
    expect(result.webSearches).toBeUndefined();
    expect(result.message.tool_calls).toBeUndefined();
    expect(result.maxTokensSent).toBe(10);
    expect(result.maxTokensLowered).toBeUndefined();

    // The agent loop ends as for its own cut calls: no answer, the run says toolCallsCut.
    const agent = await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: "Any news on Kimi?" }],
      webSearch: true,
      maxTokens: 10,
    });
    expect(agent.toolCallsCut).toBe(true);
    expect(agent.rounds).toBe(1);
    expect(bodies(env.sim)).toHaveLength(2);
  });
});
