/**
 * /v1/responses beside chat completions' OpenAI rules (19242d2d): OpenAI's Responses API takes
 * `parallel_tool_calls` without `tools` (it is a plain boolean there, defaulting to true, and every
 * response repeats it; OpenAI's own agents SDK sends it so with a stored prompt), where OpenAI's
 * chat completions refuses it (the gateway's takes it there too, for Roo Code). The gateway answers such a request, sends nothing of it upstream
 * (there is nothing to call) and repeats it in the response. Responses has no `stop`: it is a 400
 * naming the field, as OpenAI refuses a field it does not know. The `openai` client over a real
 * socket, against the simulator.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const PLAIN = "moonshot/kimi-k2-turbo-preview";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

describe("/v1/responses and the fields chat completions checks by OpenAI's rules", () => {
  it("answers parallel_tool_calls without tools, as OpenAI's Responses API does", async () => {
    const response = await client.responses.create({
      model: PLAIN,
      input: "hi",
      parallel_tool_calls: false,
    });
    expect(response.status).toBe("completed");
    expect(response.parallel_tool_calls).toBe(false);
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(upstream).not.toHaveProperty("parallel_tool_calls");
  });

  it("refuses stop, which the Responses API does not have, naming it", async () => {
    const caught = await apiFailure(
      client.responses.create({
        model: PLAIN,
        input: "hi",
        // @ts-expect-error: not a field of the Responses API
        stop: ["END"],
      }),
    );
    expect(caught.status).toBe(400);
    expect(caught.param).toBe("stop");
  });
});
