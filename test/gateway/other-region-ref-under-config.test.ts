/**
 * The gateway's answer for a key `moonshot-cn` refused while the international platform could not
 * be asked, with `moonshot` moved to the China platform (what onboarding China's choice writes):
 * it named `use moonshot/kimi-k2.5 instead`, which sends the same key to China again. Real
 * sockets: the China simulator by its public host name, through a loopback forward proxy.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { closedPort } from "../helpers/net.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-0001";

let cn: Simulator;
let proxy: ForwardProxy;
let gateway: RunningGateway;
let dir: string;
beforeAll(async () => {
  cn = await startSimulator({ region: "cn" });
  proxy = await startForwardProxy();
  dir = mkdtempSync(join(tmpdir(), "openclaw-other-region-ref-"));
  const china = `http://api.moonshot.cn:${cn.port}/v1`;
  const providers = { moonshot: { baseUrl: china }, "moonshot-cn": { baseUrl: china } };
  const config = {
    models: { providers },
    agents: { defaults: { model: { primary: "moonshot-cn/kimi-k2.5" } } },
    gateway: { auth: { mode: "token", token: TOKEN } },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  gateway = await startGateway({
    env: {
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      HTTP_PROXY: proxy.url,
      OPENCLAW_MOONSHOT_CN_BASE_URL: china,
      OPENCLAW_MOONSHOT_AI_BASE_URL: `http://api.moonshot.ai:${await closedPort()}/v1`,
      // The international simulator's key, which the China one refuses.
      MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001",
    },
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    log: () => {},
  });
});
afterAll(async () => {
  await gateway?.close(2000);
  await proxy?.close();
  await cn?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the gateway's answer for a key moonshot-cn refused, moonshot moved to China", () => {
  it("names no ref that sends the key to China again", async () => {
    const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot-cn/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(502);
    const text = await answer.text();
    expect(text).toContain("rejected the API key for model kimi-k2.5");
    expect(text).toContain(
      "under this config no built-in provider sends keys to the international platform",
    );
    expect(text).not.toContain("use moonshot/kimi-k2.5 instead");
    expect(text).not.toContain("already has a key");
    expect(text).not.toContain("sk-test-moonshot-ai-0001");
  });
});
