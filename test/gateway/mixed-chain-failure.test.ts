/**
 * `openclaw` (the default model with its fallback) failing on both models, each differently: the
 * client is told what happened to each model in the order tried, and answered with the status of
 * the failure a request was sent for (a rate limit is a 429 to wait out), not with the 503
 * provider_key_missing of a fallback that has no key, which hid the primary's failure. A client
 * beyond loopback is not told where keys are looked for. Real gateways in this process, real
 * sockets to the simulator, the official `openai` client.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import OpenAI, { APIError } from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { GATEWAY_TOKEN, simConfig } from "./harness.js";

let sim: Simulator;
const dirs: string[] = [];
const running: RunningGateway[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(() => sim.reset());
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(1000);
});
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A gateway over the simulator with these keys, retrying fast (the waits are not under test). */
async function gatewayWith(
  keys: { moonshot: string; kimiCode: string },
  bind = "loopback",
  log: (line: string) => void = () => {},
  upstream: Simulator = sim,
) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-mixed-chain-"));
  dirs.push(dir);
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(upstream), null, 2));
  const gateway = await startGateway({
    env: gatewayEnv(dir, keys),
    port: 0,
    bind,
    transports: await defaultTransports(),
    watch: false,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    log,
  });
  running.push(gateway);
  const client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: `http://127.0.0.1:${gateway.port}/v1`,
    maxRetries: 0,
  });
  return { gateway, client };
}

async function refusal(client: OpenAI, stream = false): Promise<APIError> {
  try {
    const answer = await client.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hi" }],
      stream,
    });
    if (stream) for await (const _ of answer as AsyncIterable<unknown>);
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error("openclaw was answered");
}

const said = (error: APIError) => (error.error as { message: string }).message;

/** A 429 without a wait named (Kimi Code's words), so the retries do not sit out a second. */
const RATE_LIMIT = "kimiCodeRateLimit" as const;

/** A rate limit naming a wait of two minutes, in its header and its words. */
const RATE_LIMIT_2_MIN = {
  status: 429,
  type: "rate_limit_reached_error",
  message: "Your account reached max request: 3, please try again after 120 seconds",
  retryAfter: 120,
};

async function ledgerRows(gateway: RunningGateway) {
  await gateway.ledger?.flush();
  const db = new Database(gateway.ledgerPath ?? "", { readonly: true });
  const rows = db
    .prepare("SELECT status, outcome, error_class, model_used, retries FROM requests ORDER BY id")
    .all();
  db.close();
  return rows;
}

describe("a chain whose primary fails upstream and whose fallback has no key", () => {
  it("is a 429 naming both models, the primary's tries first, and where the key goes on loopback", async () => {
    const { gateway, client } = await gatewayWith({ moonshot: sim.keys.moonshot, kimiCode: "" });
    sim.failNext(3, RATE_LIMIT, { model: "kimi-k2.5" });
    const error = await refusal(client);
    expect([error.status, error.type]).toEqual([429, "rate_limit_error"]);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // The wait is the primary's cooldown after its rate limit: the keyless fallback never ends one.
    expect(error.headers?.get("retry-after")).toBe("30");
    expect(said(error)).toContain(
      'every model of the chain failed: moonshot/kimi-k2.5: rate limited (429) after 3 tries; kimi-code/kimi-for-coding: no API key for provider "kimi-code", nothing sent. Last, moonshot/kimi-k2.5: ',
    );
    expect(said(error)).toContain("We're receiving too many requests");
    // The person at the gateway's machine is told where the missing key goes.
    expect(said(error)).toContain("for kimi-code/kimi-for-coding, ");
    expect(said(error)).toContain("$KIMICODE_API_KEY");
    expect(sim.chatRequests()).toHaveLength(3);
    // One ledger row, of the failure a request was sent for.
    expect(await ledgerRows(gateway)).toEqual([
      {
        status: 429,
        outcome: "error",
        error_class: "upstream.rate_limit",
        model_used: "moonshot/kimi-k2.5",
        retries: 2,
      },
    ]);
  });

  it("tells a client beyond loopback the same without where keys are looked for, streaming too", async () => {
    const { client } = await gatewayWith({ moonshot: sim.keys.moonshot, kimiCode: "" }, "lan");
    for (const stream of [false, true]) {
      sim.failNext(3, RATE_LIMIT, { model: "kimi-k2.5" });
      const error = await refusal(client, stream);
      expect([error.status, error.type]).toEqual([429, "rate_limit_error"]);
      expect(said(error)).toContain(
        'moonshot/kimi-k2.5: rate limited (429) after 3 tries; kimi-code/kimi-for-coding: no API key for provider "kimi-code", nothing sent',
      );
      expect(said(error)).not.toMatch(
        /KIMICODE_API_KEY|onboard|openclaw\.json|kimi-code\/kimi-for-coding, /,
      );
    }
    // The second request found the primary cooling: with only a keyless model after it, the
    // primary is tried again rather than passed over for a fallback that cannot answer.
    expect(sim.chatRequests()).toHaveLength(6);
  });
});

describe("the gateway's log, for its operator", () => {
  it("says once that the keyless fallback was passed over, where its key goes, and no key", async () => {
    const lines: string[] = [];
    const { client } = await gatewayWith(
      { moonshot: sim.keys.moonshot, kimiCode: "" },
      "loopback",
      (line) => lines.push(line),
    );
    const atStart = lines.length;
    for (let request = 0; request < 2; request++) {
      sim.failNext(3, RATE_LIMIT, { model: "kimi-k2.5" });
      const refused = await refusal(client);
      expect(refused.status).toBe(429);
    }
    const said = lines.slice(atStart);
    const passedOver = said.filter((line) => line.includes("kimi-code/kimi-for-coding"));
    expect(passedOver).toHaveLength(1);
    expect(passedOver[0]).toContain(
      'gateway: kimi-code/kimi-for-coding is passed over in its chain, nothing is sent to it: no API key found for provider "kimi-code"',
    );
    expect(passedOver[0]).toContain("KIMICODE_API_KEY");
    expect(said.join("\n")).not.toContain(sim.keys.moonshot);
  });
});

describe("other orders and mixes", () => {
  it("a keyless primary, then a fallback failing with 5xx: a 502 that names the primary's missing key", async () => {
    const { client } = await gatewayWith({ moonshot: "", kimiCode: sim.keys.kimiCode });
    sim.failNext(3, "server", { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect([error.status, error.type]).toEqual([502, "upstream_error"]);
    expect(said(error)).toContain(
      'every model of the chain failed: moonshot/kimi-k2.5: no API key for provider "moonshot", nothing sent; kimi-code/kimi-for-coding: server error (500) after 3 tries. Last, kimi-code/kimi-for-coding: ',
    );
    expect(said(error)).toContain("$MOONSHOT_API_KEY");
  });

  it("a primary rate limited with a wait, a fallback whose balance is used up: the rate limit's 429 and Retry-After", async () => {
    // Moonshot's balance refusal as a 429, then as the 403 it is documented as elsewhere; each
    // on a gateway of its own, as both models cool after their failures.
    for (const quota of ["quota", "quota403"] as const) {
      const { gateway, client } = await gatewayWith({
        moonshot: sim.keys.moonshot,
        kimiCode: sim.keys.kimiCode,
      });
      // A wait longer than a call sits through: the primary is tried once, then cools.
      sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
      sim.failNext(1, quota, { model: "kimi-for-coding" });
      const error = await refusal(client);
      // Before: the last failure's 429 insufficient_quota, with no Retry-After at all.
      expect([error.status, error.type, error.code]).toEqual([
        429,
        "rate_limit_error",
        "rate_limit_exceeded",
      ]);
      expect(error.headers?.get("retry-after")).toBe("120");
      expect(said(error)).toContain(
        `every model of the chain failed: moonshot/kimi-k2.5: rate limited (429); kimi-code/kimi-for-coding: balance or quota used up (${quota === "quota" ? 429 : 403}). The status is moonshot/kimi-k2.5's, as its failure passes with time and kimi-code/kimi-for-coding's does not: moonshot/kimi-k2.5: `,
      );
      expect(said(error)).toMatch(/\. Last, kimi-code\/kimi-for-coding: .*Your account is/);
      // The ledger row has the class answered with, and the model a request was last sent to.
      expect(await ledgerRows(gateway)).toEqual([
        {
          status: 429,
          outcome: "error",
          error_class: "upstream.rate_limit",
          model_used: "kimi-code/kimi-for-coding",
          retries: 0,
        },
      ]);
    }
  });

  it("a primary rate limited with a wait, a fallback whose plan is used up: the hint says both what to do, each led by its model", async () => {
    const { client } = await gatewayWith({
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
    sim.failNext(1, "quota", { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect([error.status, error.code]).toEqual([429, "rate_limit_exceeded"]);
    const hint = said(error).slice(said(error).indexOf(" (hint: "));
    // Before: the rate limit's hint alone; what helps the fallback was left in its words.
    expect(hint).toContain(
      " (hint: for moonshot/kimi-k2.5, rate limit reached; the provider asked to wait 120 s: retry later",
    );
    expect(hint).toContain(
      "; for kimi-code/kimi-for-coding, your Kimi Code plan quota is used up: it comes back when the window the message names ends",
    );
  });

  it("a primary whose balance is used up, a fallback rate limited: the fallback's hint, then the top-up", async () => {
    const { client } = await gatewayWith({
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    sim.failNext(1, "quota", { model: "kimi-k2.5" });
    sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect([error.status, error.code]).toEqual([429, "rate_limit_exceeded"]);
    expect(said(error)).toContain(
      " (hint: for kimi-code/kimi-for-coding, rate limit reached; the provider asked to wait 120 s: retry later",
    );
    // Before: the top-up was in neither the hint nor, as the last failure's words, the message.
    expect(said(error)).toContain(
      "; for moonshot/kimi-k2.5, your account balance is used up: top up at the provider's console",
    );
  });

  it("both rate limited alike: their one hint, once, led by no model", async () => {
    const { client } = await gatewayWith({
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    sim.failNext(3, RATE_LIMIT, { model: "kimi-k2.5" });
    sim.failNext(3, RATE_LIMIT, { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect(error.status).toBe(429);
    expect(said(error)).toContain(" (hint: rate limit reached: retry later");
    expect(said(error).match(/rate limit reached/g)).toHaveLength(1);
  });

  it("both failing for good, each its own way: the last failure's status, each model's story", async () => {
    const { gateway, client } = await gatewayWith({
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    sim.failNext(1, "incorrectApiKey", { model: "kimi-k2.5" });
    sim.failNext(1, "quota", { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect([error.status, error.code]).toEqual([429, "insufficient_quota"]);
    expect(error.headers?.get("retry-after")).toBeNull();
    expect(said(error)).toContain(
      "every model of the chain failed: moonshot/kimi-k2.5: key refused (401); kimi-code/kimi-for-coding: balance or quota used up (429). Last, kimi-code/kimi-for-coding: ",
    );
    expect(await ledgerRows(gateway)).toEqual([
      {
        status: 429,
        outcome: "error",
        error_class: "upstream.quota",
        model_used: "kimi-code/kimi-for-coding",
        retries: 0,
      },
    ]);
  });
});

describe("what the gateway adds to a hint", () => {
  it("says it tries the used-up key again beside that model's hint, naming it, not after another model's", async () => {
    const { client } = await gatewayWith({
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    sim.failNext(1, "incorrectApiKey", { model: "kimi-k2.5" });
    sim.failNext(1, "quota", { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect([error.status, error.code]).toEqual([429, "insufficient_quota"]);
    const hint = said(error).slice(said(error).indexOf(" (hint: "));
    // Before: the note came last, after the refused moonshot key's hint, as if that key were
    // the one tried again.
    expect(hint).toMatch(
      /^ \(hint: for kimi-code\/kimi-for-coding, your Kimi Code plan quota is used up: [^;]*(; [^;]*)*?; the gateway tries kimi-code\/kimi-for-coding's key again every 30 s: a balance topped up or a plan that came back is found then; for moonshot\/kimi-k2\.5, put the right key in \$MOONSHOT_API_KEY/,
    );
    expect(hint.match(/tries .* again every/g)).toHaveLength(1);
  });
});

describe("a used-up Kimi Code plan that is not the failure answered with", () => {
  const HOUR_MS = 3_600_000;
  /** 2 days, 3 hours and a half from the simulator's start: "in 2 d 3 h" however long tests take. */
  const reset = new Date(Date.now() + 51 * HOUR_MS + HOUR_MS / 2);
  const utc = `${reset.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  let planSim: Simulator;
  beforeAll(async () => {
    planSim = await startSimulator({
      kimiCodeUsage: { limit: 100, remaining: 0, resetTime: reset.toISOString() },
    });
  });
  beforeEach(() => planSim.reset());
  afterAll(async () => {
    await planSim?.close();
  });
  const usageLookups = () => planSim.requests.filter((request) => request.path.endsWith("/usages"));

  it("says in the other model's hint when the plan resets, asking Kimi Code once", async () => {
    const { client } = await gatewayWith(
      { moonshot: planSim.keys.moonshot, kimiCode: planSim.keys.kimiCode },
      "loopback",
      () => {},
      planSim,
    );
    planSim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
    planSim.failNext(1, "planLimit", { model: "kimi-for-coding" });
    const error = await refusal(client);
    // The rate limit is answered with: the plan is one of the others.
    expect([error.status, error.code]).toEqual([429, "rate_limit_exceeded"]);
    expect(error.headers?.get("retry-after")).toBe("120");
    // Before: "it comes back when the window the message names ends", the time only looked up
    // for the failure answered with.
    expect(said(error)).toContain(
      `; for kimi-code/kimi-for-coding, your Kimi Code plan quota is used up: it resets ${utc}, in 2 d 3 h`,
    );
    expect(said(error)).not.toContain("it comes back when the window the message names ends");
    expect(said(error)).not.toContain(planSim.keys.kimiCode);
    const lookups = usageLookups();
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.headers.authorization).toBe(`Bearer ${planSim.keys.kimiCode}`);
  });

  it("asks Kimi Code nothing when no model failed on a plan quota", async () => {
    const { client } = await gatewayWith(
      { moonshot: planSim.keys.moonshot, kimiCode: planSim.keys.kimiCode },
      "loopback",
      () => {},
      planSim,
    );
    planSim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
    planSim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-for-coding" });
    const error = await refusal(client);
    expect(error.status).toBe(429);
    expect(usageLookups()).toHaveLength(0);
  });
});
