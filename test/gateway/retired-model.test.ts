/**
 * A model the provider no longer serves (Moonshot retired the K2 previews and kimi-k2-thinking*
 * in 2026), as the official `openai` client meets it through the gateway: the same 404 body as a
 * model the gateway does not know itself, so a client that checks `code` handles both alike.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  // The simulator answers the retired ids as the API does today: 404 resource_not_found_error.
  env = await startGatewayEnv({ sim: { serveRetiredModels: false } });
  client = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: env.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await env?.close();
});

async function refusal(
  request: () => Promise<unknown>,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await request().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

const messages = [{ role: "user" as const, content: "hello" }];

describe("a model the provider has retired", () => {
  it("is a 404 model_not_found on param model, like a model the gateway does not know", async () => {
    const unknown = await refusal(() =>
      client.chat.completions.create({ model: "moonshot/kimi-k9", messages }),
    );
    const asks = [
      () => client.chat.completions.create({ model: "moonshot/kimi-k2-thinking", messages }),
      () => client.chat.completions.create({ model: "Kimi K2 Thinking", messages, stream: true }),
      () => client.responses.create({ model: "moonshot/kimi-k2-turbo-preview", input: "hello" }),
      // Asked again while it cools: still the provider's answer, not a note about a cooldown.
      () => client.chat.completions.create({ model: "moonshot/kimi-k2-thinking", messages }),
    ];
    for (const ask of asks) {
      const error = await refusal(ask);
      expect(error.status).toBe(404);
      expect({ code: error.code, param: error.param, type: error.type }).toEqual({
        code: unknown.code,
        param: unknown.param,
        type: unknown.type,
      });
      expect(error.code).toBe("model_not_found");
      expect(error.param).toBe("model");
      // What to do about it, and the provider's own words for its support.
      expect(error.message).toContain("openclaw models scan --provider moonshot");
      expect(error.message).toContain("resource_not_found_error");
      expect(error.headers?.get("x-trace-id")).toMatch(/^sim-/);
    }
  });
});

describe("a retired default model with a fallback", () => {
  it("is answered by the fallback, asked once, not on every request, and the gateway says once why", async () => {
    const lines: string[] = [];
    const chained = await startGatewayEnv({
      sim: { serveRetiredModels: false },
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["kimi-code/kimi-for-coding"],
      start: { log: (line) => lines.push(line) },
    });
    try {
      const sdk = chained.client();
      for (let i = 0; i < 2; i++) {
        const answer = await sdk.chat.completions.create({ model: "openclaw", messages });
        expect(answer.model).toBe("kimi-code/kimi-for-coding");
      }
      // The 404 is not asked for again on every request: the model cools, the fallback answers.
      const retiredAsked = chained.sim
        .chatRequests()
        .filter((request) => (request.body as { model: string }).model === "kimi-k2-thinking");
      expect(retiredAsked).toHaveLength(1);
      // The start's discovery may also say it is not in the models the key can use: another notice.
      const said = lines.filter(
        (line) =>
          line.includes("moonshot/kimi-k2-thinking") &&
          !line.includes("not in the models your key can use"),
      );
      expect(said).toHaveLength(1);
      expect(said[0]).toContain("404");
      expect(said[0]).toContain("fall back to kimi-code/kimi-for-coding");
      expect(said[0]).toContain("openclaw models scan --provider moonshot");
    } finally {
      await chained.close();
    }
  });
});
