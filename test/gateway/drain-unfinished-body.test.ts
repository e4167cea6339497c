/**
 * A chat request whose body is still coming in when the drain's deadline passes: the gateway
 * closes its connection, and its ledger row must still be written before the ledger closes,
 * saying the gateway shut down (503, shutdown), not that the client went away.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { eventually, GATEWAY_TOKEN, startGatewayEnv } from "./harness.js";

describe("a drain whose deadline passes while a request body is still coming in", () => {
  it("keeps that request's ledger row, as a shutdown", async () => {
    const env = await startGatewayEnv();
    try {
      const body = JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      });
      const req = request(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${GATEWAY_TOKEN}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      });
      const ended = new Promise<void>((resolve) => {
        req.on("error", () => resolve());
        req.on("response", (res) => {
          res.resume();
          res.on("close", () => resolve());
        });
      });
      // Half the body, and the rest never comes.
      req.write(body.slice(0, 30));
      await eventually(() => env.gateway.server.activeRequests() === 1, 2000, "the request");
      const { cancelled } = await env.gateway.close(50);
      await ended;
      expect(cancelled).toBe(1);
      // The ledger is closed: what it holds is what `openclaw usage` will read.
      const Database = (await import("better-sqlite3")).default;
      const db = new Database(env.gateway.ledgerPath ?? "", { readonly: true });
      try {
        expect(
          db.prepare("SELECT status, outcome, error_class AS errorClass FROM requests").all(),
        ).toEqual([{ status: 503, outcome: "error", errorClass: "shutdown" }]);
      } finally {
        db.close();
      }
    } finally {
      await env.close();
    }
  });
});
