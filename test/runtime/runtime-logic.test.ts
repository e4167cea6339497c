/**
 * Retry / fallback / cooldown decisions with a scripted in-process transport (the decision logic
 * in isolation; the same behaviours over real sockets live in simulator tests).
 */
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { ProviderError, type ProviderErrorClass } from "../../src/providers/errors.js";
import type { StreamEvent, Transport, TransportCall } from "../../src/providers/types.js";
import {
  createCooldowns,
  createRuntime,
  type RuntimeEvent,
  runFailureOf,
} from "../../src/runtime/index.js";
import type { CancelSignal } from "../../src/util/cancellation.js";
import { fakeKey, model } from "./fixtures.js";

type Step =
  | { fail: ProviderErrorClass; retryAfterMs?: number; afterText?: string; hint?: string }
  | { text: string };

function scripted(steps: Step[]): { transport: Transport; calls: TransportCall[] } {
  const calls: TransportCall[] = [];
  const transport: Transport = {
    api: "openai-completions",
    async *stream(call): AsyncIterable<StreamEvent> {
      calls.push(call);
      const step = steps.shift() ?? { text: "default" };
      yield { type: "start", model: call.model.id, traceId: "trace-1" };
      if ("fail" in step) {
        if (step.afterText) yield { type: "text", delta: step.afterText };
        throw new ProviderError({
          errorClass: step.fail,
          message: `${step.fail} from ${call.model.ref}`,
          provider: call.model.provider,
          model: call.model.id,
          status: step.fail === "server" ? 500 : 429,
          ...(step.retryAfterMs !== undefined ? { retryAfterMs: step.retryAfterMs } : {}),
          ...(step.hint !== undefined ? { hint: step.hint } : {}),
        });
      }
      yield { type: "text", delta: step.text };
      const usage = {
        promptTokens: 10,
        completionTokens: 5,
        totalTokens: 15,
        cachedTokens: 0,
        cacheWriteTokens: 0,
      };
      yield {
        type: "done",
        finishReason: "stop",
        message: { role: "assistant", content: step.text },
        usage,
        traceId: "trace-1",
      };
    },
  };
  return { transport, calls };
}

const primary = model("moonshot/kimi-k2.5");
const fallback = model("kimi-coding/k2p5", {
  cost: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
});

function setup(steps: Step[], keys: Record<string, string> = {}) {
  const { transport, calls } = scripted(steps);
  const sleeps: number[] = [];
  // A clock that stands still: a wait or a cooldown left is what the runtime set, not less by
  // however long the test took to get there.
  const clock = () => 1_000_000;
  const cooldowns = createCooldowns(clock);
  const runtime = createRuntime({
    resolveChain: (ref) => (ref === "moonshot/kimi-k2.5" ? [primary] : [primary, fallback]),
    resolveKey: (m) =>
      fakeKey(`sk-test-${m.provider}-0001`, keys[m.provider] ?? `fp-${m.provider}`),
    transports: { "openai-completions": transport },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    cooldowns,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { runtime, calls, sleeps, cooldowns };
}

async function collect(events: AsyncIterable<RuntimeEvent>): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const request = { messages: [{ role: "user" as const, content: "hi" }] };

describe("runtime retries and fallbacks", () => {
  it("retries a rate limit honouring Retry-After, then succeeds with cost", async () => {
    const { runtime, sleeps } = setup([
      { fail: "rate_limit", retryAfterMs: 1000 },
      { text: "hello" },
    ]);
    const events = await collect(runtime.stream({ request }));
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    const retry = events.find((e) => e.type === "retry");
    expect(retry).toMatchObject({ type: "retry", attempt: 1, model: "moonshot/kimi-k2.5" });
    const last = events.at(-1);
    expect(last?.type).toBe("result");
    if (last?.type !== "result") return;
    expect(last.result.model).toBe("moonshot/kimi-k2.5");
    expect(last.result.failedAttempts).toHaveLength(1);
    expect(last.result.fallbackFrom).toBeUndefined();
    expect(last.result.cost.total).toBeCloseTo((10 * 0.6 + 5 * 2.5) / 1e6, 12);
  });

  it("never retries quota; falls back and benches the key", async () => {
    const { runtime, calls, sleeps, cooldowns } = setup([
      { fail: "quota" },
      { text: "from fallback" },
    ]);
    const result = await runtime.complete({ request });
    expect(sleeps).toEqual([]);
    expect(calls.map((c) => c.model.ref)).toEqual(["moonshot/kimi-k2.5", "kimi-coding/k2p5"]);
    expect(result.model).toBe("kimi-coding/k2p5");
    expect(result.fallbackFrom).toBe("moonshot/kimi-k2.5");
    expect(result.failedAttempts[0]?.errorClass).toBe("quota");
    expect(cooldowns.key("fp-moonshot")?.reason).toBe("quota");
    expect(calls[0]?.stream).toBe(false);
  });

  it("throws quota at once when there is no fallback", async () => {
    const { runtime, calls } = setup([{ fail: "quota" }]);
    await expect(runtime.complete({ model: "moonshot/kimi-k2.5", request })).rejects.toMatchObject({
      errorClass: "quota",
    });
    expect(calls).toHaveLength(1);
  });

  it("falls back after retries run out and says so in events", async () => {
    const { runtime, calls } = setup([
      { fail: "server" },
      { fail: "server" },
      { fail: "server" },
      { text: "saved" },
    ]);
    const events = await collect(runtime.stream({ request }));
    expect(calls).toHaveLength(4);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(2);
    expect(events.find((e) => e.type === "fallback")).toMatchObject({
      from: "moonshot/kimi-k2.5",
      to: "kimi-coding/k2p5",
    });
  });

  it("skips a cooling model on the next call but still uses the fallback", async () => {
    const { runtime, calls } = setup([
      { fail: "server" },
      { fail: "server" },
      { fail: "server" },
      { text: "one" },
      { text: "two" },
    ]);
    await runtime.complete({ request });
    calls.length = 0;
    const second = await runtime.complete({ request });
    expect(calls.map((c) => c.model.ref)).toEqual(["kimi-coding/k2p5"]);
    expect(second.failedAttempts[0]?.message).toMatch(/cooling down/);
  });

  it("still tries a cooling model when it is the only one", async () => {
    const { runtime, calls, cooldowns } = setup([{ text: "ok" }]);
    cooldowns.coolModel("moonshot/kimi-k2.5", 60_000, "server");
    const result = await runtime.complete({ model: "moonshot/kimi-k2.5", request });
    expect(result.message.content).toBe("ok");
    expect(calls).toHaveLength(1);
  });

  it("with every model cooling, tries the one whose cooldown ends first, never one whose key is benched", async () => {
    const { runtime, calls, cooldowns } = setup([{ text: "ok" }, { text: "ok" }]);
    cooldowns.coolModel("moonshot/kimi-k2.5", 60_000, "rate_limit");
    cooldowns.coolModel("kimi-coding/k2p5", 5_000, "server");
    await runtime.complete({ request });
    expect(calls.map((c) => c.model.ref)).toEqual(["kimi-coding/k2p5"]);
    calls.length = 0;
    // The fallback's key is out of balance: the primary, cooling longer, is the one worth a try.
    cooldowns.coolKey("fp-kimi-coding", 600_000, "quota");
    await runtime.complete({ request });
    expect(calls.map((c) => c.model.ref)).toEqual(["moonshot/kimi-k2.5"]);
  });

  it("throws the failure that happened, not the skip of a cooling fallback, and keeps how the run went", async () => {
    const { runtime, calls, cooldowns } = setup([
      { fail: "server" },
      { fail: "server" },
      { fail: "server" },
    ]);
    cooldowns.coolModel("kimi-coding/k2p5", 10_000, "server");
    const error = await runtime.complete({ request }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errorClass: "server",
      message: "server from moonshot/kimi-k2.5",
    });
    expect(calls).toHaveLength(3);
    expect(runFailureOf(error)).toMatchObject({
      model: "moonshot/kimi-k2.5",
      fallbackFrom: undefined,
      retries: 2,
    });
    // Both models now cool: the report says how long until the first is back.
    expect(runFailureOf(error)?.coolingMs).toBeGreaterThan(0);
  });

  it("with every key benched, calls nothing, names the benched key and says when one is next tried", async () => {
    const { runtime, calls, cooldowns } = setup([]);
    cooldowns.coolKey("fp-moonshot", 600_000, "quota");
    cooldowns.coolKey("fp-kimi-coding", 300_000, "auth");
    const error = await runtime.complete({ request }).catch((caught: unknown) => caught);
    expect(calls).toHaveLength(0);
    expect(error).toMatchObject({ errorClass: "quota" });
    // Each model's reason, not the first one's alone: the refused key is not hidden behind it.
    expect((error as Error).message).toBe(
      "no model of the chain was tried: moonshot/kimi-k2.5 skipped: the API key of provider moonshot is benched for 600s after a quota error (the balance or quota ran out); kimi-coding/k2p5 not tried: provider kimi-coding refused its API key from $MOONSHOT_API_KEY on an earlier request: the key is wrong or was revoked",
    );
    expect((error as OpenClawError).hint).toContain("for kimi-coding/k2p5, ");
    expect(runFailureOf(error)?.failedAttempts[1]?.message).toBe(
      // A refused key is not resting: it is called wrong, with where it comes from.
      "kimi-coding/k2p5 not tried: provider kimi-coding refused its API key from $MOONSHOT_API_KEY on an earlier request: the key is wrong or was revoked",
    );
    expect(runFailureOf(error)).toMatchObject({ model: undefined, retries: 0 });
    // Not the bench's 300 s: the keys are tried again (probed) 30 s on.
    expect(runFailureOf(error)?.coolingMs).toBe(30_000);
  });

  it("a key of the other region, refused once, is then called so, keeping the refusal's advice", async () => {
    const { runtime, calls } = setup([
      {
        fail: "wrong_region",
        hint: "set models.providers.moonshot.baseUrl to the other region's.",
      },
    ]);
    const alone = { model: "moonshot/kimi-k2.5", request };
    const first = await runtime.complete(alone).catch((caught: unknown) => caught);
    // The refusal itself already says where the key came from, after the transport's advice.
    expect((first as OpenClawError).hint).toBe(
      "set models.providers.moonshot.baseUrl to the other region's; or put the right key in $MOONSHOT_API_KEY (read when openclaw starts)",
    );
    const error = await runtime.complete(alone).catch((caught: unknown) => caught);
    // Not sent again: the same key would be refused again.
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({
      errorClass: "wrong_region",
      message:
        "moonshot/kimi-k2.5 not tried: provider moonshot refused its API key from $MOONSHOT_API_KEY on an earlier request: it belongs to the other Moonshot platform",
      hint: "set models.providers.moonshot.baseUrl to the other region's; or put the right key in $MOONSHOT_API_KEY (read when openclaw starts)",
    });
  });

  it("after a used-up balance, says the key is tried again in 30 s, and tries it then", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const { transport, calls } = scripted([{ fail: "quota" }, { text: "balance is back" }]);
    const runtime = createRuntime({
      resolveChain: () => [primary],
      resolveKey: () => fakeKey("sk-test-moonshot-0001", "fp-moonshot"),
      transports: { "openai-completions": transport },
      clock,
      sleep: async () => {},
    });
    const failed = await runtime.complete({ request }).catch((caught: unknown) => caught);
    expect(runFailureOf(failed)?.coolingMs).toBe(30_000);
    now += 10_000;
    const skipped = await runtime.complete({ request }).catch((caught: unknown) => caught);
    expect(calls).toHaveLength(1);
    expect(runFailureOf(skipped)?.coolingMs).toBe(20_000);
    expect((skipped as OpenClawError).hint).toContain("next in 20s");
    now += 20_000;
    expect((await runtime.complete({ request })).message.content).toBe("balance is back");
  });

  it("with its key benched, a lone model is tried again every 30 s, so a topped-up balance is found", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const cooldowns = createCooldowns(clock);
    const { transport, calls } = scripted([{ text: "balance is back" }]);
    const runtime = createRuntime({
      resolveChain: () => [primary],
      resolveKey: () => fakeKey("sk-test-moonshot-0001", "fp-moonshot"),
      transports: { "openai-completions": transport },
      cooldowns,
      clock,
      sleep: async () => {},
    });
    cooldowns.coolKey("fp-moonshot", 600_000, "quota");
    const refused = await runtime.complete({ request }).catch((caught: unknown) => caught);
    expect(calls).toHaveLength(0);
    expect(refused).toMatchObject({ errorClass: "quota" });
    expect((refused as OpenClawError).hint).toContain("tried again every 30 s");
    now += 29_000;
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "quota" });
    expect(calls).toHaveLength(0);
    now += 1_000;
    const answer = await runtime.complete({ request });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
    expect(calls).toHaveLength(1);
  });

  it("reports a cut after output without retrying or falling back", async () => {
    const { runtime, calls } = setup([
      { fail: "network", afterText: "partial " },
      { text: "again" },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of runtime.stream({ request }))
          if (e.type === "text") seen.push(e.delta);
      })(),
    ).rejects.toThrow(/cut off after it had started/);
    expect(seen).toEqual(["partial "]);
    expect(calls).toHaveLength(1);
  });

  it("fails early and clearly when the request cannot fit the window", async () => {
    const { runtime, calls } = setup([]);
    const small = model("moonshot/kimi-k2.5", { contextWindow: 1000 });
    const tiny = createRuntime({
      resolveChain: () => [small],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": scripted([]).transport },
    });
    const long = { messages: [{ role: "user" as const, content: "word ".repeat(4000) }] };
    // No output cap was asked for, so the hint does not suggest lowering one.
    await expect(tiny.complete({ request: long })).rejects.toMatchObject({
      code: "context_too_long",
      hint: "shorten the conversation (start a new session), or pick a model with a larger contextWindow",
    });
    await expect(tiny.complete({ request: { ...long, maxTokens: 500 } })).rejects.toMatchObject({
      code: "context_too_long",
      hint: expect.stringContaining("ask for fewer than 500 output tokens"),
    });
    expect(calls).toHaveLength(0);
    void runtime;
  });

  it("writes the token counts of a request too long with thousands separators", async () => {
    const small = model("moonshot/kimi-k2.5", { contextWindow: 4096 });
    const large = model("kimi-coding/k2p5", { contextWindow: 131_072 });
    const runtimeFor = (chain: ReturnType<typeof model>[]) =>
      createRuntime({
        resolveChain: () => chain,
        resolveKey: () => fakeKey(),
        transports: { "openai-completions": scripted([{ text: "fits" }]).transport },
      });
    const long = { messages: [{ role: "user" as const, content: "word ".repeat(6000) }] };
    // The model skipped for the next one says why, as the fallback's reason.
    const events = await collect(runtimeFor([small, large]).stream({ request: long }));
    const skip = events.find((event) => event.type === "fallback");
    expect(skip?.type === "fallback" && skip.error.message).toMatch(
      /^moonshot\/kimi-k2\.5 skipped: the request is about \d,\d{3} tokens, over its context window of 4,096$/,
    );
    await expect(
      runtimeFor([small]).complete({ request: { ...long, maxTokens: 2000 } }),
    ).rejects.toMatchObject({
      code: "context_too_long",
      message: expect.stringMatching(
        /^the request is about \d,\d{3} tokens, more than moonshot\/kimi-k2\.5 can take \(context window 4,096, 2,000 kept for the answer\)$/,
      ),
      hint: expect.stringContaining("ask for fewer than 2,000 output tokens"),
    });
  });

  it("keeps a thinking model room to reason and answer, where a plain model gets the little left", async () => {
    const question = { messages: [{ role: "user" as const, content: "word ".repeat(1000) }] };
    const runtimeFor = (id: string, reasoning: boolean) => {
      const { transport, calls } = scripted([{ text: "short answer" }]);
      const runtime = createRuntime({
        resolveChain: () => [model(id, { contextWindow: 2000, reasoning })],
        resolveKey: () => fakeKey(),
        transports: { "openai-completions": transport },
      });
      return { runtime, calls };
    };
    // About 1,260 tokens of a 2,000 window: a plain model is sent the ~700 left as its cap.
    const plain = runtimeFor("moonshot/kimi-k2.5", false);
    await plain.runtime.complete({ request: question });
    expect(plain.calls[0]?.request.maxTokens).toBeGreaterThan(600);
    expect(plain.calls[0]?.request.maxTokens).toBeLessThan(800);
    // A thinking model would spend those on reasoning and stop with nothing said: refused
    // before sending, saying why, so an agent compacts instead.
    const thinking = runtimeFor("moonshot/kimi-k2-thinking", true);
    await expect(thinking.runtime.complete({ request: question })).rejects.toMatchObject({
      code: "context_too_long",
      message: expect.stringContaining("1,024 kept for the answer: a thinking model reasons"),
    });
    expect(thinking.calls).toHaveLength(0);
  });

  it("drop-oldest keeps the conversation going within the window", async () => {
    const { transport, calls } = scripted([{ text: "fine" }]);
    const small = model("moonshot/kimi-k2.5", { contextWindow: 1200 });
    const rt = createRuntime({
      resolveChain: () => [small],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": transport },
    });
    const chunk = "word ".repeat(400);
    const messages = [
      { role: "system" as const, content: "sys" },
      { role: "user" as const, content: chunk },
      { role: "assistant" as const, content: chunk },
      { role: "user" as const, content: "now" },
    ];
    const result = await rt.complete({ request: { messages }, context: "drop-oldest" });
    expect(result.droppedMessages).toBe(2);
    expect(calls[0]?.request.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("refuses an image for a text-only model before any request", async () => {
    const { runtime, calls } = setup([]);
    const withImage = {
      messages: [
        {
          role: "user" as const,
          content: [
            { type: "text" as const, text: "what is this" },
            { type: "image_url" as const, image_url: { url: "data:image/png;base64,AAAA" } },
          ],
        },
      ],
    };
    await expect(runtime.complete({ request: withImage })).rejects.toMatchObject({
      code: "image_not_supported",
      hint: expect.stringContaining('add "image" to its "input" in models.providers.'),
    });
    expect(calls).toHaveLength(0);
  });

  it("stops at once when cancelled during a backoff", async () => {
    const { transport, calls } = scripted([{ fail: "server" }, { text: "late" }]);
    const controller = new AbortController();
    const rt = createRuntime({
      resolveChain: () => [primary],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": transport },
      retry: { baseDelayMs: 5000, maxDelayMs: 5000 },
    });
    // Cancelled as the retry is announced, so inside its backoff of seconds, not before it.
    const pending = rt.complete({ request, signal: controller.signal }, (event) => {
      if (event.type === "retry") controller.abort();
    });
    await expect(pending).rejects.toMatchObject({ errorClass: "cancelled" });
    expect(calls).toHaveLength(1);
  });

  it("does not retry a request the transport refused to build", async () => {
    const calls: string[] = [];
    const refusing: Transport = {
      api: "openai-completions",
      // biome-ignore lint/correctness/useYield: refuses before yielding anything
      async *stream(call) {
        calls.push(call.model.ref);
        throw new OpenClawError("tool_schema", "tool parameters must be an object");
      },
    };
    const rt = createRuntime({
      resolveChain: () => [primary, fallback],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": refusing },
      sleep: async () => {},
    });
    await expect(rt.complete({ request })).rejects.toMatchObject({ code: "tool_schema" });
    expect(calls).toEqual(["moonshot/kimi-k2.5"]);
  });

  it("moves to a fallback with a larger window when the primary's is too small", async () => {
    const { transport, calls } = scripted([{ text: "big window" }]);
    const small = model("moonshot/kimi-k2.5", { contextWindow: 600 });
    const rt = createRuntime({
      resolveChain: () => [small, fallback],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": transport },
    });
    const long = { messages: [{ role: "user" as const, content: "word ".repeat(2000) }] };
    const result = await rt.complete({ request: long });
    expect(result.model).toBe("kimi-coding/k2p5");
    expect(result.failedAttempts[0]).toMatchObject({
      model: "moonshot/kimi-k2.5",
      errorClass: "context_length",
    });
    expect(calls.map((c) => c.model.ref)).toEqual(["kimi-coding/k2p5"]);
  });

  it("adds an empty reasoning slot to old tool-call turns only when the model thinks", async () => {
    const history = {
      messages: [
        { role: "user" as const, content: "t?" },
        {
          role: "assistant" as const,
          tool_calls: [
            {
              id: "functions.now:0",
              type: "function" as const,
              function: { name: "now", arguments: "{}" },
            },
          ],
        },
        { role: "tool" as const, tool_call_id: "functions.now:0", content: "12:00" },
        {
          role: "assistant" as const,
          reasoning_content: "kept",
          tool_calls: [
            {
              id: "functions.now:1",
              type: "function" as const,
              function: { name: "now", arguments: "{}" },
            },
          ],
        },
        { role: "tool" as const, tool_call_id: "functions.now:1", content: "12:01" },
      ],
    };
    const thinker = model("moonshot/kimi-k2-thinking", { reasoning: true });
    const plain = model("moonshot/kimi-k2.5", { reasoning: false });
    const seen: Record<string, unknown[]> = {};
    for (const candidate of [thinker, plain]) {
      const { transport, calls } = scripted([{ text: "ok" }]);
      const rt = createRuntime({
        resolveChain: () => [candidate],
        resolveKey: () => fakeKey(),
        transports: { "openai-completions": transport },
      });
      await rt.complete({ request: history });
      seen[candidate.ref] = (calls[0]?.request.messages ?? []).flatMap((m) =>
        m.role === "assistant" ? [m.reasoning_content] : [],
      );
    }
    expect(seen["moonshot/kimi-k2-thinking"]).toEqual(["", "kept"]);
    expect(seen["moonshot/kimi-k2.5"]).toEqual([undefined, "kept"]);
  });
});

describe("runtime relay (push style)", () => {
  it("hands the same events as stream() to the sink and resolves with the result", async () => {
    const streamed = await collect(
      setup([{ fail: "server" }, { text: "hello" }]).runtime.stream({ request }),
    );
    const { runtime } = setup([{ fail: "server" }, { text: "hello" }]);
    const pushed: RuntimeEvent[] = [];
    const result = await runtime.relay({ request }, (event) => {
      pushed.push(event);
    });
    expect(pushed.map((e) => e.type)).toEqual(streamed.map((e) => e.type));
    expect(pushed.map((e) => e.type)).toContain("retry");
    expect(result.message.content).toBe("hello");
    expect(pushed.at(-1)).toMatchObject({
      type: "result",
      result: { model: "moonshot/kimi-k2.5" },
    });
  });

  it("a sink that fails ends the run with its own error, never retried", async () => {
    const { runtime, calls } = setup([{ text: "hello" }, { text: "again" }]);
    const gone = new Error("client gone");
    const run = runtime.relay({ request }, (event) =>
      event.type === "text" ? Promise.reject(gone) : undefined,
    );
    await expect(run).rejects.toBe(gone);
    expect(calls).toHaveLength(1);
  });

  it("stream() stopped early cancels the run's signal", async () => {
    let seenSignal: CancelSignal | undefined;
    const transport: Transport = {
      api: "openai-completions",
      async *stream(call): AsyncIterable<StreamEvent> {
        seenSignal = call.signal;
        yield { type: "start", model: call.model.id, traceId: undefined };
        yield { type: "text", delta: "partial" };
        await new Promise(() => {}); // never finishes on its own
      },
    };
    const runtime = createRuntime({
      resolveChain: () => [primary],
      resolveKey: () => fakeKey(),
      transports: { "openai-completions": transport },
    });
    for await (const event of runtime.stream({ request })) {
      if (event.type === "text") break;
    }
    expect(seenSignal?.aborted).toBe(true);
  });
});
