/**
 * Whether the config served is the one in the files, as /metrics tells it: a failed reload counts
 * in openclaw_gateway_config_reloads_total, and openclaw_gateway_config_last_reload_successful
 * stays 0 until a reload applies, so an alert can fire while the last good config still serves.
 * A gateway in this process (real sockets, the simulator upstream).
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

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
