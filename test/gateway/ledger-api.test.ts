/**
 * Which API a request came in on, as the usage ledger records it: every way a request on
 * /v1/chat/completions or /v1/responses can end (answered whole or streamed, refused, failed
 * mid-stream, abandoned by its client) leaves a row naming its API, and `--by api` adds them up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUsage } from "../../src/gateway/index.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

const TURBO = "moonshot/kimi-k2-turbo-preview";
type Api = "chat_completions" | "responses";
const PATHS: Record<Api, string> = { chat_completions: "chat/completions", responses: "responses" };

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** A minimal request body for `api`, tagged with `user` so its ledger row can be told apart. */
function body(api: Api, fields: { model?: string; stream?: boolean; user: string }): string {
  const { model = TURBO, stream = false, user } = fields;
  return JSON.stringify(
    api === "responses"
      ? { model, input: "hi", stream, user }
      : { model, messages: [{ role: "user", content: "hi" }], stream, user },
  );
}

function post(
  api: Api,
  text: string,
  options: { token?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${env.baseURL}/${PATHS[api]}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${options.token ?? GATEWAY_TOKEN}`,
      "content-type": "application/json",
    },
    body: text,
    signal: options.signal ?? null,
  });
}

async function rowCount(): Promise<number> {
  const [row] = await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests");
  return row?.n ?? 0;
}

/** Sends one request of each kind on `api`, each to its end (and its ledger row). */
async function everyKindOfRequest(api: Api): Promise<void> {
  env.sim.script([
    { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "ok" } } },
  ]);
  expect((await post(api, body(api, { user: "whole" }))).status).toBe(200);

  env.sim.script([
    { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "ok" } } },
  ]);
  const streamed = await post(api, body(api, { stream: true, user: "streamed" }));
  expect(streamed.status).toBe(200);
  await streamed.text();

  // Refused before the body is read, and refused after it.
  expect((await post(api, body(api, { user: "bad-token" }), { token: "wrong" })).status).toBe(401);
  expect(
    (await post(api, body(api, { model: "no/such-model", user: "unknown-model" }))).status,
  ).toBe(404);

  // The upstream goes away after the stream began: the failure is reported in-band.
  env.sim.script([
    {
      when: { model: "kimi-k2-turbo-preview" },
      respond: {
        cutAfterChunks: 3,
        reply: { text: "word ".repeat(50) },
        stream: { chunkChars: 5 },
      },
    },
  ]);
  const cut = await post(api, body(api, { stream: true, user: "cut-upstream" }));
  expect(cut.status).toBe(200);
  await cut.text();

  // The client reads a little of a slow stream and goes away.
  env.sim.script([
    {
      when: { model: "kimi-k2-turbo-preview" },
      respond: { chunkDelayMs: 50, reply: { text: "slow ".repeat(60) }, stream: { chunkChars: 5 } },
    },
  ]);
  const before = await rowCount();
  const controller = new AbortController();
  const abandoned = await post(api, body(api, { stream: true, user: "gone" }), {
    signal: controller.signal,
  });
  await abandoned.body?.getReader().read();
  controller.abort();
  await eventually(async () => (await rowCount()) > before, 3000, "the abandoned request's row");
}

describe("the ledger records the API of every request", () => {
  it("on both APIs, whatever the outcome, and --by api adds them up", async () => {
    const since = Date.now();
    await everyKindOfRequest("chat_completions");
    await everyKindOfRequest("responses");

    const rows = await ledgerQuery<{ client: string; api: string | null; outcome: string }>(
      env,
      "SELECT client, api, outcome FROM requests WHERE ts >= ? ORDER BY id",
      since,
    );
    // The bad-token request is refused before its body (and its `user`) is read.
    const kinds = (api: Api) => [
      { client: "whole", api, outcome: "ok" },
      { client: "streamed", api, outcome: "ok" },
      { client: expect.not.stringMatching(/^bad-token$/), api, outcome: "error" },
      { client: "unknown-model", api, outcome: "error" },
      { client: "cut-upstream", api, outcome: "error" },
      { client: "gone", api, outcome: "client_disconnect" },
    ];
    expect(rows).toEqual([...kinds("chat_completions"), ...kinds("responses")]);

    const report = readUsage({ ledgerPath: env.gateway.ledgerPath ?? "", since: "1h", by: "api" });
    expect(report.by).toBe("api");
    // The client that went away cancelled its request: no error of the gateway's or the provider's.
    expect(
      Object.fromEntries(
        report.groups.map((group) => [group.key, [group.requests, group.errors, group.cancelled]]),
      ),
    ).toEqual({ chat_completions: [6, 3, 1], responses: [6, 3, 1] });
  });
});
