/**
 * A provider reached with a login in its base URL (`http://user:password@host/v1`, sent as
 * Authorization: Basic) that refuses the login: the gateway's error says the login was refused
 * and where it is written. It said "rejected the API key" and told the user to check a key that
 * was never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({
    editConfig: (config) => {
      const providers = (config.models as { providers: Record<string, unknown> }).providers;
      const base = new URL((providers.moonshot as { baseUrl: string }).baseUrl);
      base.username = "team";
      base.password = "s3cret-pass";
      providers.corp = {
        baseUrl: base.toString(),
        api: "openai-completions",
        authHeader: false,
        models: [{ id: "kimi-k2.5", name: "Corp K2.5", input: ["text"] }],
      };
      const agents = config.agents as { defaults: { models: Record<string, unknown> } };
      agents.defaults.models["corp/kimi-k2.5"] = {};
    },
  });
});
afterAll(async () => {
  await env?.close();
});

describe("a base URL's login the provider refuses", () => {
  it("is named as the login, with where it is written, and its password is not shown", async () => {
    const answer = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "corp/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(502);
    const message = ((await answer.json()) as { error: { message: string } }).error.message;
    expect(message).toContain(
      "rejected the login in its base URL (user:password@) for model kimi-k2.5",
    );
    expect(message).toContain("check the user name and password in models.providers.corp.baseUrl");
    expect(message).not.toContain("API key");
    expect(message).not.toContain("s3cret-pass");
  });

  it("leaves a refused key worded as before", async () => {
    env.sim.failNext(3, "incorrectApiKey");
    const answer = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(502);
    const message = ((await answer.json()) as { error: { message: string } }).error.message;
    expect(message).toContain("rejected the API key for model kimi-k2.5");
  });
});
