/**
 * Runtimes opened in one process with different environments each go through the proxy of
 * their own environment (the first one's proxy used to apply to all of them), over real sockets:
 * the simulator behind two forward proxies that send every host name to loopback.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkKey } from "../../src/auth/index.js";
import { proxySettingsFromEnv } from "../../src/providers/index.js";
import { openRuntime } from "../../src/runtime/index.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
let first: ForwardProxy;
let second: ForwardProxy;
beforeAll(async () => {
  sim = await startSimulator();
  first = await startForwardProxy();
  second = await startForwardProxy();
});
afterAll(async () => {
  await first.close();
  await second.close();
  await sim.close();
});

/**
 * A runtime whose Moonshot is the simulator under a real name, with `env` as its environment and
 * `more` added to its config (an `env` block).
 */
function runtimeWith(env: Record<string, string>, more: Record<string, unknown> = {}) {
  const dir = tempDir();
  const config = {
    ...more,
    models: {
      providers: {
        moonshot: {
          baseUrl: `http://api.moonshot.ai:${sim.port}/v1`,
          apiKey: "${MOONSHOT_API_KEY}",
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5", contextWindow: 256000, maxTokens: 8192 }],
        },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  return openRuntime({
    env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: sim.keys.moonshot, ...env },
    retry: { maxAttempts: 1 },
  }).runtime;
}

const hi = { request: { messages: [{ role: "user" as const, content: "hi" }] } };
const visits = (proxy: ForwardProxy) =>
  proxy.visits.filter((visit) => visit.target.endsWith("/chat/completions")).length;

describe("proxies per runtime", () => {
  it("each runtime goes through its own environment's proxy, whichever was opened first", async () => {
    const viaFirst = runtimeWith({ HTTP_PROXY: first.url });
    const viaSecond = runtimeWith({ HTTP_PROXY: second.url });
    await viaFirst.complete(hi);
    await viaSecond.complete(hi);
    await viaFirst.complete(hi);
    expect([visits(first), visits(second)]).toEqual([2, 1]);
    // The exact token count goes the same way as the chat.
    await viaSecond.complete({ ...hi, exactTokenCount: true });
    expect(second.visits.some((visit) => visit.target.includes("/tokenizers/"))).toBe(true);
    expect(first.visits.some((visit) => visit.target.includes("/tokenizers/"))).toBe(false);
  });

  it("a proxy in the config's env block counts for that runtime only", async () => {
    const before = [visits(first), visits(second)];
    const fromBlock = runtimeWith({}, { env: { HTTP_PROXY: second.url } });
    await fromBlock.complete(hi);
    await runtimeWith({ HTTP_PROXY: first.url }).complete(hi);
    expect([visits(first), visits(second)]).toEqual([before[0]! + 1, before[1]! + 1]);
  });
});

describe("key checks", () => {
  it("go through the proxy they are given (models status --probe passes the config's)", async () => {
    const before = first.visits.length;
    const result = await checkKey({
      target: { label: "Moonshot", baseUrl: `http://api.moonshot.ai:${sim.port}/v1` },
      key: sim.keys.moonshot,
      proxy: proxySettingsFromEnv({ HTTP_PROXY: first.url }),
    });
    expect(result.status).toBe("valid");
    expect(first.visits.slice(before).map((visit) => visit.target)).toEqual([
      `http://api.moonshot.ai:${sim.port}/v1/models`,
    ]);
  });
});
