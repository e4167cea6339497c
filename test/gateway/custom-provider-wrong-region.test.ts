/**
 * The gateway's answer for a provider of the user's own (`kimi`) at api.moonshot.cn given a key
 * of the international platform: a 502 wrong_region saying where the key works and which baseUrl
 * line to change, as for the built-in providers. Before, only the exact public address counted,
 * and the answer was a plain "rejected the API key". Real sockets: the simulators by their public
 * host names, through a loopback forward proxy.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-0001";
const AI_KEY = "sk-test-moonshot-ai-0001";

let ai: Simulator;
let cn: Simulator;
let proxy: ForwardProxy;
let gateway: RunningGateway;
let dir: string;
let configPath: string;
const logged: string[] = [];
const international = () => `http://api.moonshot.ai:${ai.port}/v1`;
beforeAll(async () => {
  ai = await startSimulator({ region: "ai" });
  cn = await startSimulator({ region: "cn" });
  proxy = await startForwardProxy();
  dir = mkdtempSync(join(tmpdir(), "openclaw-custom-wrong-region-"));
  configPath = join(dir, "openclaw.json");
  const kimi = {
    baseUrl: `http://api.moonshot.cn:${cn.port}/v1`,
    apiKey: AI_KEY,
    api: "openai-completions",
    models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
  };
  const config = {
    models: { providers: { kimi } },
    agents: { defaults: { model: { primary: "kimi/kimi-k2.5" } } },
    gateway: { auth: { mode: "token", token: TOKEN } },
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  gateway = await startGateway({
    env: {
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      HTTP_PROXY: proxy.url,
      OPENCLAW_MOONSHOT_AI_BASE_URL: international(),
    },
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    log: (line: string) => logged.push(line),
  });
});
afterAll(async () => {
  await gateway?.close(2000);
  await proxy?.close();
  await ai?.close();
  await cn?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the gateway's answer for kimi at api.moonshot.cn with an international key", () => {
  it("is wrong_region, naming where the key works and kimi's baseUrl line", async () => {
    const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "kimi/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(502);
    const text = await answer.text();
    // Named by its host, as onboarding names it; the URL whole where it is the value to set.
    expect(text).toContain(
      `the key works on Moonshot international at api.moonshot.ai:${ai.port})`,
    );
    expect(text).toContain(
      `set models.providers.kimi.baseUrl at ${configPath}:5 to ${international()} (this key belongs to that region)`,
    );
    expect(text).not.toContain(AI_KEY);
    expect(logged.join("\n")).not.toContain(AI_KEY);
  });
});
