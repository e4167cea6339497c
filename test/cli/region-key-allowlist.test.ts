/**
 * The spec page's Moonshot snippet pasted as the config, with a key of the China platform put in
 * its `env` (a reader of the Chinese page most likely has one): the international address
 * refuses it. The snippet's `agents.defaults.models` is an allowlist of `moonshot/…` refs only,
 * so the advice to use `moonshot-cn/kimi-k2.5` led to "not in the allowlist (closest:
 * moonshot/kimi-k2.5)", the ref just refused. The advice now keeps `moonshot/…` and says where
 * to point it, as the page's last note does (the China endpoint), and following it answers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const regions = regionSimulators();

/** The seed snippet verbatim but for its address (the simulator's) and its key. */
function seedConfig(baseUrl: string, key: string): string {
  const text = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  return text.replace("https://api.moonshot.ai/v1", baseUrl).replace('"sk-..."', `"${key}"`);
}

async function hintOf(state: StateDir, args: string[]): Promise<string> {
  const result = await state.run([...args, "--json"]);
  expect(result.code).toBe(1);
  return (JSON.parse(result.stdout) as { error: { hint: string } }).error.hint;
}

describe("a China key in the seed snippet's config, refused by moonshot", () => {
  it("names no ref the allowlist refuses: it says where to point moonshot, and that answers", async () => {
    const state = freshState(regions.endpointEnv());
    writeFileSync(
      state.configPath,
      seedConfig(regions.ai.moonshotBaseUrl, regions.cn.keys.moonshot),
    );
    const hint = await hintOf(state, ["agent", "-m", "hi"]);
    expect(hint).not.toMatch(/^use moonshot-cn\//);
    expect(
      hint.startsWith(
        `keep moonshot/kimi-k2.5 and send it to the China platform (${new URL(regions.cn.moonshotBaseUrl).host}), where this key belongs: set models.providers.moonshot.baseUrl at ${state.configPath}:21 to ${regions.cn.moonshotBaseUrl}, or run: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there (moonshot-cn/kimi-k2.5 would take the key too, but agents.defaults.models, the allowlist, does not list it)`,
      ),
      hint,
    ).toBe(true);
    expect(hint).not.toContain(regions.cn.keys.moonshot);

    // Followed: the line named, set to the address named.
    writeFileSync(
      state.configPath,
      seedConfig(regions.cn.moonshotBaseUrl, regions.cn.keys.moonshot),
    );
    const retry = await state.run(["agent", "-m", "hi"]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
  });

  it("models status --probe gives the same advice", async () => {
    const state = freshState(regions.endpointEnv());
    writeFileSync(
      state.configPath,
      seedConfig(regions.ai.moonshotBaseUrl, regions.cn.keys.moonshot),
    );
    const result = await state.run(["models", "status", "--probe", "--json"]);
    const probes = (
      JSON.parse(result.stdout) as {
        probes: { provider: string; result: { hint?: string } }[];
      }
    ).probes;
    const hint = probes.find((probe) => probe.provider === "moonshot")?.result.hint ?? "";
    expect(hint).toMatch(/^keep moonshot\/kimi-k2\.5 and send it to the China platform/);
    expect(hint).not.toMatch(/^use moonshot-cn\//);
  });

  it("a ref of the key's region the allowlist lacks is named with the entry to add", async () => {
    // moonshot-cn refuses an international key; the allowlist names moonshot-cn's ref alone.
    const state = freshState(regions.endpointEnv());
    writeFileSync(
      state.configPath,
      JSON.stringify({
        env: { MOONSHOT_API_KEY: regions.ai.keys.moonshot },
        agents: {
          defaults: { model: "moonshot-cn/kimi-k2.5", models: { "moonshot-cn/kimi-k2.5": {} } },
        },
        models: { providers: { "moonshot-cn": { baseUrl: regions.cn.moonshotBaseUrl } } },
      }),
    );
    const hint = await hintOf(state, ["agent", "-m", "hi"]);
    expect(
      hint.startsWith(
        'use moonshot/kimi-k2.5 instead, once listed in agents.defaults.models (the allowlist; add "moonshot/kimi-k2.5": {} there): this key belongs to the international platform',
      ),
      hint,
    ).toBe(true);
  });
});
