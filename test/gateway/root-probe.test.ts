/**
 * Claude Code 2.1.197 sends `HEAD /` (no token) before its first request. It was answered 404
 * and counted in openclaw_gateway_errors_total{class="not_found"}, one error per claude session
 * on a gateway that had failed nothing. The root now answers 200, with what this server is.
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

describe("a probe of the root", () => {
  it("is a 200 saying what answers here, on HEAD and GET, and no error in /metrics", async () => {
    // As Claude Code sends it: Bun's user agent, no authorization.
    const head = await fetch(`${env.gateway.url}/`, {
      method: "HEAD",
      headers: { "user-agent": "Bun/1.4.0", accept: "*/*" },
    });
    expect(head.status).toBe(200);
    const get = await fetch(`${env.gateway.url}/`);
    expect(get.status).toBe(200);
    const body = (await get.json()) as { object: string; message: string };
    expect(body.object).toBe("openclaw.gateway");
    expect(body.message).toContain("POST /v1/messages");

    const post = await fetch(`${env.gateway.url}/`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");

    const metrics = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    expect(metrics).not.toContain('openclaw_gateway_errors_total{class="not_found"}');
    expect(metrics).toContain('openclaw_gateway_requests_total{route="other",status="200"} 2');
  });
});
