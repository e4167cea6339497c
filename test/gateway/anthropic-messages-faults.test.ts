/**
 * Faults on Anthropic's Messages route (/v1/messages), as the chat route is tested for them in
 * faults.test.ts: an upstream reset mid-stream, an upstream that hangs, a client that gives up, a
 * 429 storm with and without a fallback. The official `@anthropic-ai/sdk` must surface each as an
 * error (never a cut answer taken for a whole one, never a hang), and each request leaves exactly
 * one ledger row with its outcome. The gateway token never reaches the logs or the ledger.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

const TURBO = "moonshot/kimi-k2-turbo-preview";

interface Row {
  status: number;
  outcome: string;
  error_class: string | null;
  model_used: string | null;
  fallback_from: string | null;
}

// The last test counts the rows the tests before it caused: they run in the order written.
describe("faults on /v1/messages", { shuffle: false }, () => {
  let env: GatewayEnv;
  let client: Anthropic;
  const logged: string[] = [];
  /** The ledger rows of the requests this file sent, in order. */
  let rowsBefore = 0;
  let sent = 0;

  const rows = async (): Promise<Row[]> =>
    (
      await ledgerQuery<Row>(
        env,
        "SELECT status, outcome, error_class, model_used, fallback_from FROM requests ORDER BY id",
      )
    ).slice(rowsBefore);

  // The gateway's own timeouts, not 400 ms ones: on a loaded machine a simulator answer can
  // start later than that, and a 429 of the storm became a 504. The hung upstream has a gateway
  // of its own with short timeouts (below).
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: {
        retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
        log: (line) => logged.push(line),
        onRequestFinished: (row) => logged.push(JSON.stringify(row)),
      },
    });
    client = env.anthropic();
    rowsBefore = (await rows()).length;
  });
  // A test that fails must not leave its script (a thousand 429s) to the next test.
  afterEach(() => {
    env.sim.reset();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("surfaces an upstream reset mid-stream as an error, not as a shorter answer, and keeps serving", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "word ".repeat(100) },
          stream: { chunkChars: 10 },
          cutAfterChunks: 4,
        },
      },
    ]);
    sent++;
    const stream = client.messages.stream({
      model: TURBO,
      max_tokens: 1024,
      messages: [{ role: "user", content: "long story" }],
    });
    const types: string[] = [];
    let text = "";
    stream.on("streamEvent", (event) => types.push(event.type));
    stream.on("text", (delta) => {
      text += delta;
    });
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "api_error", message: expect.stringContaining("cut off") },
    });
    expect(text.length).toBeGreaterThan(0);
    // No message_delta or message_stop: nothing the client could take for a finished answer.
    expect(types).not.toContain("message_stop");
    expect(types).not.toContain("message_delta");
    expect((await rows()).at(-1)).toMatchObject({
      status: 502,
      outcome: "error",
      error_class: "upstream.network",
    });
    sent++;
    const after = await client.messages.create({
      model: TURBO,
      max_tokens: 64,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(after.content).toEqual([{ type: "text", text: "Echo: hi" }]);
  });

  it("lets go of a hanging upstream when the client gives up first, leaving one client_disconnect row", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { hang: true }, times: 2 },
    ]);
    const socketsBefore = env.sim.openSockets();
    const upstreamBefore = env.sim.chatRequests().length;
    const controller = new AbortController();
    sent++;
    const pending = client.messages
      .stream(
        { model: TURBO, max_tokens: 64, messages: [{ role: "user", content: "wait" }] },
        { signal: controller.signal },
      )
      .finalMessage()
      .catch((caught: unknown) => caught);
    await eventually(
      () => env.sim.chatRequests().length > upstreamBefore,
      3000,
      "the upstream request to start",
    );
    controller.abort();
    expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
    await eventually(
      async () => (await rows()).length === sent,
      3000,
      "the row of the abandoned request",
    );
    expect((await rows()).at(-1)).toMatchObject({ outcome: "client_disconnect" });
    await eventually(
      () => env.sim.openSockets() <= socketsBefore,
      3000,
      "the upstream socket to close",
    );
  });

  it("answers a 429 storm with Anthropic's rate_limit_error and Retry-After, one row each", async () => {
    env.sim.reset();
    env.sim.failNext(1000, "rateLimit", { model: "kimi-k2-turbo-preview" });
    const before = (await rows()).length;
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        sent++;
        const response = await fetch(`${env.gateway.url}/v1/messages`, {
          method: "POST",
          headers: { "x-api-key": GATEWAY_TOKEN, "content-type": "application/json" },
          body: JSON.stringify({
            model: TURBO,
            max_tokens: 64,
            stream: i % 2 === 0,
            messages: [{ role: "user", content: "hi" }],
          }),
        });
        return {
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          body: (await response.json()) as { type: string; error: { type: string } },
        };
      }),
    );
    for (const result of results) {
      expect(result.status).toBe(429);
      expect(result.body).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
      expect(Number(result.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    const storm = (await rows()).slice(before);
    expect(storm).toHaveLength(20);
    expect(
      storm.every((row) => row.status === 429 && row.error_class === "upstream.rate_limit"),
    ).toBe(true);
    env.sim.reset();
  });

  it("falls back through a 429 storm on the primary, streamed: whole answers from the fallback", async () => {
    env.sim.failNext(1000, "rateLimit", { model: "kimi-k2.5" });
    const before = (await rows()).length;
    const messages = await Promise.all(
      Array.from({ length: 6 }, () => {
        sent++;
        return client.messages
          .stream({
            model: "openclaw",
            max_tokens: 256,
            messages: [{ role: "user", content: "hi" }],
          })
          .finalMessage();
      }),
    );
    for (const message of messages) {
      expect(message.model).toBe("kimi-code/kimi-for-coding");
      expect(message.stop_reason).toBe("end_turn");
      expect(message.content.at(-1)).toEqual({ type: "text", text: "Echo: hi" });
    }
    const fallen = (await rows()).slice(before);
    expect(fallen).toHaveLength(6);
    for (const row of fallen)
      expect(row).toMatchObject({
        status: 200,
        outcome: "ok",
        model_used: "kimi-code/kimi-for-coding",
        fallback_from: "moonshot/kimi-k2.5",
      });
    env.sim.reset();
  });

  // Last but one: the overload cools kimi-k2-turbo-preview.
  it("records an upstream overload with the 529 the client was told, streamed or not", async () => {
    env.sim.reset();
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "word ".repeat(50) },
          stream: { chunkChars: 5 },
          midStreamError: { afterChunks: 3, error: "overloaded" },
        },
      },
    ]);
    sent++;
    const streamed = await client.messages
      .stream({ model: TURBO, max_tokens: 256, messages: [{ role: "user", content: "hi" }] })
      .finalMessage()
      .catch((error: unknown) => error);
    expect((streamed as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: "overloaded_error" },
    });
    expect((await rows()).at(-1)).toMatchObject({
      status: 529,
      outcome: "error",
      error_class: "upstream.overloaded",
    });
    env.sim.failNext(10, "overloaded", { model: "kimi-k2-turbo-preview" });
    sent++;
    const whole = await client.messages
      .create({ model: TURBO, max_tokens: 8, messages: [{ role: "user", content: "hi" }] })
      .catch((error: unknown) => error);
    expect((whole as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((await rows()).at(-1)).toMatchObject({
      status: 529,
      error_class: "upstream.overloaded",
    });
    // node:http knows no phrase for 529: the status line read "529 unknown" in curl -i.
    sent++;
    const statusLine = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({
        model: TURBO,
        max_tokens: 8,
        messages: [{ role: "user", content: "hi" }],
      });
      const req = request(
        `${env.gateway.url}/v1/messages`,
        {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": GATEWAY_TOKEN },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(`${res.statusCode} ${res.statusMessage}`));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(statusLine).toBe("529 Overloaded");
    env.sim.reset();
  });

  it("wrote exactly one ledger row per request, and the gateway token nowhere", async () => {
    expect(await rows()).toHaveLength(sent);
    await env.gateway.ledger?.flush();
    const ledgerBytes = readFileSync(env.gateway.ledgerPath ?? "");
    expect(ledgerBytes.includes(GATEWAY_TOKEN)).toBe(false);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join("\n")).not.toContain(GATEWAY_TOKEN);
  });
});

describe("an upstream that hangs, on /v1/messages", () => {
  let env: GatewayEnv;
  let client: Anthropic;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: {
        timeouts: { firstByteMs: 400, idleMs: 400, totalMs: 10_000 },
        retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
      },
    });
    client = env.anthropic();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("answers an upstream that hangs with Anthropic's 504 timeout_error, streamed or not", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { hang: true }, times: 4 },
    ]);
    for (const stream of [false, true]) {
      const request = {
        model: TURBO,
        max_tokens: 64,
        messages: [{ role: "user" as const, content: "hello?" }],
      };
      const error = await (stream
        ? client.messages.stream(request).finalMessage()
        : client.messages.create(request)
      ).catch((caught: unknown) => caught);
      const apiError = error as InstanceType<typeof Anthropic.APIError>;
      expect(apiError).toBeInstanceOf(Anthropic.APIError);
      expect(apiError.status).toBe(504);
      expect(apiError.error).toMatchObject({
        type: "error",
        error: { type: "timeout_error", message: expect.stringContaining("first-byte timeout") },
      });
    }
    const last = await ledgerQuery<Row>(env, "SELECT status, outcome, error_class FROM requests");
    expect(last.map((row) => [row.status, row.outcome, row.error_class])).toEqual([
      [504, "error", "upstream.timeout"],
      [504, "error", "upstream.timeout"],
    ]);
    // Counted apart from idle keep-alive sockets, whichever socket each hung request went on.
    await eventually(
      () => env.sim.unansweredRequests() === 0,
      5000,
      "hung upstream sockets to close",
    );
  });
});
