/**
 * gateway.port (or gateway.bind) changed in the config of a gateway started with --port
 * (startGateway's `port`): the option wins over the config at every start given it, so a restart
 * does not apply the change; the reload says so, once, with the port it keeps serving on and the
 * config's new one, and what to do, instead of nothing. Each
 * audience is told in its own words: `openclaw gateway`'s operator the flag (--port), a program
 * startGateway's option (port); the CLI's line named startGateway, which its users never call.
 * The gateway runs in this process on a real socket, the simulator upstream.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { closedPort } from "../helpers/net.js";
import { startSimulator } from "../simulator/index.js";
import { type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("gateway.port changed under a gateway started with a port given", () => {
  it("openclaw gateway: says --port wins, the port it keeps serving on and the config's, and how to use that, once per value", async () => {
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
    // Both ports: the one it keeps serving on (picked, as --port 0 asked) and the config's.
    expect(lines.at(-1)).toBe(
      `gateway: gateway.port changed in the config (18789 → 41399), but the port given at start (--port) wins over it: this gateway keeps serving on port ${env.gateway.port}; gateway.port is now 41399: to use it, restart without --port`,
    );

    // Another edit with the same port: not said again.
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([`gateway: config reloaded from ${env.configPath}`]);
  });

  it("openclaw gateway --port N, then gateway.port N in the config: nothing is overridden, nothing said", async () => {
    // `openclaw gateway --port 28789` runs, and its operator writes the same port into the config
    // (`openclaw config set gateway.port 28789`), so that a start without --port uses it too. The
    // reload said "--port wins over it … leave --port out to use gateway.port" of the very port
    // the gateway listens on.
    const port = await closedPort();
    const lines: string[] = [];
    const env = await startGatewayEnv({ start: { port, log: (line) => lines.push(line) } });
    running.push(env);
    writeFileSync(
      env.configPath,
      JSON.stringify(simConfig(env.sim, { gateway: { port } }), null, 2),
    );
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([`gateway: config reloaded from ${env.configPath}`]);
  });

  it("a program's startGateway: names its port option, not the CLI's --port", async () => {
    const sim = await startSimulator({ serveRetiredModels: true });
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
    const configPath = join(stateDir, "openclaw.json");
    const withPort = (port?: number) =>
      writeFileSync(
        configPath,
        JSON.stringify(simConfig(sim, port ? { gateway: { port } } : {}), null, 2),
      );
    withPort();
    const lines: string[] = [];
    const gateway = await startGateway({
      env: gatewayEnv(stateDir, sim.keys),
      port: 0,
      watch: false,
      log: (line) => lines.push(line),
    });
    cleanups.push(async () => {
      await gateway.close(2000);
      await sim.close();
      rmSync(stateDir, { recursive: true, force: true });
    });

    withPort(41399);
    expect(gateway.reload()).toBe(true);
    expect(lines.at(-1)).toBe(
      `gateway: gateway.port changed in the config (18789 → 41399), but the port given at start (startGateway's port option) wins over it: this gateway keeps serving on port ${gateway.port}; gateway.port is now 41399: to use it, start without port in startGateway's options`,
    );
    expect(lines.join("\n")).not.toContain("--port");
  });
});
