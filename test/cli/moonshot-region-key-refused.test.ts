/**
 * A key a built-in Moonshot region refused, against both region simulators. The advice was to
 * point the provider at the other region's address (`set models.providers.moonshot-cn.baseUrl to
 * …api.moonshot.ai`), which turns `moonshot-cn` into a second `moonshot`: the built-in provider of
 * the key's region is named instead, and followed, it answers. A provider of the user's own keeps
 * the baseUrl advice. And the probes (`models status --probe`, `doctor --probe`) of a key
 * `moonshot-cn` refused after onboarding China's choice name `moonshot/<id>`, which has a key
 * there, not that onboarding again.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const regions = regionSimulators();

/** A state dir whose config points the built-in providers at the simulators of their regions. */
function stateWith(providers: Record<string, unknown> = {}): StateDir {
  const state = freshState(regions.endpointEnv());
  const builtIn = {
    moonshot: { baseUrl: regions.ai.moonshotBaseUrl },
    "moonshot-cn": { baseUrl: regions.cn.moonshotBaseUrl },
  };
  writeFileSync(
    state.configPath,
    JSON.stringify({ models: { providers: { ...builtIn, ...providers } } }),
  );
  return state;
}

/** What `moonshot-api-key-cn` onboarding writes: moonshot at the China simulator, its key stored. */
function onboardedChina(state: StateDir): void {
  const profile = { type: "api_key", provider: "moonshot", key: regions.cn.keys.moonshot };
  mkdirSync(dirname(state.storePath), { recursive: true });
  writeFileSync(
    state.storePath,
    JSON.stringify({ version: 1, profiles: { "moonshot:default": profile } }),
  );
}

async function refusedHint(state: StateDir, ref: string, key: string): Promise<string> {
  const result = await state.run(["agent", "--model", ref, "-m", "hi", "--json"], {
    MOONSHOT_API_KEY: key,
  });
  expect(result.code).toBe(1);
  expect(result.stdout).not.toContain(key);
  return (JSON.parse(result.stdout) as { error: { hint: string } }).error.hint;
}

const aiHost = () => new URL(regions.ai.moonshotBaseUrl).host;
const cnHost = () => new URL(regions.cn.moonshotBaseUrl).host;

describe("a key of the other region, refused by a built-in Moonshot provider", () => {
  it("moonshot-cn refuses an international key: moonshot/<id> is named, and answers", async () => {
    const state = stateWith();
    const hint = await refusedHint(state, "moonshot-cn/kimi-k2.5", regions.ai.keys.moonshot);
    expect(hint).not.toContain("baseUrl");
    expect(
      hint.startsWith(
        `use moonshot/kimi-k2.5 instead: this key belongs to the international platform (${aiHost()}), where provider moonshot sends it; or put the right key in $MOONSHOT_API_KEY`,
      ),
      hint,
    ).toBe(true);
    const ref = /^use (\S+) instead/.exec(hint)?.[1] ?? "moonshot-cn/kimi-k2.5";
    const retry = await state.run(["agent", "--model", ref, "-m", "hi"], {
      MOONSHOT_API_KEY: regions.ai.keys.moonshot,
    });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
  });

  it("moonshot refuses a China key: moonshot-cn/<id> is named, and answers; or the China choice", async () => {
    const state = stateWith();
    const hint = await refusedHint(state, "moonshot/kimi-k2.5", regions.cn.keys.moonshot);
    expect(hint).not.toContain("baseUrl");
    expect(
      hint.startsWith(
        `use moonshot-cn/kimi-k2.5 instead: this key belongs to the China platform (${cnHost()}), where provider moonshot-cn sends it (or keep moonshot/kimi-k2.5 with: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there); or `,
      ),
      hint,
    ).toBe(true);
    const ref = /^use (\S+) instead/.exec(hint)?.[1] ?? "moonshot/kimi-k2.5";
    const retry = await state.run(["agent", "--model", ref, "-m", "hi"], {
      MOONSHOT_API_KEY: regions.cn.keys.moonshot,
    });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
  });

  it("after onboarding China's choice, moonshot is not named for an international key", async () => {
    const state = stateWith({ moonshot: { baseUrl: regions.cn.moonshotBaseUrl } });
    onboardedChina(state);
    const hint = await refusedHint(state, "moonshot-cn/kimi-k2.5", regions.ai.keys.moonshot);
    expect(
      hint.startsWith(
        `give moonshot-cn a key from platform.moonshot.cn: this one belongs to the international platform (${aiHost()}); or put the right key in $MOONSHOT_API_KEY`,
      ),
      hint,
    ).toBe(true);
    expect(hint).not.toContain("baseUrl");
  });

  it("a provider of the user's own keeps the baseUrl advice, which works", async () => {
    const state = stateWith({
      "my-moonshot": customProvider([{ id: "kimi-k2.5", name: "Kimi K2.5" }], {
        baseUrl: regions.cn.moonshotBaseUrl,
        apiKey: "${MOONSHOT_API_KEY}",
      }),
    });
    const hint = await refusedHint(state, "my-moonshot/kimi-k2.5", regions.ai.keys.moonshot);
    expect(hint).toContain(
      `set models.providers.my-moonshot.baseUrl at ${state.configPath}:1 to ${regions.ai.moonshotBaseUrl} (this key belongs to that region)`,
    );
  });
});

describe("probes of a key moonshot-cn refused, after onboarding China's choice", () => {
  /** moonshot-cn configured at the China simulator, beside what that onboarding wrote. */
  function onboardedState(): StateDir {
    const state = stateWith({ moonshot: { baseUrl: regions.cn.moonshotBaseUrl } });
    onboardedChina(state);
    return state;
  }
  // A key no region takes (revoked, or copied short): the probe's hint says what to do.
  const revoked = `sk-${"r".repeat(48)}`;
  const ready = () =>
    `or use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform (${cnHost()})`;

  it("models status --probe names moonshot/<id>, not the onboarding already done", async () => {
    const state = onboardedState();
    const result = await state.run(["models", "status", "--probe", "--json"], {
      MOONSHOT_API_KEY: revoked,
    });
    const probes = (
      JSON.parse(result.stdout) as {
        probes: { provider: string; result: { status: string; hint?: string } }[];
      }
    ).probes;
    const probe = probes.find((entry) => entry.provider === "moonshot-cn");
    expect(probe?.result.status).toBe("invalid");
    expect(probe?.result.hint).toContain(
      `put the right key in $MOONSHOT_API_KEY (read when openclaw starts); ${ready()}`,
    );
    expect(probe?.result.hint).not.toContain("onboard");
    expect(result.stdout).not.toContain(revoked);
  });

  it("doctor --probe says the same", async () => {
    const state = onboardedState();
    const result = await state.run(["doctor", "--probe"], { MOONSHOT_API_KEY: revoked });
    expect(result.stdout).toContain(ready());
    expect(result.stdout).not.toContain("--auth-choice moonshot-api-key-cn, which");
    expect(result.stdout).not.toContain(revoked);
  });
});
