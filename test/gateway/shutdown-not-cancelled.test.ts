/**
 * A stream the gateway's own stop cuts (the drain deadline passed) is the operator stopping the
 * gateway, not a client leaving: its row says 503 shutdown, /metrics counts it among the errors
 * (class `shutdown`), not in openclaw_gateway_requests_cancelled_total, and `openclaw usage`
 * counts it as an error. A client that leaves while the gateway drains did cancel: 499,
 * client_disconnect, counted as cancelled everywhere. A count_tokens upload the stop cuts is a
 * shutdown too (it has no row: /metrics only).
 */
import { connect } from "node:net";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { eventually, GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };

/** A streamed chat request of a slow answer, read until its first bytes came. */
async function slowStream(
  content: string,
): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; controller: AbortController }> {
  const controller = new AbortController();
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream: true,
      messages: [{ role: "user", content }],
    }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  await reader.read();
  return { reader, controller };
}

/** Reads a stream to its end (or its cut), whatever ends it. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done);
  } catch {
    // The connection closed under it.
  }
}

/** The samples of `family` as `class → count`. */
function byClass(text: string, family: string): Record<string, number> {
  const parsed = parseExposition(text);
  expect(parsed.problems).toEqual([]);
  return Object.fromEntries(
    (parsed.families.get(family)?.samples ?? []).map((s) => [s.labels.class ?? "", s.value]),
  );
}

describe("a stream the gateway's stop cuts, and one its client leaves during the drain", () => {
  it("counts the stop's as an error (shutdown) and the client's as cancelled, in the ledger, /metrics and usage", async () => {
    const slow = {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { text: "word ".repeat(400) },
        stream: { chunkChars: 5 },
        chunkDelayMs: 50,
      },
    };
    env.sim.script([slow, slow]);
    const stopped = await slowStream("the one the stop cuts");
    const left = await slowStream("the one whose client leaves");
    const closing = env.gateway.close(2000);
    // The client leaves while the gateway drains, well before the deadline.
    left.controller.abort();
    await eventually(
      () => env.gateway.server.activeRequests() === 1,
      2000,
      "the left request ended",
    );
    await drain(stopped.reader);
    expect((await closing).cancelled).toBe(1);

    // The ledger is closed: what it holds is what `openclaw usage` reads.
    const db = new Database(env.gateway.ledgerPath ?? "", { readonly: true });
    try {
      expect(
        db
          .prepare(
            "SELECT status, outcome, error_class AS errorClass FROM requests ORDER BY status",
          )
          .all(),
      ).toEqual([
        { status: 499, outcome: "client_disconnect", errorClass: "client_disconnect" },
        { status: 503, outcome: "error", errorClass: "shutdown" },
      ]);
    } finally {
      db.close();
    }

    const text = env.gateway.server.metrics.render();
    expect(byClass(text, "openclaw_gateway_errors_total")).toEqual({ shutdown: 1 });
    expect(byClass(text, "openclaw_gateway_requests_cancelled_total")).toEqual({
      client_disconnect: 1,
    });
    const statuses = (
      parseExposition(text).families.get("openclaw_gateway_requests_total")?.samples ?? []
    )
      .filter((s) => s.labels.route === "chat_completions")
      .map((s) => [s.labels.status, s.value]);
    expect(Object.fromEntries(statuses)).toEqual({ "499": 1, "503": 1 });

    const usage = await runCli(["usage", "--since", "1d", "--json"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(usage.code).toBe(0);
    const total = (JSON.parse(usage.stdout) as { total: Record<string, number> }).total;
    expect(total).toMatchObject({ requests: 2, errors: 1, cancelled: 1 });
    const errors = await runCli(["usage", "--errors", "--json"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(errors.code).toBe(0);
    const listed = (JSON.parse(errors.stdout) as { requests: Array<{ errorClass: string }> })
      .requests;
    expect(listed.map((row) => row.errorClass)).toEqual(["shutdown"]);
  });

  it("counts a count_tokens upload the stop cuts as a shutdown, not as cancelled", async () => {
    const own = await startGatewayEnv();
    try {
      const url = new URL(own.gateway.url);
      const socket = connect(Number(url.port), url.hostname, () => {
        // Half a body: the rest never comes.
        socket.write(
          "POST /v1/messages/count_tokens HTTP/1.1\r\n" +
            `host: ${url.host}\r\n` +
            `x-api-key: ${GATEWAY_TOKEN}\r\n` +
            "content-type: application/json\r\n" +
            "content-length: 1000\r\n\r\n" +
            '{"model":',
        );
      });
      socket.on("error", () => {});
      await eventually(() => own.gateway.server.activeRequests() === 1, 2000, "the upload");
      await own.gateway.close(50);
      socket.destroy();
      const text = own.gateway.server.metrics.render();
      expect(byClass(text, "openclaw_gateway_errors_total")).toEqual({ shutdown: 1 });
      expect(byClass(text, "openclaw_gateway_requests_cancelled_total")).toEqual({});
      const statuses = (
        parseExposition(text).families.get("openclaw_gateway_requests_total")?.samples ?? []
      ).map((s) => [`${s.labels.route} ${s.labels.status}`, s.value]);
      expect(Object.fromEntries(statuses)).toEqual({ "other 503": 1 });
    } finally {
      await own.close();
    }
  });
});
