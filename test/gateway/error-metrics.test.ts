/**
 * `/metrics`' two families about failures agree: every request answered with an error status,
 * on any route, is counted in openclaw_gateway_errors_total with its class, as it is in
 * openclaw_gateway_requests_total with its status. An error ratio computed from them is right.
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

/** The samples of one metric family, as `{labels} value` pairs keyed by label text. */
function samples(text: string, family: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${family}{`)) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(family.length, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe("errors_total and requests_total", () => {
  it("count the failures of every route alike: 401s on /v1/models and /metrics, 404s, 405s", async () => {
    const bearer = { authorization: `Bearer ${GATEWAY_TOKEN}` };
    const wrong = { authorization: "Bearer not-the-token" };
    const statuses = [
      (await fetch(`${env.baseURL}/models`, { headers: wrong })).status,
      (await fetch(`${env.gateway.url}/metrics`)).status,
      (await fetch(`${env.baseURL}/models/no-such-model`, { headers: bearer })).status,
      (await fetch(`${env.baseURL}/nowhere`, { headers: bearer })).status,
      (await fetch(`${env.baseURL}/models`, { method: "DELETE", headers: bearer })).status,
      (await fetch(`${env.baseURL}/chat/completions`, { headers: bearer })).status,
      (
        await fetch(`${env.baseURL}/chat/completions`, {
          method: "POST",
          headers: { ...wrong, "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ];
    expect(statuses).toEqual([401, 401, 404, 404, 405, 405, 401]);
    const text = await (await fetch(`${env.gateway.url}/metrics`, { headers: bearer })).text();
    const errors = samples(text, "openclaw_gateway_errors_total");
    expect(Object.fromEntries(errors)).toEqual({
      '{class="auth"}': 3,
      '{class="not_found"}': 2,
      '{class="bad_request"}': 2,
    });
    let failedRequests = 0;
    for (const [labels, count] of samples(text, "openclaw_gateway_requests_total"))
      if (/status="[45]\d\d"/.test(labels)) failedRequests += count;
    expect(failedRequests).toBe(statuses.length);
  });
});
