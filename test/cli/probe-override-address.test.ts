/**
 * `models status --probe` and `doctor --probe` name the other Moonshot region a refused key works
 * on as onboarding names it: by its host when the OPENCLAW_MOONSHOT_CN_BASE_URL override's path is
 * the public one's (`/v1`), by its whole URL when the path is its own (`/cn/v1`, a second region
 * on the same host). Before, both said the whole URL there, and the platform's name in the hint
 * said the host even where the path told the two regions apart. The provider's own base URL, the
 * value its config line holds, stays whole. Real sockets: the built CLI and the region
 * simulators; no real host.
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

/** moonshot at the international simulator, given `key`, with the China override at `cnUrl`. */
function stateWith(key: string, cnUrl: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "probe-override-address-"));
  dirs.push(dir);
  const config = {
    models: { providers: { moonshot: { baseUrl: regions.ai.moonshotBaseUrl } } },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config), { mode: 0o600 });
  return {
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    ...regions.endpointEnv(),
    OPENCLAW_MOONSHOT_CN_BASE_URL: cnUrl,
    MOONSHOT_API_KEY: key,
  };
}

async function probes(env: Record<string, string>, key: string): Promise<string[]> {
  const status = await runCli(["models", "status", "--probe"], { env });
  const doctor = await runCli(["doctor", "--probe"], { env });
  expect(doctor.code).toBe(1);
  for (const said of [status.stdout, doctor.stdout]) {
    expect(said).toContain(`${regions.ai.moonshotBaseUrl} rejected the key (401`);
    expect(said).not.toContain(key);
  }
  return [status.stdout, doctor.stdout];
}

describe("a key of the overridden China region, refused by moonshot", () => {
  it("names the China override by its host when its path is /v1", async () => {
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    const key = regions.cn.keys.moonshot;
    for (const said of await probes(stateWith(key, regions.cn.moonshotBaseUrl), key)) {
      expect(said).toContain(
        `but Moonshot China (${cnHost}) accepts it: the key is from that region`,
      );
      expect(said).toContain(`this key belongs to the China platform (${cnHost}), where`);
      expect(said).not.toContain(`(${regions.cn.moonshotBaseUrl})`);
    }
  });

  it("names it by its whole URL when its path is its own", async () => {
    // The China region served at /cn/v1 beside the international one's /v1, on one host.
    const cnUrl = regions.ai.otherRegionBaseUrl;
    const key = regions.ai.keys.otherRegion;
    for (const said of await probes(stateWith(key, cnUrl), key)) {
      expect(said).toContain(
        `but Moonshot China (${cnUrl}) accepts it: the key is from that region`,
      );
      expect(said).toContain(`this key belongs to the China platform (${cnUrl}), where`);
    }
  });
});
