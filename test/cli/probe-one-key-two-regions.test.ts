/**
 * `models status --probe` and `doctor --probe` with one MOONSHOT_API_KEY read by both Moonshot
 * regions (each given only its baseUrl, the simulator of its region) and no model of `moonshot-cn`
 * chosen: the region that refuses the key is told as the other platform's, a warning, not a
 * rejected key to re-copy, and doctor exits 0. Chosen as the default, it still fails. Real
 * sockets: the built CLI and one simulator per region; no Kimi Code key, no real host.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { regionSimulators } from "../helpers/region-simulators.js";

const regions = regionSimulators();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stateWith(primary?: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "h14-s22-probe-"));
  dirs.push(dir);
  const config = {
    models: {
      providers: {
        moonshot: { baseUrl: regions.ai.moonshotBaseUrl },
        "moonshot-cn": { baseUrl: regions.cn.moonshotBaseUrl },
      },
    },
    ...(primary ? { agents: { defaults: { model: { primary } } } } : {}),
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config), { mode: 0o600 });
  return {
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    ...regions.endpointEnv(),
    MOONSHOT_API_KEY: regions.ai.keys.moonshot,
  };
}

const cnHost = () => new URL(regions.cn.moonshotBaseUrl).host;
const aiHost = () => new URL(regions.ai.moonshotBaseUrl).host;

describe("one MOONSHOT_API_KEY, probed on both regions", () => {
  it("models status --probe: moonshot-cn's probe names the key's platform, as a warning", async () => {
    const result = await runCli(["models", "status", "--probe"], {
      env: stateWith("moonshot/kimi-k2.5"),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `! probe: MOONSHOT_API_KEY is a key of the international platform (${aiHost()}), which moonshot uses: the China platform (${cnHost()}) refused it (401); your config chooses none of moonshot-cn's models`,
    );
    expect(result.stdout).toContain(
      // A switch of region, said by the platform: that command writes moonshot, not moonshot-cn.
      `hint: to use the China platform (${cnHost()}) instead, run with a key made there: openclaw onboard --auth-choice moonshot-api-key-cn`,
    );
    expect(result.stdout).not.toContain("rejected the key");
    expect(result.stdout).not.toContain(regions.ai.keys.moonshot);

    const json = await runCli(["models", "status", "--probe", "--json"], {
      env: stateWith("moonshot/kimi-k2.5"),
    });
    const probes = (
      JSON.parse(json.stdout) as { probes: { provider: string; keyBelongsTo?: string }[] }
    ).probes;
    expect(probes.find((probe) => probe.provider === "moonshot-cn")?.keyBelongsTo).toBe("moonshot");
  });

  it("doctor --probe: a warning, exit 0", async () => {
    const result = await runCli(["doctor", "--probe"], { env: stateWith("moonshot/kimi-k2.5") });
    expect(result.stdout).toContain(
      `! probe    moonshot-cn: MOONSHOT_API_KEY is a key of the international platform (${aiHost()})`,
    );
    expect(result.stdout).toContain("no problems");
    expect(result.code).toBe(0);
  });

  it("doctor --probe with moonshot-cn the default: the key is refused where it is needed, exit 1", async () => {
    const result = await runCli(["doctor", "--probe"], { env: stateWith("moonshot-cn/kimi-k2.5") });
    expect(result.stdout).toMatch(/✗ probe {4}moonshot-cn: \S+ rejected the key \(401/);
    expect(result.code).toBe(1);
  });
});
