/**
 * A client that gives up while its request body is still going out (an aborted upload of a large
 * prompt, a closed laptop lid): its ledger row says the client went away, as it does once the
 * body is in, not that it sent a malformed request.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

describe("a client that disconnects while sending its request body", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const expectContinue of [false, true]) {
    it(`leaves one row saying it disconnected${expectContinue ? " (waiting on 100-continue)" : ""}`, async () => {
      const body = JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "x".repeat(10_000) }],
      });
      const req = request(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${GATEWAY_TOKEN}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(expectContinue ? { expect: "100-continue" } : {}),
        },
      });
      req.on("error", () => {});
      const before =
        (await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests"))[0]?.n ?? 0;
      if (expectContinue) req.flushHeaders();
      else req.write(body.slice(0, 1000));
      await eventually(() => env.gateway.server.activeRequests() === 1, 2000, "the request");
      req.destroy();
      await eventually(() => env.gateway.server.activeRequests() === 0, 2000, "its end");
      await eventually(
        async () =>
          ((await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests"))[0]?.n ??
            0) > before,
        2000,
        "its row",
      );
      const rows = await ledgerQuery(
        env,
        "SELECT status, outcome, error_class AS errorClass FROM requests ORDER BY id",
      );
      expect(rows.slice(before)).toEqual([
        { status: 499, outcome: "client_disconnect", errorClass: "client_disconnect" },
      ]);
    });
  }
});
