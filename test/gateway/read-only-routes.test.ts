/**
 * The gateway's read-only routes (/v1/models, /v1/models/{id}, /healthz, /metrics) asked with a
 * method they do not take, as a first-time user's client asks them: the 405 names the request it
 * answers, since a client's error ("405 …") does not say which call it was, and its Allow header
 * the methods the route takes.
 */
import type { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("a method a read-only route does not take", () => {
  it("is a 405 naming the method and the path, with the route's methods in Allow", async () => {
    // The official client's models.delete(), which OpenAI serves for fine-tuned models.
    const error = await env
      .client()
      .models.delete("moonshot/kimi-k2.5")
      .then(
        () => undefined,
        (thrown: unknown) => thrown as APIError,
      );
    expect([error?.status, error?.code]).toEqual([405, "method_not_allowed"]);
    expect(error?.message).toBe(
      "405 method DELETE is not allowed on /v1/models/moonshot%2Fkimi-k2.5; use GET, HEAD",
    );
    expect(error?.headers?.get("allow")).toBe("GET, HEAD, OPTIONS");
    for (const path of ["/v1/models", "/healthz", "/metrics"]) {
      const answer = await fetch(`${env.gateway.url}${path}?from=probe`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
        `method POST is not allowed on ${path}; use GET, HEAD`,
      );
    }
  });
});
