/**
 * The output cap a run's answer went with, on its result: the configured one, or the one the
 * runtime lowered so that input plus cap fit the model's context window, with from what and the
 * input it counted. Against the simulator over real sockets, which cuts at the cap sent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openRuntime } from "../../src/runtime/index.js";
import { type SimEnv, simEnvPerTest } from "./sim-env.js";

const setup = simEnvPerTest();

/** kimi-k2.5 (models.providers.moonshot.models[0]) with a context window of `contextWindow`. */
function withContextWindow(env: SimEnv, contextWindow: number): void {
  const file = path.join(env.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.models.providers.moonshot.models[0].contextWindow = contextWindow;
  writeFileSync(file, JSON.stringify(config, null, 2));
}

const sentCap = (env: SimEnv) =>
  (env.sim.chatRequests().at(-1)?.body as { max_tokens?: unknown } | undefined)?.max_tokens;

describe("the output cap on a run's result", () => {
  it("is the configured one when it fits beside the input", async () => {
    const env = await setup();
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "hi" }], thinking: "off" },
    });
    expect(sentCap(env)).toBe(8192);
    expect(result.maxTokensSent).toBe(8192);
    expect(result.maxTokensLowered).toBeUndefined();
  });

  it("is the lowered one, with from what and the input counted, when the window is short", async () => {
    const env = await setup();
    withContextWindow(env, 3000);
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: {
        messages: [{ role: "user", content: "foxes and their dens ".repeat(300) }],
        thinking: "off",
      },
    });
    const sent = sentCap(env) as number;
    expect(sent).toBeLessThan(8192);
    expect(result.finishReason).toBe("length");
    expect(result.usage?.completionTokens).toBe(sent);
    expect(result.maxTokensSent).toBe(sent);
    expect(result.maxTokensLowered).toMatchObject({ from: 8192, contextWindow: 3000 });
    const input = result.maxTokensLowered?.inputTokens ?? 0;
    expect(input).toBeGreaterThan(1000);
    expect(input + sent).toBeLessThanOrEqual(3000);
  });

  it("is the caller's own cap, never told as lowered", async () => {
    const env = await setup();
    withContextWindow(env, 3000);
    const { runtime } = openRuntime({ env: env.env });
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "hi" }], thinking: "off", maxTokens: 5 },
    });
    expect(result.maxTokensSent).toBe(5);
    expect(result.maxTokensLowered).toBeUndefined();
  });
});
