/**
 * A client that goes away while the gateway waits for it to read (its socket buffers full) ends
 * the run with the gateway's own "client disconnected" error. Each such request's ledger row must
 * describe that request: the model it asked for and was sent to, not an earlier request's.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

const AUTH = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };

/** Streams a long answer to a client that reads nothing and then hangs up. */
function abandonUnread(env: GatewayEnv, model: string): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${env.baseURL}/chat/completions`,
      { method: "POST", headers: AUTH },
      (res) => {
        res.pause();
        // Long enough for the gateway's writes to back up behind the unread socket.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 400);
      },
    );
    req.on("error", () => resolve());
    req.end(
      JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "a lot" }] }),
    );
  });
}

describe("a client that hangs up on an unread stream", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("gets a ledger row of its own each time, naming the model it was sent to", async () => {
    const big = {
      reply: { text: "x".repeat(8_000_000) },
      stream: { chunkChars: 4000 },
      overrunsOutputCap: true,
    };
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: big },
      { when: { model: "kimi-k2.5" }, respond: big },
    ]);
    await abandonUnread(env, "moonshot/kimi-k2-turbo-preview");
    await abandonUnread(env, "moonshot/kimi-k2.5");
    type Row = { model_requested: string; model_used: string | null; error_class: string | null };
    let rows: Row[] = [];
    await eventually(
      async () => {
        rows = await ledgerQuery<Row>(
          env,
          "SELECT model_requested, model_used, error_class FROM requests ORDER BY id",
        );
        return rows.length >= 2;
      },
      10_000,
      "both rows",
    );
    expect(rows).toEqual([
      {
        model_requested: "moonshot/kimi-k2-turbo-preview",
        model_used: "moonshot/kimi-k2-turbo-preview",
        error_class: "client_disconnect",
      },
      {
        model_requested: "moonshot/kimi-k2.5",
        model_used: "moonshot/kimi-k2.5",
        error_class: "client_disconnect",
      },
    ]);
  });
});
