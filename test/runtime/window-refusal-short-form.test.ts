/**
 * Moonshot sometimes refuses a request whose input plus answer cap is over the window with its
 * limit alone: "Your request exceeded model token limit: 262144", no "(requested: N)". The
 * runtime counts the input after that refusal (Moonshot's token-count endpoint; Kimi Code has
 * none, so the local estimate with a wider margin) and sends the request once more with the cap
 * that leaves room, as it does for the refusal that names its count. Over real sockets to the
 * simulator, told to refuse in the short form.
 */
import { describe, expect, it } from "vitest";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { simEnvPerTest } from "./sim-env.js";

const setup = simEnvPerTest();

/**
 * A short answer (the simulator echoes the prompt by default, which the cap would cut), to a chat
 * request only: not to the token-count request.
 */
const answer = (path: string) => ({
  when: { path },
  respond: { reply: { text: "Summary: all words." } },
});

/** The limit the simulator refuses requests against (the sim-env config says 256,000 for K2.5). */
const LIMIT = 262_144;
/** Kept beside Moonshot's own count of the input (estimate.ts). */
const COUNT_MARGIN = 256;

type Sent = { max_tokens?: number };

describe("a request refused as over the window with the limit alone", () => {
  it("is counted at Moonshot's token-count endpoint and sent once more with a cap that fits", async () => {
    // The simulator counts 10% over the local estimate: about 257,400 tokens for a conversation
    // estimated at 234,000, beside which the default 8,192 goes over the window.
    const env = await setup({ sim: { tokenFactor: 1.1, tokenLimitWording: "short" } });
    env.sim.script([answer("/v1/chat/completions")]);
    const { runtime } = openRuntime({ env: env.env });
    const events: RuntimeEvent[] = [];
    const result = await runtime.complete(
      {
        model: "moonshot/kimi-k2.5",
        request: {
          messages: [{ role: "user", content: "word ".repeat(187_200) }],
          thinking: "off",
        },
      },
      (event) => {
        events.push(event);
      },
    );
    const caps = env.sim.chatRequests().map((sent) => (sent.body as Sent).max_tokens ?? 0);
    expect(caps).toHaveLength(2);
    expect(caps[0]).toBe(8192);
    const lowered = caps[1] ?? 0;
    // The refusal said no count: the runtime asked Moonshot's count between the two requests.
    const paths = env.sim.requests.map((sent) => sent.path);
    expect(paths.filter((p) => p.endsWith("/tokenizers/estimate-token-count"))).toHaveLength(1);
    const retry = events.find((event) => event.type === "retry");
    const refusal = retry?.type === "retry" ? retry.error.message : "";
    expect(refusal).toContain(`exceeded model token limit: ${LIMIT} (trace`);
    expect(refusal).not.toContain("requested");
    expect(retry).toMatchObject({ corrected: { param: "max_tokens", from: 8192, to: lowered } });
    // The input Moonshot counted, the cap and the margin fill its limit; the answer came.
    const counted = result.usage?.promptTokens ?? 0;
    expect(counted + lowered + COUNT_MARGIN).toBe(LIMIT);
    expect(result.finishReason).toBe("stop");
    expect(result.message.content).toBe("Summary: all words.");
    expect(result.failedAttempts).toEqual([]);
    expect(result.corrections).toHaveLength(1);
    expect(result.maxTokensSent).toBe(lowered);
    expect(result.maxTokensLowered).toEqual({
      from: 8192,
      inputTokens: counted,
      contextWindow: LIMIT,
    });
  });

  it("falls back on the local estimate when Moonshot's token count fails", async () => {
    const env = await setup({ sim: { tokenFactor: 1.1, tokenLimitWording: "short" } });
    env.sim.script([
      { when: { path: "/v1/tokenizers/estimate-token-count" }, respond: { error: "server" } },
      answer("/v1/chat/completions"),
    ]);
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "word ".repeat(187_200) }], thinking: "off" },
    });
    const caps = env.sim.chatRequests().map((sent) => (sent.body as Sent).max_tokens ?? 0);
    // The refusal proves the input over 262,144 - 8,192 tokens: 2% is kept over that, more than
    // the estimate (about 234,000) plus 10%.
    expect(caps).toEqual([8192, LIMIT - Math.ceil((LIMIT - 8192 + 1) * 1.02)]);
    expect(result.message.content).toBe("Summary: all words.");
  });

  it("on Kimi Code, which has no token-count endpoint, is sized by the local estimate with a margin", async () => {
    // Estimated at about 225,000 tokens, counted 5% more (about 236,000): the default 32,000
    // goes over the window, a cap sized by the estimate plus 10% fits.
    const env = await setup({
      sim: { tokenFactor: 1.05, tokenLimitWording: "short" },
      primary: "kimi-code/kimi-for-coding",
    });
    env.sim.script([answer("/coding/v1/chat/completions")]);
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({
      model: "kimi-code/kimi-for-coding",
      request: { messages: [{ role: "user", content: "word ".repeat(180_000) }] },
    });
    const caps = env.sim.chatRequests().map((sent) => (sent.body as Sent).max_tokens ?? 0);
    expect(caps).toHaveLength(2);
    expect(caps[0]).toBe(32_000);
    const lowered = caps[1] ?? 0;
    expect(lowered).toBeGreaterThanOrEqual(1024);
    expect(lowered).toBeLessThan(32_000);
    expect(env.sim.requests.some((sent) => sent.path.includes("/tokenizers/"))).toBe(false);
    expect(result.finishReason).toBe("stop");
    expect(result.message.content).toBe("Summary: all words.");
    expect(result.maxTokensSent).toBe(lowered);
    expect(result.corrections?.[0]).toMatchObject({
      model: "kimi-code/kimi-for-coding",
      corrected: { param: "max_tokens", from: 32_000, to: lowered },
    });
  });

  it("is corrected once only: a lowered cap refused again fails with the refusal and its hint", async () => {
    // Counted 25% over the estimate: the cap the estimate plus 10% leaves is still too much.
    const env = await setup({
      sim: { tokenFactor: 1.25, tokenLimitWording: "short" },
      primary: "kimi-code/kimi-for-coding",
    });
    const { runtime } = openRuntime({ env: env.env });
    const failure = await runtime
      .complete({
        model: "kimi-code/kimi-for-coding",
        request: { messages: [{ role: "user", content: "word ".repeat(180_000) }] },
      })
      .then(
        () => undefined,
        (error: unknown) => error as { errorClass?: string; message: string; hint?: string },
      );
    expect(env.sim.chatRequests()).toHaveLength(2);
    expect(failure?.errorClass).toBe("context_length");
    expect(failure?.message).toContain(`exceeded model token limit: ${LIMIT}`);
    expect(failure?.hint).toContain("shorten the conversation");
  });

  it("is not sent again when what is left for the answer is below the floor", async () => {
    // Counted 20% over the estimate (about 281,000 tokens): over the window by itself.
    const env = await setup({ sim: { tokenFactor: 1.2, tokenLimitWording: "short" } });
    const { runtime } = openRuntime({ env: env.env });
    const failure = await runtime
      .complete({
        model: "moonshot/kimi-k2.5",
        request: {
          messages: [{ role: "user", content: "word ".repeat(187_200) }],
          thinking: "off",
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error as { errorClass?: string; hint?: string },
      );
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(failure?.errorClass).toBe("context_length");
    expect(failure?.hint).toContain("shorten the conversation");
  });

  it("a cap the caller set is not lowered", async () => {
    const env = await setup({ sim: { tokenFactor: 1.1, tokenLimitWording: "short" } });
    const { runtime } = openRuntime({ env: env.env });
    await expect(
      runtime.complete({
        model: "moonshot/kimi-k2.5",
        request: {
          messages: [{ role: "user", content: "word ".repeat(187_200) }],
          thinking: "off",
          maxTokens: 8192,
        },
      }),
    ).rejects.toMatchObject({ errorClass: "context_length" });
    expect(env.sim.chatRequests()).toHaveLength(1);
  });
});
