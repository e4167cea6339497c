/**
 * Secrets a client puts where they do not belong. The usage ledger (and `--log-requests`, which
 * prints its rows) keeps the `user` and `model` a client sent: a provider key put there by mistake
 * is not kept on disk as it is. A gateway token in the URL is not read, and the 401 says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerRow } from "../../src/gateway/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

describe("a key-shaped user or model from a client", () => {
  let env: GatewayEnv;
  const rows: LedgerRow[] = [];
  beforeAll(async () => {
    env = await startGatewayEnv({ start: { onRequestFinished: (row) => rows.push(row) } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is kept in the ledger and the request log as sk-***", async () => {
    const userKey = "sk-clientuserkey000000000001";
    const modelKey = "sk-clientmodelkey00000000002";
    const answer = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: modelKey,
        user: userKey,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(404);
    const stored = await ledgerQuery<{ row: string }>(env, "SELECT row FROM request_rows");
    const text = JSON.stringify(stored);
    expect(text).not.toContain(userKey);
    expect(text).not.toContain(modelKey);
    expect(rows.map((row) => [row.client, row.modelRequested])).toEqual([["sk-***", "sk-***"]]);
  });

  it("keeps the gateway's own token out too, whatever its shape, masked to its last four", async () => {
    rows.length = 0;
    // test-gateway-token-0001: no sk- to know it by, as OPENCLAW_GATEWAY_TOKEN may be any text.
    for (const [model, user] of [
      [GATEWAY_TOKEN, GATEWAY_TOKEN],
      ["moonshot/kimi-k2.5", `app ${GATEWAY_TOKEN}`],
    ] as const) {
      const answer = await fetch(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ model, user, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(answer.status).toBe(model === GATEWAY_TOKEN ? 404 : 200);
    }
    const stored = await ledgerQuery<{ row: string }>(env, "SELECT row FROM request_rows");
    expect(JSON.stringify(stored)).not.toContain(GATEWAY_TOKEN);
    expect(rows.map((row) => [row.client, row.modelRequested])).toEqual([
      ["…0001", "…0001"],
      ["app …0001", "moonshot/kimi-k2.5"],
    ]);
  });
});

describe("a gateway token sent in the URL's query string", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is not accepted, and the 401 says the query is not read (without repeating the token)", async () => {
    for (const path of ["/models", "/chat/completions"]) {
      const answer = await fetch(`${env.baseURL}${path}?key=${GATEWAY_TOKEN}`, {
        method: path === "/models" ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        ...(path === "/models"
          ? {}
          : { body: JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [] }) }),
      });
      expect(answer.status, path).toBe(401);
      const text = await answer.text();
      expect(text, path).toContain(`query parameter \\"key\\" is not read`);
      expect(text, path).not.toContain(GATEWAY_TOKEN);
    }
    // Without a token anywhere the answer is the one it was.
    const bare = await fetch(`${env.baseURL}/models?limit=5`);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toBe(
      "missing gateway token: send Authorization: Bearer <gateway token> (openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it)",
    );
  });
});
