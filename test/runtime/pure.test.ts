import { describe, expect, it } from "vitest";
import type { ContextOverflow } from "../../src/errors.js";
import type { ChatMessage } from "../../src/providers/types.js";
import {
  addUsage,
  answerCapFromRefusal,
  backoffDelay,
  computeCost,
  createCooldowns,
  estimateTextTokens,
  fitConversation,
  reservedOutputTokens,
  withAnswerRoom,
} from "../../src/runtime/index.js";
import { model } from "./fixtures.js";

describe("computeCost", () => {
  it("bills cached prompt tokens at the cache-read price and the rest at the input price", () => {
    const cost = computeCost(model("moonshot/kimi-k2.5"), {
      promptTokens: 1_000_000,
      completionTokens: 200_000,
      totalTokens: 1_200_000,
      cachedTokens: 400_000,
      cacheWriteTokens: 0,
    });
    expect(cost.input).toBeCloseTo(0.36, 10);
    expect(cost.cacheRead).toBeCloseTo(0.06, 10);
    expect(cost.output).toBeCloseTo(0.5, 10);
    expect(cost.total).toBeCloseTo(0.92, 10);
  });

  it("is zero without usage and never negative with odd numbers", () => {
    expect(computeCost(model("a/b"), undefined).total).toBe(0);
    const odd = computeCost(model("a/b"), {
      promptTokens: 10,
      completionTokens: 5,
      totalTokens: 15,
      cachedTokens: 50,
      cacheWriteTokens: 0,
    });
    expect(odd.input).toBe(0);
    expect(odd.cacheRead).toBeGreaterThan(0);
  });
});

describe("addUsage (a run of several requests: web search, agent rounds)", () => {
  const base = {
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    cachedTokens: 0,
    cacheWriteTokens: 0,
  };
  it("keeps reasoning tokens a provider reported, and leaves them absent when none did", () => {
    expect(addUsage({ ...base, reasoningTokens: 3 }, { ...base, reasoningTokens: 4 })).toEqual({
      promptTokens: 20,
      completionTokens: 10,
      totalTokens: 30,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 7,
    });
    expect(addUsage(base, { ...base, reasoningTokens: 4 }).reasoningTokens).toBe(4);
    expect(addUsage(base, base)).not.toHaveProperty("reasoningTokens");
  });
});

describe("token estimate", () => {
  it("counts CJK text much denser than Latin text of the same length", () => {
    const latin = "a".repeat(400);
    const chinese = "你".repeat(400);
    expect(estimateTextTokens(latin)).toBe(100);
    expect(estimateTextTokens(chinese)).toBeGreaterThan(200);
    expect(estimateTextTokens("")).toBe(0);
    // A character outside the BMP is one character, whether CJK (ext B) or not (emoji).
    expect(estimateTextTokens("\u{20000}".repeat(10))).toBe(7);
    expect(estimateTextTokens("😀".repeat(10))).toBe(5);
    expect(estimateTextTokens("\ud800x")).toBe(1); // a lone surrogate is one odd character
  });
});

describe("withAnswerRoom (input plus output cap within the window)", () => {
  const kimi = { contextWindow: 256_000, maxTokens: 8192, params: {} };
  const request = { messages: [{ role: "user" as const, content: "hi" }] };

  it("leaves a request alone when the default cap fits, or the caller set a cap", () => {
    expect(withAnswerRoom(request, kimi, 10_000, false, false)).toBe(request);
    const capped = { ...request, maxTokens: 8000 };
    expect(withAnswerRoom(capped, kimi, 255_000, false, false)).toBe(capped);
  });

  it("lowers the default cap to the room left, with a margin on a local estimate", () => {
    expect(withAnswerRoom(request, kimi, 250_000, true, false).maxTokens).toBe(6000);
    expect(withAnswerRoom(request, kimi, 245_000, false, false).maxTokens).toBe(6100);
    // 252,000 × 1.02 leaves nothing: the floor kept for the answer goes, the provider judges.
    expect(withAnswerRoom(request, kimi, 252_000, false, false).maxTokens).toBe(256);
    // A thinking model keeps more: given 256 it would spend them all reasoning.
    expect(withAnswerRoom(request, kimi, 252_000, false, true).maxTokens).toBe(1024);
  });

  it("works out the cap that fits from the counts of Moonshot's refusal, within the answer's floor", () => {
    const refusal = (requested: number): ContextOverflow => ({
      by: "provider_tokens",
      limitTokens: 262_144,
      requestedTokens: requested,
    });
    expect(answerCapFromRefusal(refusal(265_596), 8192, kimi, false)).toBe(4740);
    // No room for even the floor: nothing to send again.
    expect(answerCapFromRefusal(refusal(270_300), 8192, kimi, false)).toBeUndefined();
    // Without token counts (none told, or Kimi's byte limit), or when the cap sent already fit,
    // there is nothing to work out.
    expect(answerCapFromRefusal(undefined, 8192, kimi, false)).toBeUndefined();
    expect(
      answerCapFromRefusal(
        { by: "provider_bytes", messageBytes: 2_100_954, limitBytes: 2_097_152 },
        8192,
        kimi,
        false,
      ),
    ).toBeUndefined();
    expect(answerCapFromRefusal(refusal(262_000), 8192, kimi, false)).toBeUndefined();
    // 700 tokens fit an answer, not a thinking model's reasoning and answer.
    expect(answerCapFromRefusal(refusal(269_636), 8192, kimi, false)).toBe(700);
    expect(answerCapFromRefusal(refusal(269_636), 8192, kimi, true)).toBeUndefined();
  });

  it("works out the cap from a refusal that told the limit alone and the input counted after it", () => {
    const limitOnly: ContextOverflow = { by: "provider_limit", limitTokens: 262_144 };
    // Moonshot's own count, 256 tokens kept beside it: 262,144 − 257,400 − 256.
    expect(
      answerCapFromRefusal(limitOnly, 8192, kimi, false, { tokens: 257_400, exact: true }),
    ).toBe(4488);
    // The local estimate, which already counted short: 10% over it, or 2% over what the refusal
    // proves (input over 262,144 - 8,192), whichever is more.
    expect(
      answerCapFromRefusal(limitOnly, 32_000, kimi, true, { tokens: 225_000, exact: false }),
    ).toBe(262_144 - Math.ceil(225_000 * 1.1));
    expect(
      answerCapFromRefusal(limitOnly, 8192, kimi, false, { tokens: 234_000, exact: false }),
    ).toBe(262_144 - Math.ceil(253_953 * 1.02));
    // Nothing counted: nothing to work out; too little left for the floor: nothing either.
    expect(answerCapFromRefusal(limitOnly, 8192, kimi, false)).toBeUndefined();
    expect(
      answerCapFromRefusal(limitOnly, 8192, kimi, false, { tokens: 262_000, exact: true }),
    ).toBeUndefined();
  });

  it("starts from the model's configured params.maxTokens", () => {
    const configured = { ...kimi, maxTokens: 32_768, params: { maxTokens: 4096 } };
    expect(withAnswerRoom(request, configured, 250_000, true, false)).toBe(request);
    expect(withAnswerRoom(request, configured, 253_000, true, false).maxTokens).toBe(3000);
  });
});

describe("fitConversation (drop oldest turns)", () => {
  const big = "word ".repeat(400); // ~500 tokens
  const messages: ChatMessage[] = [
    { role: "system", content: "You are terse." },
    { role: "user", content: `first ${big}` },
    {
      role: "assistant",
      reasoning_content: "need a tool",
      tool_calls: [
        {
          id: "functions.read_file:0",
          type: "function",
          function: { name: "read_file", arguments: "{}" },
        },
      ],
    },
    { role: "tool", tool_call_id: "functions.read_file:0", content: big },
    { role: "assistant", content: "done" },
    { role: "user", content: `second ${big}` },
    { role: "assistant", content: "ok" },
    { role: "user", content: "latest question" },
  ];

  it("keeps everything when it fits", () => {
    const fitted = fitConversation({ messages }, 100_000);
    expect(fitted?.droppedMessages).toBe(0);
    expect(fitted?.messages).toBe(messages);
  });

  it("drops whole turns from the oldest end, keeping system and tool pairs together", () => {
    const fitted = fitConversation({ messages }, 900);
    expect(fitted).toBeDefined();
    const kept = fitted?.messages ?? [];
    expect(kept[0]).toEqual(messages[0]);
    expect(kept.at(-1)).toEqual(messages.at(-1));
    // The first turn (user + tool call + tool result + answer) went as one block.
    expect(kept.some((m) => m.role === "tool")).toBe(false);
    expect(kept.some((m) => m.role === "assistant" && m.tool_calls)).toBe(false);
    expect(fitted?.droppedMessages).toBe(4);
  });

  it("never leaves a tool result without its call", () => {
    for (const budget of [50, 200, 700, 1200, 1800, 5000]) {
      const kept = fitConversation({ messages }, budget)?.messages ?? [];
      const callIds = new Set(
        kept.flatMap((m) => (m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.id) : [])),
      );
      for (const m of kept) if (m.role === "tool") expect(callIds.has(m.tool_call_id)).toBe(true);
    }
  });

  it("gives up when even system + latest turn cannot fit", () => {
    expect(fitConversation({ messages }, 5)).toBeUndefined();
  });

  it("reserves the requested output, capped by the model", () => {
    expect(reservedOutputTokens({ maxTokens: 100_000 }, { maxTokens: 8192 }, false)).toBe(8192);
    expect(reservedOutputTokens({}, { maxTokens: 8192 }, false)).toBe(256);
    // Without a cap from the caller, a thinking model is kept room to reason and answer...
    expect(reservedOutputTokens({}, { maxTokens: 8192 }, true)).toBe(1024);
    // ...but a cap the caller set is theirs, thinking or not.
    expect(reservedOutputTokens({ maxTokens: 300 }, { maxTokens: 8192 }, true)).toBe(300);
  });
});

describe("backoff", () => {
  const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };
  it("grows exponentially with jitter inside [step/2, step], capped", () => {
    expect(backoffDelay(1, policy, undefined, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(4000);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(8000);
  });
  it("never waits less than Retry-After", () => {
    for (const r of [0, 0.5, 1])
      expect(backoffDelay(1, policy, 1000, () => r)).toBeGreaterThanOrEqual(1000);
  });
});

describe("cooldowns", () => {
  it("expire", () => {
    let now = 1000;
    const cooldowns = createCooldowns(() => now);
    cooldowns.coolModel("moonshot/a", 500, "server");
    cooldowns.coolKey("fp", 100, "quota");
    expect(cooldowns.model("moonshot/a")?.reason).toBe("server");
    expect(cooldowns.key("fp")?.reason).toBe("quota");
    now = 1200;
    expect(cooldowns.key("fp")).toBeUndefined();
    expect(cooldowns.model("moonshot/a")).toBeDefined();
    now = 1600;
    expect(cooldowns.model("moonshot/a")).toBeUndefined();
  });
});
