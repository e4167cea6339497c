/**
 * `GET /v1/models`' `supports_reasoning`, which Kimi's clients read to decide whether to show
 * reasoning, says how the gateway serves a model: kimi-k2.5 thinks unless told not to (the
 * gateway sends its thinking switch and replays its reasoning), although the spec's config, as
 * the test config here, calls it `reasoning: false`. It said false.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("supports_reasoning in /v1/models", () => {
  it("is true for kimi-k2.5 though its config says reasoning: false, and false for a K2 that does not think", async () => {
    const response = await fetch(`${env.baseURL}/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const list = (await response.json()) as {
      data: { id: string; supports_reasoning: boolean; reasoning: boolean }[];
    };
    const byId = new Map(list.data.map((model) => [model.id, model]));
    expect(byId.get("moonshot/kimi-k2.5")).toMatchObject({
      supports_reasoning: true,
      reasoning: true,
    });
    expect(byId.get("moonshot/kimi-k2-turbo-preview")?.supports_reasoning).toBe(false);
    expect(byId.get("moonshot/kimi-k2-thinking")?.supports_reasoning).toBe(true);
    expect(byId.get("moonshot/kimi-k3")?.supports_reasoning).toBe(true);
  });
});
