/** Faults, loopback only and bounded: the gateway stays up, cancels upstream work, and leaks nothing. */
import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import OpenAI from "openai";
import { Pool } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

const AUTH = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };
const TURBO = "moonshot/kimi-k2-turbo-preview";

/**
 * The heap in use after a full collection: what this process still holds, not garbage waiting for
 * the collector (RSS rarely shrinks, so it cannot show memory coming back).
 */
function heapAfterCollection(): number {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Descriptors this process holds open (Linux), or undefined where /proc/self/fd is not there. */
function openDescriptors(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return undefined;
  }
}

async function inFlight(env: GatewayEnv): Promise<number> {
  const response = await fetch(`${env.gateway.url}/healthz`);
  return ((await response.json()) as { inFlight: number }).inFlight;
}

function ledgerRows(
  env: GatewayEnv,
): Promise<{ status: number; outcome: string; error_class: string | null }[]> {
  return ledgerQuery(env, "SELECT status, outcome, error_class FROM requests ORDER BY id");
}

// The ledger test counts the rows the tests before it caused: they run in the order written.
describe("upstream and client faults", { shuffle: false }, () => {
  let env: GatewayEnv;
  let client: OpenAI;
  let sent = 0;

  // The gateway's own timeouts (a minute and more), not short ones: on a loaded machine the
  // simulator's answer can take longer than half a second to start, and a timeout there would be
  // a failure no user meets. The hung upstream has a gateway of its own with short timeouts.
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: { retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 } },
    });
    client = env.client();
  });
  // A test that fails must not leave its script (a thousand 429s) to the next test.
  afterEach(() => {
    env.sim.reset();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("reports an upstream reset mid-stream in-band and keeps serving", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          cutAfterChunks: 3,
          reply: { text: "word ".repeat(100) },
          stream: { chunkChars: 10 },
        },
      },
    ]);
    sent++;
    const stream = await client.chat.completions.create({
      model: TURBO,
      messages: [{ role: "user", content: "long story" }],
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).toMatch(/cut off|ended|connection/i);
    // What arrived before the cut reached the client as it was sent: a start of the answer.
    expect(text.length).toBeGreaterThan(0);
    expect("word ".repeat(100).startsWith(text)).toBe(true);
    sent++;
    const after = await client.chat.completions.create({
      model: TURBO,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(after.choices[0]?.message.content).toBe("Echo: hi");
  });

  it("answers a 429 storm with OpenAI-format 429s and Retry-After, and stays up", async () => {
    env.sim.reset();
    env.sim.failNext(1000, "rateLimit", { model: "kimi-k2-turbo-preview" });
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => {
        sent++;
        const response = await fetch(`${env.baseURL}/chat/completions`, {
          method: "POST",
          headers: AUTH,
          body: JSON.stringify({ model: TURBO, messages: [{ role: "user", content: "hi" }] }),
        });
        return {
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          body: (await response.json()) as { error?: { type: string } },
        };
      }),
    );
    expect(
      results.every(
        (result) => result.status === 429 && result.body.error?.type === "rate_limit_error",
      ),
    ).toBe(true);
    expect(results.every((result) => Number(result.retryAfter) >= 1)).toBe(true);
    env.sim.reset();
    const health = await fetch(`${env.gateway.url}/healthz`);
    expect(health.status).toBe(200);
    // Once the upstream answers again, so does the gateway.
    sent++;
    const after = await client.chat.completions.create({
      model: TURBO,
      messages: [{ role: "user", content: "after the storm" }],
    });
    expect(after.choices[0]?.message.content).toBe("Echo: after the storm");
  });

  /**
   * Starts an upstream stream that would take ten minutes to finish, lets `readUntilText` read
   * until some text arrived and abandon the request, then waits for the gateway to let go of the
   * upstream. No time bound is asserted (the machines are shared): the answer cannot finish
   * within the test, so the simulator sees its request closed only if the gateway cancelled it.
   */
  async function abandonSlowStream(
    readUntilText: (signal: AbortSignal) => Promise<string>,
  ): Promise<void> {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          chunkDelayMs: 100,
          reply: { text: "slow ".repeat(6000) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const socketsBefore = env.sim.openSockets();
    const controller = new AbortController();
    sent++;
    const received = await readUntilText(controller.signal);
    controller.abort();
    expect(received.length).toBeGreaterThan(0);
    // Limits generous enough for a loaded machine; waiting, not timing.
    await eventually(async () => (await inFlight(env)) === 0, 20_000, "the relay to stop");
    await eventually(
      () => env.sim.unansweredRequests() === 0,
      20_000,
      "the upstream request to be closed before its answer finished",
    );
    await eventually(
      () => env.sim.openSockets() <= socketsBefore,
      20_000,
      "the upstream socket to close",
    );
    await eventually(
      async () => (await ledgerRows(env)).at(-1)?.outcome === "client_disconnect",
      20_000,
      "the ledger row",
    );
  }

  it("cancels the upstream at once when the client disconnects", async () => {
    await abandonSlowStream(async (signal) => {
      const stream = await client.chat.completions.create(
        { model: TURBO, messages: [{ role: "user", content: "talk slowly" }], stream: true },
        { signal },
      );
      let received = "";
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? "";
        if (received) break;
      }
      return received;
    });
  });

  it("cancels the upstream just as fast when a Responses API stream is abandoned", async () => {
    await abandonSlowStream(async (signal) => {
      const stream = await client.responses.create(
        { model: TURBO, input: "talk slowly", stream: true },
        { signal },
      );
      let received = "";
      for await (const event of stream) {
        if (event.type === "response.output_text.delta") received += event.delta;
        if (received) break;
      }
      return received;
    });
  });

  it("delivers a 2 MB stream intact to a client that reads slowly", async () => {
    const size = 2_000_000;
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "x".repeat(size) },
          stream: { chunkChars: 2000 },
          overrunsOutputCap: true,
        },
      },
    ]);
    sent++;
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${env.baseURL}/chat/completions`,
        { method: "POST", headers: AUTH },
        (res) => {
          res.pause();
          let body = "";
          res.setEncoding("utf8");
          // Read in small sips with pauses: nothing may be lost while we lag behind. (Whether the
          // gateway holds the upstream back or buffers is not observable here.)
          const sip = () => {
            let taken = 0;
            while (taken < 65_536) {
              const chunk = res.read() as string | null;
              if (chunk === null) break;
              body += chunk;
              taken += chunk.length;
            }
            if (res.readableEnded) return;
            setTimeout(sip, 5);
          };
          res.on("end", () => resolve(body));
          res.on("readable", () => {});
          setTimeout(sip, 300);
        },
      );
      req.on("error", reject);
      req.end(
        JSON.stringify({
          model: TURBO,
          stream: true,
          messages: [{ role: "user", content: "a lot" }],
        }),
      );
    });
    let content = 0;
    for (const line of text.split("\n\n")) {
      if (!line.startsWith("data: {")) continue;
      const delta = (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] })
        .choices[0]?.delta;
      content += delta?.content?.length ?? 0;
    }
    expect(content).toBe(size);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("wrote exactly one ledger row per request", async () => {
    const rows = await ledgerRows(env);
    expect(rows).toHaveLength(sent);
    // Each row says what its client met.
    const ok = { status: 200, outcome: "ok", error_class: null };
    const gone = { status: 499, outcome: "client_disconnect", error_class: "client_disconnect" };
    const limited = { status: 429, outcome: "error", error_class: "upstream.rate_limit" };
    expect(rows).toEqual([
      { status: 502, outcome: "error", error_class: "upstream.network" },
      ok,
      ...Array.from({ length: 20 }, () => limited),
      ok,
      gone,
      gone,
      ok,
    ]);
  });
});

describe("an upstream that hangs", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: {
        timeouts: { firstByteMs: 400, idleMs: 400, totalMs: 10_000 },
        retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("turns into a 504 and its hung sockets are closed", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { hang: true }, times: 2 },
    ]);
    const error = await env
      .client()
      .chat.completions.create({ model: TURBO, messages: [{ role: "user", content: "hello?" }] })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe("timeout_error");
    // Each attempt was given up by the first-byte timer, as set, not cut short by anything else
    // (a connection error, the 10 s total): the last says so, and both reached the upstream.
    expect((error as Error).message).toContain("no response within 400 ms (first-byte timeout)");
    expect(env.sim.chatRequests()).toHaveLength(2);
    // Counted apart from idle keep-alive sockets, whichever socket each hung request went on.
    await eventually(
      () => env.sim.unansweredRequests() === 0,
      5000,
      "hung upstream sockets to close",
    );
    expect(await ledgerRows(env)).toEqual([
      { status: 504, outcome: "error", error_class: "upstream.timeout" },
    ]);
    // The upstream answers again: so does the gateway.
    const after = await env.client().chat.completions.create({
      model: TURBO,
      messages: [{ role: "user", content: "back?" }],
    });
    expect(after.choices[0]?.message.content).toBe("Echo: back?");
  });
});

describe("load: 1,000 concurrent streams", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ sim: { instant: true } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("serves them all, then returns to its baseline: no leaked sockets or descriptors, no memory kept per request", async () => {
    // A first batch runs the code once (compiled, caches filled); then the thousand, all at once.
    const batches = [250, 1000];
    const clientConnections = () =>
      new Promise<number>((resolve) =>
        env.gateway.server.server.getConnections((_error, count) => resolve(count)),
      );
    /** This process's descriptors but the upstream keep-alive sockets (both ends live here). */
    const descriptorsBesidesUpstream = () => {
      const open = openDescriptors();
      return open === undefined ? undefined : open - 2 * env.sim.openSockets();
    };
    let completed = 0;
    let heapBaseline = 0;
    let descriptorsBaseline: number | undefined;
    for (const [round, batch] of batches.entries()) {
      const pool = new Pool(env.gateway.url, { connections: batch, pipelining: 1 });
      const bodies = await Promise.all(
        Array.from({ length: batch }, async () => {
          const response = await pool.request({
            method: "POST",
            path: "/v1/chat/completions",
            headers: AUTH,
            body: JSON.stringify({
              model: "moonshot/kimi-k2.5",
              stream: true,
              messages: [{ role: "user", content: "hi" }],
            }),
          });
          const text = await response.body.text();
          return response.statusCode === 200 && text.includes("data: [DONE]");
        }),
      );
      completed += bodies.filter(Boolean).length;
      await pool.close();
      await eventually(async () => (await clientConnections()) === 0, 5000, "connections to close");
      if (round === 0) {
        // The baseline, the simulator's own record of the requests dropped: what grows after
        // is what the gateway keeps per request.
        env.sim.reset();
        heapBaseline = heapAfterCollection();
        descriptorsBaseline = descriptorsBesidesUpstream();
      }
    }
    const requests = batches.reduce((sum, batch) => sum + batch, 0);
    expect(completed).toBe(requests);
    expect(await inFlight(env)).toBe(0);
    // The upstream pool is bounded (keep-alive sockets are reused, not one per request).
    expect(env.sim.openSockets()).toBeLessThanOrEqual(128);
    expect(env.gateway.server.memory.size).toBe(0);
    // A socket, file or timer kept per request would show as hundreds here.
    if (descriptorsBaseline !== undefined) {
      const baseline = descriptorsBaseline;
      await eventually(
        () => (descriptorsBesidesUpstream() ?? 0) <= baseline + 8,
        5000,
        `open descriptors back to ${baseline} (besides upstream keep-alive sockets)`,
      );
    }
    // After a full collection the heap holds what the gateway kept: a few KB per request
    // (a body, a record, a closure) over a thousand requests would be megabytes.
    env.sim.reset();
    const grown = heapAfterCollection() - heapBaseline;
    expect(grown, `${(grown / 1024 / 1024).toFixed(1)} MB more heap in use`).toBeLessThan(
      4 * 1024 * 1024,
    );
    const [row] = await ledgerQuery<{ n: number; ids: number }>(
      env,
      "SELECT COUNT(*) AS n, COUNT(DISTINCT request_id) AS ids FROM requests",
    );
    expect(row).toEqual({ n: requests, ids: requests });
  }, 60_000);
});

describe("the cap on concurrent upstream requests", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: {
        limits: { maxConcurrentUpstream: 2 },
        retry: { maxAttempts: 1 },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("refuses work beyond the cap with 429 gateway_busy instead of queueing without bound", async () => {
    env.sim.script([
      // Long enough to be still running when the third request comes on a loaded machine,
      // where polling /healthz and sending it can take more than a second.
      { when: { model: "kimi-k2-turbo-preview" }, respond: { firstByteDelayMs: 4000 }, times: 2 },
    ]);
    const call = () =>
      fetch(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: AUTH,
        body: JSON.stringify({ model: TURBO, messages: [{ role: "user", content: "hi" }] }),
      });
    const slow = [call(), call()];
    await eventually(async () => (await inFlight(env)) === 2, 2000, "two requests in flight");
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    // It names the cap and its setting: a cap set too low reads differently from a burst; the
    // wait in OpenAI's words, which Codex reads.
    expect(((await refused.json()) as { error: unknown }).error).toEqual({
      message:
        "the gateway is already serving 2 requests upstream, as many as it takes at once (gateway.limits.maxConcurrentStreams, or fewer when the open-files limit cannot carry that many: its start-up log says so); retry shortly. Please try again in 1s.",
      type: "rate_limit_error",
      param: null,
      code: "gateway_busy",
    });
    const done = await Promise.all(slow);
    expect(done.map((response) => response.status)).toEqual([200, 200]);
    await Promise.all(done.map((response) => response.text()));
    // The refused request has its row too, saying why.
    expect(await ledgerRows(env)).toEqual([
      { status: 429, outcome: "error", error_class: "gateway_busy" },
      { status: 200, outcome: "ok", error_class: null },
      { status: 200, outcome: "ok", error_class: null },
    ]);
  });
});

describe("a broken provider", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      extraProviders: {
        broken: customProvider([{ id: "echo", name: "Broken Echo" }], {
          baseUrl: "${OPENCLAW_TEST_UNSET_BASE}/v1",
          apiKey: "sk-test-broken-0001",
        }),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("never stops the others, and requests for it say what is wrong", async () => {
    const ok = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(ok.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({ model: "broken/echo", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("provider_unavailable");
    expect(body.error.message).toContain("OPENCLAW_TEST_UNSET_BASE");
    const ids: string[] = [];
    for await (const model of env.client().models.list()) ids.push(model.id);
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(ids).not.toContain("broken/echo");
  });
});
