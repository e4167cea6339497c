/**
 * Whether the config served is the one in the files, as /metrics tells it: a failed reload counts
 * in openclaw_gateway_config_reloads_total, and openclaw_gateway_config_last_reload_successful
 * stays 0 until a reload applies, so an alert can fire while the last good config still serves.
 * A gateway in this process (real sockets, the simulator upstream).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { agentDir } from "../../src/config/index.js";
import { startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { startSimulator } from "../simulator/index.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  simConfig,
  startGatewayEnv,
} from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

/** The reload series of /metrics, one line each. */
async function reloadSeries(env: GatewayEnv): Promise<string[]> {
  const res = await fetch(`${env.gateway.url}/metrics`, {
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split("\n")
    .filter((line) => line.startsWith("openclaw_gateway_config_") && !line.startsWith("#"));
}

describe("/metrics after a broken edit and its fix", () => {
  it("shows the last reload failed until one applies", async () => {
    const env = await startGatewayEnv();
    running.push(env);
    expect(await reloadSeries(env)).toEqual(["openclaw_gateway_config_last_reload_successful 1"]);

    writeFileSync(env.configPath, '{ "gateway": { "port": 18789, } "agents": {} }');
    expect(env.gateway.reload()).toBe(false);
    expect(await reloadSeries(env)).toEqual([
      'openclaw_gateway_config_reloads_total{result="error"} 1',
      "openclaw_gateway_config_last_reload_successful 0",
    ]);

    writeFileSync(env.configPath, JSON.stringify(simConfig(env.sim)));
    expect(env.gateway.reload()).toBe(true);
    expect(await reloadSeries(env)).toEqual([
      'openclaw_gateway_config_reloads_total{result="error"} 1',
      'openclaw_gateway_config_reloads_total{result="ok"} 1',
      "openclaw_gateway_config_last_reload_successful 1",
    ]);
  });
});

/** The state dir's credential store with moonshot's key, and a way to break it (a comma left). */
function storeWithKey(stateDir: string, key: string) {
  const agent = agentDir(stateDir);
  mkdirSync(agent, { recursive: true });
  writeAuthStore(
    agent,
    withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", { key }),
  );
  const store = join(agent, "auth-profiles.json");
  const whole = readFileSync(store, "utf8");
  return {
    store,
    breakIt: () => writeFileSync(store, whole.replace(/\}\s*$/, ",}")),
    fixIt: () => writeFileSync(store, `${whole}\n`),
  };
}

const gauge = (series: string[]) =>
  series.find((line) => line.startsWith("openclaw_gateway_config_last_reload_successful "));

describe("/metrics while the credential store is broken", () => {
  it("shows 0 after an edit of the config that applied with the keys last read, 1 once the store reads well", async () => {
    const env = await startGatewayEnv();
    running.push(env);
    const { breakIt, fixIt } = storeWithKey(env.stateDir, env.sim.keys.moonshot);
    expect(env.gateway.reload()).toBe(true);
    breakIt();
    // An edit of the config (a new alias) applies, but the keys served are not the store's.
    const config = JSON.parse(readFileSync(env.configPath, "utf8"));
    config.agents.defaults.models["moonshot/kimi-k2-turbo-preview"] = { alias: "Turbo" };
    writeFileSync(env.configPath, JSON.stringify(config, null, 2));
    expect(env.gateway.reload()).toBe(true);
    expect(gauge(await reloadSeries(env))).toBe("openclaw_gateway_config_last_reload_successful 0");
    fixIt();
    expect(env.gateway.reload()).toBe(true);
    expect(gauge(await reloadSeries(env))).toBe("openclaw_gateway_config_last_reload_successful 1");
  });

  it("of a gateway given its config as an object: 0 while broken, 1 once its keys are read again", async () => {
    const sim = await startSimulator({});
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-metrics-"));
    const { store, breakIt, fixIt } = storeWithKey(stateDir, sim.keys.moonshot);
    const lines: string[] = [];
    const gateway = await startGateway({
      config: simConfig(sim) as Record<string, unknown>,
      env: { PATH: process.env.PATH, OPENCLAW_STATE_DIR: stateDir, NO_COLOR: "1" },
      port: 0,
      transports: await defaultTransports(),
      watch: true,
      log: (line) => lines.push(line),
    });
    const env = { gateway } as GatewayEnv;
    running.push({
      ...env,
      close: async () => {
        await gateway.close(2000);
        await sim.close();
        rmSync(stateDir, { recursive: true, force: true });
      },
    });
    breakIt();
    await eventually(() => lines.some((line) => line.includes(`${store}:`)), 5000, "broken");
    expect(gauge(await reloadSeries(env))).toBe("openclaw_gateway_config_last_reload_successful 0");
    fixIt();
    const readAgain = `gateway: keys read again: ${store} (the credential store) changed`;
    await eventually(() => lines.includes(readAgain), 5000, "the keys read again");
    // Before, it stayed 0 for good: an alert on it never cleared.
    expect(gauge(await reloadSeries(env))).toBe("openclaw_gateway_config_last_reload_successful 1");
  });
});
