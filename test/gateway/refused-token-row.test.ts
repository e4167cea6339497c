/**
 * A chat request refused for a wrong gateway token still gets its ledger row (every request is
 * recorded), but anyone who can reach the port can send those: the row keeps nothing the client
 * sent (no body, no model, no `user`, no header), so each is small however large the request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const GARBAGE = "x".repeat(64 * 1024);
/** Header values as long as Node reads (its limit is 16 KiB for all of them together). */
const LONG_HEADER = "y".repeat(4 * 1024);

describe("the ledger row of a request with a wrong token", () => {
  it("keeps none of the client's text: each row stays small whatever the request carried", async () => {
    const body = JSON.stringify({
      model: GARBAGE,
      user: GARBAGE,
      safety_identifier: GARBAGE,
      metadata: { user_id: GARBAGE },
      max_tokens: 10,
      stream: true,
      messages: [{ role: "user", content: GARBAGE }],
      input: GARBAGE,
    });
    const headers = {
      authorization: `Bearer wrong-${"z".repeat(2048)}`,
      "x-api-key": `wrong-${"k".repeat(2048)}`,
      "content-type": "application/json",
      "user-agent": LONG_HEADER,
      "x-client-name": LONG_HEADER,
    };
    for (const path of ["/v1/chat/completions", "/v1/responses", "/v1/messages"]) {
      const response = await fetch(`${env.gateway.url}${path}`, { method: "POST", headers, body });
      expect(response.status, path).toBe(401);
      await response.text();
    }
    await eventually(
      async () =>
        (await ledgerQuery<{ n: number }>(env, "SELECT COUNT(*) AS n FROM requests"))[0]?.n === 3,
      5000,
      "a row for each refused request",
    );
    const rows = await ledgerQuery<{
      api: string;
      client: string;
      model_requested: string | null;
      status: number;
      error_class: string;
    }>(env, "SELECT api, client, model_requested, status, error_class FROM requests ORDER BY id");
    expect(rows.map((row) => row.api)).toEqual(["chat_completions", "responses", "messages"]);
    for (const row of rows) {
      // The socket's address, not any text of the request's.
      expect(row).toMatchObject({ model_requested: null, status: 401, error_class: "auth" });
      expect(row.client).toMatch(/^[0-9a-f.:]+$/i);
    }
    // What the ledger stores per row, all of it: a few hundred bytes, nothing of the 64 KiB.
    const sizes = await ledgerQuery<{ size: number }>(
      env,
      "SELECT LENGTH(row) AS size FROM request_rows",
    );
    expect(sizes).toHaveLength(3);
    for (const { size } of sizes) expect(size).toBeLessThan(512);
  });
});
