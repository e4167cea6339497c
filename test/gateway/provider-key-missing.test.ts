/**
 * A request for a model whose provider has no API key on the gateway's side: nothing goes
 * upstream, so it is no upstream's refusal (502) but the gateway's own config to fix: 503
 * `server_error`, code `provider_key_missing`, `x-should-retry: false`, the provider and model
 * named; the log says once how to give the key. A fallback with a key still answers `openclaw`,
 * and a key the provider refuses is still a 502. Real gateways in this process, real sockets, the
 * official `openai` client.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import OpenAI, { APIError } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(1000);
});
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A gateway over the simulator's config, with these keys in its environment, its log kept. */
async function gatewayWith(keys: { moonshot: string; kimiCode: string }, bind = "loopback") {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-key-missing-"));
  dirs.push(dir);
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim), null, 2));
  const lines: string[] = [];
  const gateway = await startGateway({
    env: gatewayEnv(dir, keys),
    port: 0,
    bind,
    transports: await defaultTransports(),
    watch: false,
    log: (line) => lines.push(line),
  });
  running.push(gateway);
  const client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: `http://127.0.0.1:${gateway.port}/v1`,
    maxRetries: 0,
  });
  return { gateway, client, lines };
}

/** What the client's request for `model` was refused with. */
async function refusal(client: OpenAI, model: string, stream = false): Promise<APIError> {
  try {
    const answer = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
      stream,
    });
    if (stream) for await (const _ of answer as AsyncIterable<unknown>);
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error(`${model} was answered`);
}

/** The error body's message (the SDK's own `message` puts the status in front). */
const said = (error: APIError) => (error.error as { message: string }).message;

const moonshotTold =
  'moonshot/kimi-k2.5: this gateway has no API key for provider "moonshot", so nothing was sent to it; the gateway\'s operator must give moonshot a key';

describe("a provider without a key on the gateway", () => {
  it("is answered 503 provider_key_missing, not sent upstream, and not to be retried", async () => {
    const { gateway, client, lines } = await gatewayWith({
      moonshot: "",
      kimiCode: sim.keys.kimiCode,
    });
    const sentBefore = sim.chatRequests().length;
    const error = await refusal(client, "moonshot/kimi-k2.5");
    expect(error.status).toBe(503);
    expect(error.type).toBe("server_error");
    expect(error.code).toBe("provider_key_missing");
    expect(error.param).toBe("model");
    // On loopback the client is on the gateway's machine: after the sentence, where to set it.
    expect(said(error).startsWith(moonshotTold)).toBe(true);
    expect(said(error)).toContain('no API key found for provider "moonshot"');
    expect(error.headers?.get("x-should-retry")).toBe("false");
    expect(error.headers?.get("retry-after")).toBeNull();
    // A stream is refused before it begins, alike.
    const streamed = await refusal(client, "moonshot/kimi-k2.5", true);
    expect([streamed.status, streamed.code]).toEqual([503, "provider_key_missing"]);
    expect(sim.chatRequests().length).toBe(sentBefore);

    // The log says how to give the key, once for both requests.
    const logged = lines.filter((line) =>
      line.startsWith(
        'gateway: requests for moonshot/kimi-k2.5 are answered 503 provider_key_missing: no API key found for provider "moonshot"',
      ),
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("\n  hint: ");
    expect(logged[0]).toContain("$MOONSHOT_API_KEY");

    // The ledger and /metrics keep it apart from an upstream's refusal of a key.
    await gateway.ledger?.flush();
    const db = new Database(gateway.ledgerPath ?? "", { readonly: true });
    const rows = db
      .prepare("SELECT status, outcome, error_class FROM requests ORDER BY id")
      .all() as { status: number; outcome: string; error_class: string }[];
    db.close();
    expect(rows).toEqual([
      { status: 503, outcome: "error", error_class: "provider_key_missing" },
      { status: 503, outcome: "error", error_class: "provider_key_missing" },
    ]);
    const metrics = await (
      await fetch(`http://127.0.0.1:${gateway.port}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    expect(metrics).toContain('openclaw_gateway_errors_total{class="provider_key_missing"} 2');
    expect(metrics).not.toContain('class="upstream.auth"');
  });

  it("leaves `openclaw` answered by the chain's fallback that has a key", async () => {
    const { client } = await gatewayWith({ moonshot: "", kimiCode: sim.keys.kimiCode });
    const answer = await client.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer.model).toContain("kimi-for-coding");
  });

  it("names every model of the chain without a key when none has one", async () => {
    const { client } = await gatewayWith({ moonshot: "", kimiCode: "" }, "lan");
    const error = await refusal(client, "openclaw");
    expect([error.status, error.type, error.code]).toEqual([
      503,
      "server_error",
      "provider_key_missing",
    ]);
    // A client on the network reads the sentence alone: no variable, file or command of the host.
    expect(said(error)).toBe(
      'no model this request could go to has an API key on this gateway: moonshot/kimi-k2.5 (provider "moonshot"), kimi-code/kimi-for-coding (provider "kimi-code"); nothing was sent to them; the gateway\'s operator must give one of these providers a key',
    );
  });

  it("keeps a key the provider refuses a 502 upstream error", async () => {
    const { client } = await gatewayWith({
      moonshot: "sk-not-the-simulators-key-0001",
      kimiCode: sim.keys.kimiCode,
    });
    const error = await refusal(client, "moonshot/kimi-k2.5");
    expect(error.status).toBe(502);
    expect(error.type).toBe("upstream_error");
    expect(error.code).not.toBe("provider_key_missing");
  });
});
