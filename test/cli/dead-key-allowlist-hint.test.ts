/**
 * The spec page's Moonshot snippet pasted as the config, with a key in its `env` that works on
 * neither Moonshot platform (mistyped, revoked): the refusal's hint says what to do if the key
 * comes from the other platform. It said "use moonshot-cn/kimi-k2.5 instead", a ref the
 * snippet's allowlist (agents.defaults.models, `moonshot/…` only) refuses; it now keeps
 * `moonshot/kimi-k2.5` and says where to point it, as the refusal of a key found to be China's
 * does (region-key-allowlist.test.ts). Real sockets: the region simulators, reached by their
 * public host names through a loopback forward proxy (the hint's region is read from the host).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
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

const DEAD_KEY = "sk-fake-abc-01";
/** The region simulators by the public host names, which the forward proxy sends to loopback. */
const chinaUrl = () => `http://api.moonshot.cn:${regions.cn.port}/v1`;
const internationalUrl = () => `http://api.moonshot.ai:${regions.ai.port}/v1`;

/** The seed snippet verbatim but for its address and its key. */
function seedConfig(baseUrl: string, key: string): string {
  const text = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  return text.replace("https://api.moonshot.ai/v1", baseUrl).replace('"sk-..."', `"${key}"`);
}

function stateWith(config: string): StateDir {
  const state = freshState({
    HTTP_PROXY: proxy.url,
    OPENCLAW_MOONSHOT_AI_BASE_URL: internationalUrl(),
    OPENCLAW_MOONSHOT_CN_BASE_URL: chinaUrl(),
  });
  writeFileSync(state.configPath, config);
  return state;
}

async function refusedHint(state: StateDir, args: string[]): Promise<string> {
  const result = await state.run([...args, "--json"]);
  expect(result.code).toBe(1);
  expect(result.stdout + result.stderr).not.toContain(DEAD_KEY);
  const { error } = JSON.parse(result.stdout) as { error: { code: string; hint: string } };
  expect(error.code).toBe("provider.auth");
  return error.hint;
}

describe("a key that works nowhere, under the seed snippet's allowlist", () => {
  it("keeps moonshot/kimi-k2.5 for a key of the China platform: where to point it, and that answers", async () => {
    const state = stateWith(seedConfig(internationalUrl(), DEAD_KEY));
    const hint = await refusedHint(state, ["agent", "-m", "hi"]);
    // Before: "…; if the key comes from platform.moonshot.cn, use moonshot-cn/kimi-k2.5 instead",
    // which the allowlist refuses (closest: moonshot/kimi-k2.5).
    expect(hint).not.toContain("use moonshot-cn/kimi-k2.5 instead");
    expect(hint).toContain(
      `if the key comes from platform.moonshot.cn, keep moonshot/kimi-k2.5 and send it to the China platform (api.moonshot.cn): set models.providers.moonshot.baseUrl at ${state.configPath}:21 to https://api.moonshot.cn/v1, or run: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there (moonshot-cn/kimi-k2.5 would take the key too, but agents.defaults.models, the allowlist, does not list it); otherwise`,
    );

    // Followed with a key of the China platform: the line named, set to the address named (its
    // simulator, by the same host name).
    writeFileSync(state.configPath, seedConfig(chinaUrl(), regions.cn.keys.moonshot));
    const followed = await state.run(["agent", "-m", "hi"]);
    expect(followed.stdout).toBe("Echo: hi\n");
    expect(followed.code).toBe(0);
  });

  it("names the China ref while the allowlist lists it", async () => {
    const listed = seedConfig(internationalUrl(), DEAD_KEY).replace(
      '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" },',
      '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" },\n        "moonshot-cn/kimi-k2.5": {},',
    );
    const hint = await refusedHint(stateWith(listed), ["agent", "-m", "hi"]);
    expect(hint).toContain(
      "if the key comes from platform.moonshot.cn, use moonshot-cn/kimi-k2.5 instead; otherwise",
    );
  });

  it("moonshot-cn refusing it names the entry moonshot/<id> needs in the allowlist", async () => {
    const config = {
      env: { MOONSHOT_API_KEY: DEAD_KEY },
      models: { providers: { "moonshot-cn": { baseUrl: chinaUrl() } } },
      agents: {
        defaults: {
          model: { primary: "moonshot-cn/kimi-k2.5" },
          models: { "moonshot-cn/kimi-k2.5": {} },
        },
      },
    };
    const hint = await refusedHint(stateWith(JSON.stringify(config, null, 2)), [
      "agent",
      "-m",
      "hi",
    ]);
    expect(hint).toContain(
      'if the key comes from platform.moonshot.ai, use moonshot/kimi-k2.5 instead, once listed in agents.defaults.models (the allowlist; add "moonshot/kimi-k2.5": {} there); otherwise',
    );
  });
});
