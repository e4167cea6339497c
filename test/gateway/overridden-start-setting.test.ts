/**
 * gateway.port (or gateway.bind) changed in the config of a gateway started with --port
 * (startGateway's `port`): the option wins over the config at every start given it, so a restart
 * does not apply the change; the reload says so, once, and what to do, instead of nothing. The
 * gateway runs in this process on a real socket, the simulator upstream.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

describe("gateway.port changed under a gateway started with a port given", () => {
  it("says the port given at start wins and how to use the config's, once per value", async () => {
    const lines: string[] = [];
    // startGatewayEnv starts with `port: 0`, as `openclaw gateway --port 0` does.
    const env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
    running.push(env);
    const withPort = (port: number) =>
      writeFileSync(
        env.configPath,
        JSON.stringify(simConfig(env.sim, { gateway: { port } }), null, 2),
      );

    withPort(41399);
    expect(env.gateway.reload()).toBe(true);
    expect(lines.at(-2)).toBe(`gateway: config reloaded from ${env.configPath}`);
    expect(lines.at(-1)).toBe(
      "gateway: gateway.port changed in the config (18789 → 41399), but the port given at start (--port, or startGateway's port) wins over it: this gateway, and a restart given --port again, keep that one; leave --port out to use gateway.port",
    );

    // Another edit with the same port: not said again.
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([`gateway: config reloaded from ${env.configPath}`]);
  });
});
