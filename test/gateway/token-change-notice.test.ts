/**
 * A reload that puts a new gateway token in the config (a rotation) says so in the log, once,
 * without either token: clients holding the old one are refused from then on, and the operator
 * reading why they get 401s finds the moment it changed.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

const NEW_TOKEN = "test-gateway-token-rotated-0002";

async function modelsStatus(env: GatewayEnv, token: string): Promise<number> {
  const res = await fetch(`${env.baseURL}/models`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

describe("a reload that changes gateway.auth.token", () => {
  it("says once that the token changed and the old one is refused, naming neither", async () => {
    const lines: string[] = [];
    const env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
    running.push(env);
    const config = simConfig(env.sim);
    writeFileSync(
      env.configPath,
      JSON.stringify({
        ...config,
        gateway: { ...config.gateway, auth: { ...config.gateway.auth, token: NEW_TOKEN } },
      }),
    );
    expect(env.gateway.reload()).toBe(true);
    expect(await modelsStatus(env, GATEWAY_TOKEN)).toBe(401);
    expect(await modelsStatus(env, NEW_TOKEN)).toBe(200);
    // The gateway's own state dir: the command names it (a plain shell reads another config).
    const said = `gateway: the gateway token changed (gateway.auth.token): requests with the old one are refused from now on (those already running finish); give clients the new one: OPENCLAW_STATE_DIR=${env.stateDir} openclaw config get gateway.auth.token --reveal`;
    expect(lines.filter((line) => line === said)).toHaveLength(1);
    expect(lines.join("\n")).not.toContain(NEW_TOKEN);
    expect(lines.join("\n")).not.toContain(GATEWAY_TOKEN);

    // A later reload for another edit does not say it again.
    expect(env.gateway.reload()).toBe(true);
    expect(lines.filter((line) => line === said)).toHaveLength(1);
  });
});
