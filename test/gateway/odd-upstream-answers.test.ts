/**
 * The gateway's answer when something other than the API answers at a provider's base URL: a
 * captive portal's sign-in page (the network to sign in to: said on every request, never hidden
 * behind a cooldown of the provider, and a fallback still answers), Caddy's empty 200 and AWS API
 * Gateway's 403 "Missing Authentication Token" (no API at the base URL, not a refused key). Each
 * as an OpenAI-format 502. Real gateway, simulator, a real HTTP server on 127.0.0.1, the official
 * client.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let upstream: Server;
let origin: string;
beforeAll(async () => {
  upstream = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const kind = (request.url ?? "").split("/")[1];
      if (kind === "caddy") {
        response.writeHead(200);
        response.end();
      } else if (kind === "api-gateway") {
        response.writeHead(403, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: "Missing Authentication Token" }));
      } else {
        response.writeHead(200, { "content-type": "text/html" });
        response.end(
          "<html><head><title>Guest Wi-Fi Login</title></head><body>Accept the terms</body></html>",
        );
      }
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

function providers() {
  const provider = (kind: string) => ({
    baseUrl: `${origin}/${kind}/v1`,
    apiKey: "sk-test-odd-0001",
    api: "openai-completions",
    models: [{ id: "m", name: "M" }],
  });
  return {
    wifi: provider("portal"),
    caddy: provider("caddy"),
    awsgw: provider("api-gateway"),
  };
}

async function refusal(
  env: GatewayEnv,
  model: string,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await env.client().chat.completions.create({
      model,
      messages: [{ role: "user", content: "hello" }],
    });
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error(`${model} answered`);
}

describe("with no fallback", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ primary: "wifi/m", fallbacks: [], extraProviders: providers() });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a captive portal's page: a 502 naming the page, on every request, never 'skipped'", async () => {
    for (let i = 0; i < 2; i++) {
      const error = await refusal(env, "wifi/m");
      expect(error.status).toBe(502);
      expect(error.type).toBe("upstream_error");
      expect(error.message).toContain(
        `wifi (${new URL(origin).host}) got a web page from the network in place of its API (asked for model m): 200 an HTML page ("Guest Wi-Fi Login")`,
      );
      expect(error.message).toContain("most likely a captive portal");
      expect(error.message).not.toMatch(/skipped|cooling|no API answered/);
    }
  });

  it.each([
    [
      "caddy/m",
      "200 an empty body, as a web server answers a path it has no route at (Caddy does)",
    ],
    [
      "awsgw/m",
      "403 Missing Authentication Token (AWS API Gateway's answer for a path it has no route at, not a refusal of the key)",
    ],
  ])("%s: a 502 saying no API is at the base URL", async (model, said) => {
    const error = await refusal(env, model);
    expect(error.status).toBe(502);
    expect(error.code).toBe("upstream_no_api");
    expect(error.message).toContain(`has no API at its base URL (asked for model m): ${said}`);
    expect(error.message).toContain(`models.providers.${model.split("/")[0]}.baseUrl`);
    expect(error.message).not.toMatch(/rejected the API key|User-Agent/);
  });
});

describe("with a fallback on another provider", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      primary: "wifi/m",
      fallbacks: ["kimi-code/kimi-for-coding"],
      extraProviders: providers(),
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a captive portal's page: the fallback answers", async () => {
    const answer = await env.client().chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(answer.model).toBe("kimi-code/kimi-for-coding");
  });
});
