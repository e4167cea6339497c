/**
 * A provider of the user's own (any id under models.providers) at a Moonshot region's host, given
 * a key of the other region: it is told where the key belongs as the built-in providers are, the
 * advice naming its own baseUrl and the line that writes it. Before, only an exact public or
 * override address counted: `kimi` at api.moonshot.cn behind a proxy, or written with a port,
 * got "check that the key was copied whole" from the probe and onboarding, and a request's error
 * never said the key works on the international platform. Real sockets: the region simulators,
 * reached by their public host names through a loopback forward proxy.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { closedPort } from "../helpers/net.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const regions = regionSimulators();
let proxy: ForwardProxy;
beforeAll(async () => {
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.close();
});

const chinaUrl = () => `http://api.moonshot.cn:${regions.cn.port}/v1`;
const internationalUrl = () => `http://api.moonshot.ai:${regions.ai.port}/v1`;
const aiKey = () => regions.ai.keys.moonshot;

/** The international platform where a key check looks, by its host name through the proxy. */
function proxiedState(): StateDir {
  return freshState({ HTTP_PROXY: proxy.url, OPENCLAW_MOONSHOT_AI_BASE_URL: internationalUrl() });
}

/** `id` at `baseUrl` with the international key, written one key a line (baseUrl on line 5). */
function withProvider(state: StateDir, id: string, baseUrl: string): StateDir {
  const provider = {
    baseUrl,
    apiKey: aiKey(),
    api: "openai-completions",
    models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
  };
  const config = { models: { providers: { [id]: provider } } };
  writeFileSync(state.configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return state;
}

interface AgentError {
  class: string;
  message: string;
  hint: string;
}

async function agentError(state: StateDir, ref: string): Promise<AgentError> {
  const result = await state.run(["agent", "--model", ref, "-m", "hi", "--json"]);
  expect(result.code).toBe(1);
  expect(result.stdout + result.stderr).not.toContain(aiKey());
  return (JSON.parse(result.stdout) as { error: AgentError }).error;
}

describe("a provider of one's own at api.moonshot.cn, given an international key", () => {
  it("agent: the error says the key works on the international platform and which baseUrl line to change", async () => {
    const state = withProvider(proxiedState(), "kimi", chinaUrl());
    const error = await agentError(state, "kimi/kimi-k2.5");
    expect(error.class).toBe("wrong_region");
    expect(error.message).toContain(
      // Named by its host, as onboarding names it; the URL whole where it is the value to set.
      `(the key works on Moonshot international at api.moonshot.ai:${regions.ai.port})`,
    );
    expect(error.hint).toBe(
      `set models.providers.kimi.baseUrl at ${state.configPath}:5 to ${internationalUrl()} (this key belongs to that region); or put the right key in models.providers.kimi.apiKey (read when openclaw starts)`,
    );
  });

  it("models status --probe and doctor --probe: wrong region, with the same advice", async () => {
    const state = withProvider(proxiedState(), "moonshot-china", chinaUrl());
    const advice = `hint: set models.providers.moonshot-china.baseUrl at ${state.configPath}:5 to ${internationalUrl()} (this key belongs to that region)`;
    const status = await state.run(["models", "status", "--probe"]);
    expect(status.stdout).toContain(
      `but Moonshot international (api.moonshot.ai:${regions.ai.port}) accepts it: the key is from that region (wrong region)`,
    );
    expect(status.stdout).toContain(advice);
    expect(status.stdout).not.toContain("copied whole");
    const doctor = await state.run(["doctor", "--probe"]);
    expect(doctor.stdout).toContain("(wrong region)");
    expect(doctor.stdout).toContain(advice);
    expect(status.stdout + doctor.stdout).not.toContain(aiKey());
  });

  it("onboard custom-api-key: refused as a key of the other region, with the --custom-base-url to use", async () => {
    const state = proxiedState();
    const result = await state.run([
      ...onboardCustom(chinaUrl(), "kimi-k2.5", "--custom-provider-id", "kimi"),
      "--custom-api-key",
      aiKey(),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("the key is from that region (wrong region)");
    expect(result.stderr).toContain(
      `hint: run again with --custom-base-url ${internationalUrl()} (this key belongs to that region); nothing was written`,
    );
    expect(result.stderr).not.toContain(aiKey());
  });
});

describe("a provider of one's own at api.moonshot.cn, the international platform not answering", () => {
  it("agent: the conditional advice names its baseUrl line too", async () => {
    const unanswered = `http://api.moonshot.ai:${await closedPort()}/v1`;
    const state = withProvider(
      freshState({ HTTP_PROXY: proxy.url, OPENCLAW_MOONSHOT_AI_BASE_URL: unanswered }),
      "kimi",
      chinaUrl(),
    );
    const error = await agentError(state, "kimi/kimi-k2.5");
    expect(error.class).toBe("auth");
    expect(error.hint).toContain(
      `if the key comes from platform.moonshot.ai, set models.providers.kimi.baseUrl at ${state.configPath}:5 to https://api.moonshot.ai/v1; otherwise put the right key in models.providers.kimi.apiKey`,
    );
  });
});

describe("a provider of one's own at any other host", () => {
  it("gets no region advice, and its refusal asks no Moonshot platform", async () => {
    // The China simulator by its loopback address: not a Moonshot host, no override names it.
    const state = withProvider(
      freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: regions.ai.moonshotBaseUrl }),
      "kimi",
      regions.cn.moonshotBaseUrl,
    );
    const error = await agentError(state, "kimi/kimi-k2.5");
    expect(error.class).toBe("auth");
    expect(error.message).not.toContain("the key works on");
    expect(error.hint).not.toContain("region");
    const status = await state.run(["models", "status", "--probe"]);
    expect(status.stdout).toContain("rejected the key (401");
    expect(status.stdout).not.toContain("wrong region");
  });
});
