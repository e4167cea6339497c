/**
 * The usage ledger (and `--log-requests`, which prints its rows) keeps the `user` and `model` a
 * client sent. A provider key a client put there by mistake is not kept on disk as it is.
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
});
