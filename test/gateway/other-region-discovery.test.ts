/**
 * A config that sets up one Moonshot region (`moonshot`, on MOONSHOT_API_KEY) leaves the built-in
 * `moonshot-cn`, which reads the same variable, alone: a key works in one region only, so asking
 * the other region for its models at every start gets a 401 (offline: a DNS failure) and a line
 * about a provider the person never chose. It is not asked, not listed in /v1/models, and still
 * served by its ref. Real sockets: the simulator for `moonshot`; the built-in hosts are reached
 * only through a loopback forward proxy that records them and never resolves a real name.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually } from "./harness.js";

const TOKEN = "test-gateway-token-0001";

let sim: Simulator;
let proxy: ForwardProxy;
beforeAll(async () => {
  sim = await startSimulator();
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const open: { gateway: RunningGateway; dir: string }[] = [];
afterEach(async () => {
  for (const { gateway, dir } of open.splice(0)) {
    await gateway.close(2000);
    rmSync(dir, { recursive: true, force: true });
  }
  proxy.visits.length = 0;
});

/** Only `moonshot` configured (merged over the built-ins), pointed at the simulator. */
async function start(fallbacks: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-other-region-"));
  const config = {
    models: {
      providers: {
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
        },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5", fallbacks } } },
    gateway: { auth: { mode: "token", token: TOKEN } },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  // No Kimi Code key: only the two Moonshot providers could be asked. Every https host goes to
  // the proxy, which sends it to loopback: nothing here looks up api.moonshot.cn.
  const { KIMICODE_API_KEY: _unused, ...env } = gatewayEnv(dir, sim.keys);
  const lines: string[] = [];
  const reports: DiscoveryReport[] = [];
  const gateway = await startGateway({
    env: { ...env, HTTPS_PROXY: proxy.url },
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    log: (line) => lines.push(line),
    onDiscovery: (report) => reports.push(report),
  });
  open.push({ gateway, dir });
  const sdk = new OpenAI({
    apiKey: TOKEN,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
    timeout: 15_000,
  });
  // Every provider asked reports at once, when the slowest has answered.
  await eventually(() => reports.length > 0, 10_000, "the discovery's reports");
  const ids: string[] = [];
  for await (const model of sdk.models.list()) ids.push(model.id);
  return { lines, reports, sdk, ids };
}

const askedCn = () => proxy.visits.filter((visit) => visit.target.includes("api.moonshot.cn"));

describe("the other Moonshot region, on the configured region's key", () => {
  it("is not asked its models at start, not listed, and not reported", async () => {
    const { lines, reports, ids } = await start();
    expect(reports.map((report) => report.provider)).toEqual(["moonshot"]);
    expect(reports[0]).toMatchObject({ ok: true });
    expect(askedCn()).toEqual([]);
    expect(lines.join("\n")).not.toContain("moonshot-cn");
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(ids.filter((id) => id.startsWith("moonshot-cn/"))).toEqual([]);
  });

  it("is still served by its ref: the request goes to api.moonshot.cn, not a 404", async () => {
    const { sdk } = await start();
    const error = await sdk.chat.completions
      .create({ model: "moonshot-cn/kimi-k2.5", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    // The proxy's loopback has nothing on 443: the gateway says it could not reach the provider.
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).not.toBe(404);
    expect(askedCn().map((visit) => visit.target)).toContain("api.moonshot.cn:443");
  });

  it("is listed and asked when the default chain names one of its models", async () => {
    const { reports, ids } = await start(["moonshot-cn/kimi-k2.5"]);
    expect(reports.map((report) => report.provider).sort()).toEqual(["moonshot", "moonshot-cn"]);
    expect(ids).toContain("moonshot-cn/kimi-k2.5");
  });
});
