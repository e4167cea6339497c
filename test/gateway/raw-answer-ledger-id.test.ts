/**
 * The raw 400 of a chat request whose chunked body breaks mid-way, and the raw 408 of one whose
 * body comes too slowly, are written straight to the socket, not by the request's handler: they
 * still carry the id of the request's ledger row under both names (`x-request-id`,
 * `request-id`), so that the id the client's SDK shows is the one `openclaw usage --errors`
 * lists. Over real sockets, on the three chat APIs, the ledger read through readUsageRequests.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUsageRequests, type UsageRequest } from "../../src/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    start: { limits: { headersTimeoutMs: 1000, requestTimeoutMs: 1500 } },
  });
});
afterAll(async () => {
  await env?.close();
});

/** Writes `bytes` on a raw socket and collects everything sent back until it closes (10 s guard). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 10 s; got ${JSON.stringify(text)}`));
    }, 10_000).unref();
  });
}

/** The status and both request-id headers of a raw answer. */
function answerIds(answer: string): { status: string; xRequestId?: string; requestId?: string } {
  const head = answer.slice(0, answer.indexOf("\r\n\r\n")).toLowerCase();
  return {
    status: head.slice("http/1.1 ".length, "http/1.1 ".length + 3),
    xRequestId: /\r\nx-request-id: (\S+)/.exec(head)?.[1],
    requestId: /\r\nrequest-id: (\S+)/.exec(head)?.[1],
  };
}

/** The latest failed request as `openclaw usage --errors --last 1 --json` lists it. */
async function latestFailure(): Promise<UsageRequest> {
  await env.gateway.ledger?.flush();
  const listed = await readUsageRequests({
    env: { OPENCLAW_STATE_DIR: env.stateDir },
    errors: true,
    last: 1,
  });
  const row = listed.requests.at(-1);
  if (row === undefined) throw new Error("no failed request in the ledger");
  return row;
}

const CHAT_ROUTES = [
  ["/v1/chat/completions", `Authorization: Bearer ${GATEWAY_TOKEN}`, "chat_completions"],
  ["/v1/responses", `Authorization: Bearer ${GATEWAY_TOKEN}`, "responses"],
  ["/v1/messages", `x-api-key: ${GATEWAY_TOKEN}\r\nanthropic-version: 2023-06-01`, "messages"],
] as const;

describe("the raw answer of a chat request the handler did not write", () => {
  it.each(CHAT_ROUTES)(
    "a chunked body that breaks on %s gets a 400 with its ledger row's id",
    async (path, auth, api) => {
      const answer = await rawExchange(
        env.gateway.port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      );
      const ids = answerIds(answer);
      const row = await latestFailure();
      expect(row).toMatchObject({ status: 400, api });
      expect(ids).toEqual({ status: "400", xRequestId: row.requestId, requestId: row.requestId });
    },
  );

  it.each(CHAT_ROUTES)(
    "a body too slow on %s gets a 408 with its ledger row's id",
    async (path, auth, api) => {
      const answer = await rawExchange(
        env.gateway.port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
      const ids = answerIds(answer);
      const row = await latestFailure();
      expect(row).toMatchObject({ status: 408, api });
      expect(ids).toEqual({ status: "408", xRequestId: row.requestId, requestId: row.requestId });
    },
  );
});
