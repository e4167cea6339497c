/**
 * A first client that sends no token (curl without -H, an OpenAI SDK without apiKey) is told
 * where the gateway's token comes from, as a wrong token's 401 is: "send Authorization: Bearer
 * <gateway token>" alone left a newcomer without the command that prints it. A client set up
 * for Azure OpenAI sends its key in an `api-key` header, which is not read: the 401 names that
 * header, where "missing" alone contradicted the token it did send.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const SOURCE =
  "openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

async function messageOf(path: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [] }),
  });
  expect(answer.status).toBe(401);
  return ((await answer.json()) as { error: { message: string } }).error.message;
}

describe("a request without the gateway's token", () => {
  it("is told which command prints the token, on the OpenAI and Anthropic routes", async () => {
    const openai = await messageOf("/chat/completions");
    expect(openai).toBe(
      `missing gateway token: send Authorization: Bearer <gateway token> (${SOURCE})`,
    );
    const anthropic = await messageOf("/messages", { "anthropic-version": "2023-06-01" });
    expect(anthropic).toContain("or x-api-key: <gateway token>");
    expect(anthropic).toContain(SOURCE);
  });

  it("sent in Azure OpenAI's api-key header, is told that header is not read", async () => {
    const message = await messageOf("/chat/completions", { "api-key": GATEWAY_TOKEN });
    expect(message).toBe(
      `missing gateway token: the api-key header (Azure OpenAI's) is not read here; send Authorization: Bearer <gateway token> (${SOURCE})`,
    );
    expect(message).not.toContain(GATEWAY_TOKEN);
  });
});
