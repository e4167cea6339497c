/**
 * What a client is told about retrying an upstream failure: the official `openai` client, with
 * its default retries on, against a Kimi Code plan that is used up, a Moonshot rate limit, a
 * chain whose models all fail or cool, and a model that hangs; and what the ledger says of those
 * requests.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUsage } from "../../src/gateway/index.js";
import type { Timeouts, Transport } from "../../src/providers/types.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;
/** Requests the SDK sent to the gateway. */
let sent = 0;

beforeAll(async () => {
  env = await startGatewayEnv();
  // The SDK's own retries on (2, its default).
  client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: env.baseURL,
    timeout: 15_000,
    fetch: (url, init) => {
      sent++;
      return fetch(url, init);
    },
  });
});
afterAll(async () => {
  await env?.close();
});

async function failure(
  model: string,
  sdk = client,
): Promise<{ error: InstanceType<typeof OpenAI.APIError> }> {
  const error = await sdk.chat.completions
    .create({ model, messages: [{ role: "user", content: "hello" }] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return { error: error as InstanceType<typeof OpenAI.APIError> };
}

describe("retry advice to OpenAI clients", () => {
  it("says a used-up Kimi Code plan is a quota to wait for, and that retrying will not help", async () => {
    env.sim.script([
      { when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 },
    ]);
    const before = env.sim.chatRequests().length;
    sent = 0;
    const { error } = await failure("kimi-code/kimi-for-coding");
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.message).toContain("Kimi Code plan quota is used up");
    expect(error.message).not.toContain("User-Agent"); // not the refusal of a client
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // The provider's trace id, for its support, as a header too (CORS exposes it), not only in text.
    const trace = error.headers?.get("x-trace-id");
    expect(trace).toMatch(/^sim-/);
    // Named once in the message (the provider's part already carries it).
    expect(error.message.split(trace ?? "")).toHaveLength(2);
    // Sent once: the SDK did not try again, nor did the gateway.
    expect(sent).toBe(1);
    expect(env.sim.chatRequests().length - before).toBe(1);
    env.sim.reset();
  });

  it("answers a rate limit it retried already with x-should-retry: false and the provider's wait as Retry-After", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { error: "rateLimit" }, times: 1_000 },
    ]);
    const before = env.sim.chatRequests().length;
    sent = 0;
    const { error } = await failure("moonshot/kimi-k2-turbo-preview");
    expect(error.status).toBe(429);
    // The gateway tried three times (Moonshot asked for 1 s each time): the client is told so,
    // and does not send three times three requests.
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // The wait Moonshot asked for, as the hint says, not the gateway's 30 s cooldown (a model
    // that cools is tried anyway when nothing else can answer).
    expect(error.headers?.get("retry-after")).toBe("1");
    expect(error.message).toContain("the provider asked to wait 1 s");
    expect(sent).toBe(1);
    expect(env.sim.chatRequests().length - before).toBe(3);
    env.sim.reset();
  });

  it("takes the wait of a rate limit from its message when no header says it, and advertises none for an overload", async () => {
    env.sim.script([
      { when: { model: "kimi-k2.5" }, respond: { error: "rateLimitRpm" }, times: 1_000 },
      { when: { model: "kimi-k2-thinking" }, respond: { error: "overloaded" }, times: 1_000 },
    ]);
    const limited = await failure("moonshot/kimi-k2.5");
    expect(limited.error.status).toBe(429);
    expect(limited.error.headers?.get("retry-after")).toBe("1");
    // "The engine is currently overloaded, please try again later": no wait anybody imposes.
    const overloaded = await failure("moonshot/kimi-k2-thinking");
    expect(overloaded.error.status).toBe(429);
    expect(overloaded.error.headers?.get("retry-after")).toBeNull();
    env.sim.reset();
  });
});

/**
 * opencode, Cline and the AI SDK ignore x-should-retry but wait what Retry-After says before
 * trying again: a wait on a used-up balance would only keep the error from the user.
 */
describe("a used-up balance or plan reaches the client at once", () => {
  let quotaEnv: GatewayEnv;
  beforeAll(async () => {
    quotaEnv = await startGatewayEnv();
  });
  afterAll(async () => {
    await quotaEnv?.close();
  });

  async function post(model: string): Promise<Response> {
    return fetch(`${quotaEnv.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
    });
  }

  it("sends no Retry-After for a Kimi Code plan that ran out, and keeps it for a rate limit", async () => {
    quotaEnv.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { error: "rateLimit" }, times: 3 },
      { when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 },
    ]);
    const limited = await post("moonshot/kimi-k2-turbo-preview");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");

    const plan = await post("kimi-code/kimi-for-coding");
    expect(plan.status).toBe(429);
    expect(((await plan.json()) as { error: { code: string } }).error.code).toBe(
      "insufficient_quota",
    );
    expect(plan.headers.get("x-should-retry")).toBe("false");
    expect(plan.headers.get("retry-after")).toBeNull();
    quotaEnv.sim.reset();
  });

  it("the openai client with its retries on gets a used-up balance after one request, and so does the next request", async () => {
    quotaEnv.sim.script([{ when: { model: "kimi-k2.5" }, respond: { error: "quota" }, times: 5 }]);
    const before = quotaEnv.sim.chatRequests().length;
    let requests = 0;
    const sdk = new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: quotaEnv.baseURL,
      maxRetries: 2,
      timeout: 15_000,
      fetch: (url, init) => {
        requests++;
        return fetch(url, init);
      },
    });
    const { error } = await failure("moonshot/kimi-k2.5", sdk);
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.headers?.get("x-should-retry")).toBe("false");
    expect(error.headers?.get("retry-after")).toBeNull();
    expect(requests).toBe(1);
    expect(quotaEnv.sim.chatRequests().length - before).toBe(1);

    // The key is benched now: the next request is refused without asking Moonshot, still with
    // no wait to keep.
    const benched = await post("moonshot/kimi-k2.5");
    expect(benched.status).toBe(429);
    expect(benched.headers.get("retry-after")).toBeNull();
    expect(quotaEnv.sim.chatRequests().length - before).toBe(1);
  });
});

/** The models the simulator was asked for since `from` (its request count then). */
function upstreamModels(sim: GatewayEnv["sim"], from: number): string[] {
  return sim
    .chatRequests()
    .slice(from)
    .map((request) => (request.body as { model: string }).model);
}

interface Row {
  model_used: string | null;
  fallback_from: string | null;
  error_class: string | null;
  status: number;
  retries: number | null;
}

async function lastRow(gatewayEnv: GatewayEnv): Promise<Row | undefined> {
  const rows = await ledgerQuery<Row>(
    gatewayEnv,
    "SELECT model_used, fallback_from, error_class, status, retries FROM requests ORDER BY id DESC LIMIT 1",
  );
  return rows[0];
}

/** In order: each test starts from the cooldowns the one before left. */
describe("the answer after the gateway's own retries and fallbacks (openclaw: kimi-k2.5, then kimi-code)", () => {
  let chainEnv: GatewayEnv;
  let sdk: OpenAI;
  let calls = 0;

  beforeAll(async () => {
    chainEnv = await startGatewayEnv();
    sdk = new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: chainEnv.baseURL,
      timeout: 15_000,
      fetch: (url, init) => {
        calls++;
        return fetch(url, init);
      },
    });
  });
  afterAll(async () => {
    await chainEnv?.close();
  });

  it("a 502 after every model failed is final for the openai client; the ledger row names the chain and the retries /metrics counted", async () => {
    chainEnv.sim.script([{ respond: { error: "server" }, times: 1_000 }]);
    const before = chainEnv.sim.chatRequests().length;
    calls = 0;
    const { error } = await failure("openclaw", sdk);
    expect(error.status).toBe(502);
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // The configured fallback failed too: the hint does not ask for one, as openclaw agent says.
    expect(error.message).not.toContain("configure a fallback model");
    expect(error.message).toContain(
      "retry, or add a fallback on another provider (the configured fallbacks failed too)",
    );
    // One client call: three tries of each model, not three times that.
    expect(calls).toBe(1);
    expect(upstreamModels(chainEnv.sim, before)).toEqual([
      "kimi-k2.5",
      "kimi-k2.5",
      "kimi-k2.5",
      "kimi-for-coding",
      "kimi-for-coding",
      "kimi-for-coding",
    ]);
    expect(await lastRow(chainEnv)).toEqual({
      model_used: "kimi-code/kimi-for-coding",
      fallback_from: "moonshot/kimi-k2.5",
      error_class: "upstream.server",
      status: 502,
      retries: 4,
    });
    // `openclaw usage` counts it as a fallback, as /metrics does.
    const usage = readUsage({
      ledgerPath: chainEnv.gateway.ledgerPath ?? "",
      since: "1d",
      by: "model",
    });
    expect(usage.total.fallbacks).toBe(1);
    const metrics = await (
      await fetch(`${chainEnv.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    const retried = metrics
      .split("\n")
      .filter((line) => line.startsWith("openclaw_gateway_upstream_retries_total{"))
      .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
    const [ledgerRetries] = await ledgerQuery<{ total: number }>(
      chainEnv,
      "SELECT SUM(retries) AS total FROM requests",
    );
    expect(ledgerRetries?.total).toBe(retried);
    chainEnv.sim.reset();
  });

  it("reports the used-up balance it ran into, not the cooldown of the fallback it skipped", async () => {
    // Both models are cooling from the test before (10 s after a server error): kimi-k2.5, whose
    // cooldown ends first, is tried, and its key turns out to be out of balance.
    chainEnv.sim.script([{ when: { model: "kimi-k2.5" }, respond: { error: "quota" }, times: 5 }]);
    const before = chainEnv.sim.chatRequests().length;
    calls = 0;
    const { error } = await failure("openclaw", sdk);
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.message).not.toContain("skipped");
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // Retrying helps once the balance is topped up, which the gateway looks for every 30 s: no
    // Retry-After for a client to wait out before the user sees this.
    expect(error.headers?.get("retry-after")).toBeNull();
    expect(error.message).toContain("retrying before you top up will not help;");
    expect(error.message).toContain(
      "the gateway tries the key again every 30 s: a balance topped up or a plan that came back is found then",
    );
    expect(error.message).not.toContain("Retrying will not help");
    expect(error.headers?.get("x-trace-id")).toMatch(/^sim-/);
    expect(calls).toBe(1);
    expect(upstreamModels(chainEnv.sim, before)).toEqual(["kimi-k2.5"]);
    // The row names the model that failed, not kimi-code (skipped, never called).
    expect(await lastRow(chainEnv)).toMatchObject({
      model_used: "moonshot/kimi-k2.5",
      fallback_from: null,
      error_class: "upstream.quota",
      retries: 0,
    });
    chainEnv.sim.reset();
  });

  it("with everything cooling, tries the model still worth a try, never the key out of balance again", async () => {
    const before = chainEnv.sim.chatRequests().length;
    const reply = await sdk.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(reply.model).toBe("kimi-code/kimi-for-coding");
    expect(upstreamModels(chainEnv.sim, before)).toEqual(["kimi-for-coding"]);
  });

  it("a request for a model whose key is benched says so once, with the time left", async () => {
    const before = chainEnv.sim.chatRequests().length;
    calls = 0;
    const { error } = await failure("moonshot/kimi-k2-turbo-preview", sdk);
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // No wait to keep: the key comes back when the balance is topped up, not after a time.
    expect(error.headers?.get("retry-after")).toBeNull();
    // The key is what is benched, not this model, which had no quota error of its own.
    expect(error.message).toMatch(
      /not tried: the API key of provider moonshot ran out of balance or quota on an earlier request: .*Your account is not active/,
    );
    expect(error.message).toMatch(/tried again every 30 s, next in \d+s/);
    expect(error.message.split("moonshot/kimi-k2-turbo-preview")).toHaveLength(2);
    expect(calls).toBe(1);
    expect(upstreamModels(chainEnv.sim, before)).toEqual([]);
    // Nothing was called: the row names no model used.
    expect(await lastRow(chainEnv)).toMatchObject({ model_used: null, fallback_from: null });
  });
});

/** The built-in transport, noting the timeouts of every call it is given. */
async function noting(seen: (Timeouts | undefined)[]): Promise<Transport> {
  const base = (await defaultTransports())["openai-completions"] as Transport;
  const run = base.run?.bind(base);
  return {
    api: base.api,
    stream(call) {
      seen.push(call.timeouts);
      return base.stream(call);
    },
    ...(run
      ? {
          run(call, sink) {
            seen.push(call.timeouts);
            return run(call, sink);
          },
        }
      : {}),
  };
}

describe("a model that hangs", () => {
  const running: GatewayEnv[] = [];
  afterAll(async () => {
    for (const started of running) await started.close();
  });

  it("by default, a non-streamed call waits 120 s for its answer: three tries end well inside the openai client's 600 s", async () => {
    const seen: (Timeouts | undefined)[] = [];
    const started = await startGatewayEnv({
      start: { transports: { "openai-completions": await noting(seen) } },
    });
    running.push(started);
    await started.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hello" }],
    });
    // Three tries of 120 s and their backoff leave a fallback minutes before the SDK's default
    // timeout of 600 s.
    expect(seen).toEqual([{ firstByteMs: 120_000, idleMs: 120_000, totalMs: 600_000 }]);
  });

  it("falls back within the client's timeout under gateway.timeouts, and the row says so", async () => {
    const started = await startGatewayEnv({ gateway: { timeouts: { firstByteMs: 300 } } });
    running.push(started);
    started.sim.script([{ when: { model: "kimi-k2.5" }, respond: { hang: true }, times: 3 }]);
    let sends = 0;
    const sdk = new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: started.baseURL,
      timeout: 5_000,
      fetch: (url, init) => {
        sends++;
        return fetch(url, init);
      },
    });
    const reply = await sdk.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(reply.model).toBe("kimi-code/kimi-for-coding");
    expect(sends).toBe(1);
    expect(await lastRow(started)).toMatchObject({
      model_used: "kimi-code/kimi-for-coding",
      fallback_from: "moonshot/kimi-k2.5",
      status: 200,
      retries: 2,
    });
  });
});
