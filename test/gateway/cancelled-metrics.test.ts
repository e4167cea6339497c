/**
 * /metrics counts a request its client cancelled as `openclaw usage` does: in
 * openclaw_gateway_requests_cancelled_total, not in openclaw_gateway_errors_total, so an alert on
 * the error rate does not fire when an editor stops a stream. requests_total still counts it
 * (status 499, also for an upload left outside a chat route, whose answer was written as a 400
 * to a socket no one read), and an upstream that fails is still an error.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition } from "../helpers/prometheus-text.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };

/** The samples of `family` as `label value → count`, keyed by the `class` label. */
async function byClass(family: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${env.gateway.url}/metrics`, { headers })).text();
  const parsed = parseExposition(text);
  expect(parsed.problems).toEqual([]);
  return Object.fromEntries(
    (parsed.families.get(family)?.samples ?? []).map((s) => [s.labels.class ?? "", s.value]),
  );
}

async function requestsWithStatus(status: string): Promise<number> {
  const text = await (await fetch(`${env.gateway.url}/metrics`, { headers })).text();
  return (parseExposition(text).families.get("openclaw_gateway_requests_total")?.samples ?? [])
    .filter((s) => s.labels.status === status)
    .reduce((sum, s) => sum + s.value, 0);
}

async function rowCount(): Promise<number> {
  return (await ledgerQuery<{ n: number }>(env, "SELECT COUNT(*) AS n FROM requests"))[0]?.n ?? 0;
}

/** A streamed chat request of a long answer, read in part and then cancelled. */
async function leaveMidStream(): Promise<void> {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { text: "word ".repeat(300) },
        stream: { chunkChars: 5 },
        chunkDelayMs: 10,
      },
    },
  ]);
  const controller = new AbortController();
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream: true,
      messages: [{ role: "user", content: "a long one" }],
    }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  let received = 0;
  while (reader && received < 200) received += (await reader.read()).value?.length ?? 0;
  controller.abort();
}

/** A POST to /v1/messages/count_tokens whose body stops halfway: its socket is closed. */
function abandonUpload(): Promise<void> {
  const url = new URL(env.gateway.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        "POST /v1/messages/count_tokens HTTP/1.1\r\n" +
          `host: ${url.host}\r\n` +
          `x-api-key: ${GATEWAY_TOKEN}\r\n` +
          "content-type: application/json\r\n" +
          "content-length: 1000\r\n\r\n" +
          '{"model":',
      );
      setImmediate(() => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", reject);
  });
}

describe("/metrics and cancelled requests", () => {
  it("counts a stream the client left as cancelled, not as an error; a failed upstream stays an error", async () => {
    await leaveMidStream();
    await eventually(async () => (await rowCount()) === 1, 5000, "the cancelled request's row");
    const [row] = await ledgerQuery<{ status: number; outcome: string }>(
      env,
      "SELECT status, outcome FROM requests",
    );
    expect(row).toEqual({ status: 499, outcome: "client_disconnect" });
    expect(await byClass("openclaw_gateway_requests_cancelled_total")).toEqual({
      client_disconnect: 1,
    });
    expect(await byClass("openclaw_gateway_errors_total")).toEqual({});
    expect(await requestsWithStatus("499")).toBe(1);

    // A stream the provider breaks off with an error: the gateway's failure, counted as one.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { text: "word ".repeat(50) },
          stream: { chunkChars: 5 },
          midStreamError: { afterChunks: 3, error: "overloaded" },
        },
      },
    ]);
    const failed = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        messages: [{ role: "user", content: "another" }],
      }),
    });
    await failed.text();
    await eventually(async () => (await rowCount()) === 2, 5000, "the failed request's row");
    const errors = await byClass("openclaw_gateway_errors_total");
    expect(Object.keys(errors)).toHaveLength(1);
    expect(Object.keys(errors)[0]).toMatch(/^upstream\./);
    expect(Object.values(errors)).toEqual([1]);
    expect(await byClass("openclaw_gateway_requests_cancelled_total")).toEqual({
      client_disconnect: 1,
    });
  });

  it("counts an upload abandoned outside a chat route (count_tokens) as cancelled too, under status 499", async () => {
    const errorsBefore = await byClass("openclaw_gateway_errors_total");
    const status400Before = await requestsWithStatus("400");
    const status499Before = await requestsWithStatus("499");
    await abandonUpload();
    await eventually(
      async () =>
        (await byClass("openclaw_gateway_requests_cancelled_total")).client_disconnect === 2,
      5000,
      "the abandoned upload counted as cancelled",
    );
    expect(await byClass("openclaw_gateway_errors_total")).toEqual(errorsBefore);
    // requests_total says what the cancelled counter says: the client left (499), not the 400
    // written to its closed socket, which no one read.
    expect(await requestsWithStatus("499")).toBe(status499Before + 1);
    expect(await requestsWithStatus("400")).toBe(status400Before);
  });
});
