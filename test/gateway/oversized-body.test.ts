/**
 * A body over gateway.limits.maxBodyBytes sent whole by the OpenAI SDK (it sends no
 * `Expect: 100-continue`, and reads the answer only once its upload is done) to the built CLI's
 * gateway in its own process: the SDK gets the 413 naming the limit. Closing the socket while the
 * body was still arriving reset the connection, and the SDK mostly said "Connection error.".
 * A request pipelined behind such a body on the same connection is not sent upstream: its answer
 * could not be delivered on a connection that closes after the 413.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GatewayProcess,
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import {
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  simConfig,
  startGatewayEnv,
} from "./harness.js";

let sim: Simulator;
let stateDir: string;
let gateway: GatewayProcess;
beforeAll(async () => {
  sim = await startSimulator({ serveRetiredModels: true });
  stateDir = mkdtempSync(join(tmpdir(), "openclaw-oversized-"));
  writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify(simConfig(sim)));
  gateway = await startGatewayProcess(gatewayEnv(stateDir, sim.keys));
});
afterAll(async () => {
  killGatewayProcesses();
  await sim?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("a body over the size limit, sent whole by the OpenAI SDK", () => {
  it("gets the 413 naming the limit, not a connection error from a reset socket", async () => {
    // No retries: each attempt must itself read the 413.
    const client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: GATEWAY_TOKEN,
      maxRetries: 0,
    });
    const outcomes: string[] = [];
    for (const megabytes of [9, 10, 16, 9, 10, 16]) {
      const content = "x".repeat(megabytes * 1024 * 1024);
      const outcome = await client.chat.completions
        .create({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content }] })
        .then(
          () => "answered",
          (error: unknown) =>
            error instanceof OpenAI.APIError && error.status !== undefined
              ? error.message
              : `${(error as Error).constructor.name}: ${(error as Error).message}`,
        );
      outcomes.push(outcome);
    }
    expect(outcomes).toEqual(
      Array(6).fill(
        "413 request body exceeds 8388608 bytes, this gateway's limit (gateway.limits.maxBodyBytes in its config)",
      ),
    );
    expect(sim.chatRequests()).toEqual([]);
  });
});

describe("a request pipelined behind a body over the limit", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ start: { limits: { maxBodyBytes: 2048 } } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is not sent upstream, as its answer could not reach the client", async () => {
    const post = (body: string) =>
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const chat = (content: string) =>
      JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content }] });
    // Both in one write, so that Node reads the second request while the first is refused.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(env.gateway.port, "127.0.0.1", () =>
        socket.write(post(chat("x".repeat(5000))) + post(chat("behind"))),
      );
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        text += chunk;
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toContain("Echo: behind");
    expect(env.sim.chatRequests()).toEqual([]);
    const rows = await ledgerQuery<{ status: number }>(env, "SELECT status FROM requests");
    expect(rows.map((row) => row.status).sort()).toEqual([413, 499]);
  });
});
