/**
 * Moonshot refuses a request whose input plus answer cap is over the model's window ("Invalid
 * request: Your request exceeded model token limit: 262144 (requested: N)"), counting with its own
 * tokenizer, which may count more than the local estimate. The runtime sends the request again
 * with the cap lowered to what fits beside Moonshot's count, and the result tells the cap as
 * lowered with the input Moonshot counted and the window it refused against (its limit, which
 * may differ from the configured `contextWindow`). Over real sockets to the simulator.
 */
import { describe, expect, it } from "vitest";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { simEnvPerTest } from "./sim-env.js";

const setup = simEnvPerTest();

/** The limit the simulator refuses kimi-k2.5's requests against (the config says 256,000). */
const MOONSHOT_LIMIT = 262_144;

describe("a request Moonshot refuses as over the window", () => {
  it("is sent again with the cap lowered, and the result tells Moonshot's count and limit", async () => {
    // The simulator's tokenizer counts 10% over the local estimate: about 257,400 tokens for a
    // conversation estimated at 234,000, which leaves the default 8,192 room locally only.
    const env = await setup({ sim: { tokenFactor: 1.1 } });
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
    const caps = env.sim
      .chatRequests()
      .map((sent) => (sent.body as { max_tokens?: number }).max_tokens ?? 0);
    expect(caps).toHaveLength(2);
    expect(caps[0]).toBe(8192);
    const lowered = caps[1] ?? 0;
    expect(lowered).toBeLessThan(8192);
    // The first answer was Moonshot's own refusal, in its words.
    const retry = events.find((event) => event.type === "retry");
    expect(retry?.type === "retry" && retry.error.message).toContain(
      `Your request exceeded model token limit: ${MOONSHOT_LIMIT} (requested: `,
    );
    expect(retry).toMatchObject({ corrected: { param: "max_tokens", from: 8192, to: lowered } });
    // Input plus the lowered cap fill Moonshot's limit exactly: the input is Moonshot's count.
    const counted = result.usage?.promptTokens ?? 0;
    expect(counted + lowered).toBe(MOONSHOT_LIMIT);
    expect(result.maxTokensSent).toBe(lowered);
    expect(result.maxTokensLowered).toEqual({
      from: 8192,
      inputTokens: counted,
      contextWindow: MOONSHOT_LIMIT,
    });
  });
});
