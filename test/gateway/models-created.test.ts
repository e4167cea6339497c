/**
 * `created` in GET /v1/models and /v1/models/{id}: it was 0 for every model, which OpenAI's
 * clients show as 1970-01-01. Now a built-in model's release day; the same for a config entry or
 * another provider serving the same id; a fixed day (2025-07-11, Kimi K2's release) for a model
 * with none on record (a model only the config defines, kimi-for-coding). The official openai
 * client over a real gateway and the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv, withUnknownProvider } from "./harness.js";

/** Unix seconds of a day's start, UTC. */
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ editConfig: withUnknownProvider("elsewhere") });
});
afterAll(async () => {
  await env?.close();
});

describe("GET /v1/models: created", () => {
  it("is each model's release day, or the fixed day for one without", async () => {
    const created: Record<string, number> = {};
    for await (const model of env.client().models.list()) created[model.id] = model.created;
    expect(created).toEqual({
      openclaw: day("2026-01-27"), // its primary's, moonshot/kimi-k2.5
      "moonshot/kimi-k2.5": day("2026-01-27"),
      "elsewhere/kimi-k2.5": day("2026-01-27"),
      "moonshot/kimi-k2-thinking": day("2025-11-06"),
      "moonshot/kimi-k2-turbo-preview": day("2025-07-11"),
      "moonshot/kimi-k3": day("2025-07-11"),
      "kimi-code/kimi-for-coding": day("2025-07-11"),
    });
  });

  it("is the same for one model retrieved, and on every request", async () => {
    const client = env.client();
    const first = await client.models.retrieve("moonshot/kimi-k2-thinking");
    const again = await client.models.retrieve("Kimi K2 Thinking");
    expect(first.created).toBe(day("2025-11-06"));
    expect(again.created).toBe(first.created);
  });
});
