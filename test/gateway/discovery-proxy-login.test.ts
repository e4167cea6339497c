/**
 * The gateway's background model discovery (`GET /models` at start) through a proxy that refuses
 * its login (407): said as doctor and models status say it (the proxy refused the login, and the
 * hint), not as a list that could not be read this once. Built CLI (`npm run build` first), real
 * sockets: a forward proxy with a login and the simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { gatewayEnv, killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, simConfig } from "./harness.js";

const PASSWORD = "wrongpw-4711";

let sim: Simulator;
let proxy: ForwardProxy;
const dirs: string[] = [];
beforeAll(async () => {
  sim = await startSimulator();
  proxy = await startForwardProxy({ login: "user:rightpw" });
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
afterEach(() => {
  killGatewayProcesses();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A state dir whose moonshot goes through the proxy (a name, not loopback); kimi-code direct. */
function stateDir(): { dir: string; moonshotUrl: string } {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-discovery-proxy-"));
  dirs.push(dir);
  const config = simConfig(sim);
  const moonshotUrl = sim.moonshotBaseUrl.replace("127.0.0.1", "sim.example");
  config.models.providers.moonshot.baseUrl = moonshotUrl;
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  return { dir, moonshotUrl };
}

const REFUSED_HINT = () =>
  `the proxy at 127.0.0.1:${proxy.port} did not accept the user name "user" and the password in HTTP_PROXY: check both with whoever runs the proxy (and that @ : / % in them are written %40 %3A %2F %25)`;

describe("model discovery through a proxy that refuses its login", () => {
  it("says the proxy refused the login, that requests fail until it is fixed, and the hint", async () => {
    const { dir, moonshotUrl } = stateDir();
    const cli = spawnGateway({
      ...gatewayEnv(dir, sim.keys),
      HTTP_PROXY: `http://user:${PASSWORD}@127.0.0.1:${proxy.port}`,
    });
    const output = () => cli.stdout() + cli.stderr();
    await eventually(
      () => output().includes("cannot get through the proxy"),
      15_000,
      "the discovery's line",
    );
    expect(output()).toContain(
      `gateway: warning: requests to moonshot cannot get through the proxy: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required) (GET ${moonshotUrl}/models); they fail until the proxy's login is fixed, and /v1/models lists its configured models as they are\n  hint: ${REFUSED_HINT()}`,
    );
    expect(output()).not.toContain("could not read the models moonshot serves");
    expect(output()).not.toContain(PASSWORD);
    expect(proxy.visits.some((visit) => visit.target === `${moonshotUrl}/models`)).toBe(true);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("--json: its models_discovered event has the refusal as error and the hint", async () => {
    const { dir } = stateDir();
    const cli = spawnGateway(
      {
        ...gatewayEnv(dir, sim.keys),
        HTTP_PROXY: `http://user:${PASSWORD}@127.0.0.1:${proxy.port}`,
      },
      ["--json"],
    );
    type Event = { event: string; provider?: string; [field: string]: unknown };
    const moonshot = (): Event | undefined =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.includes('"models_discovered"'))
        .map((line) => JSON.parse(line) as Event)
        .find((event) => event.provider === "moonshot");
    await eventually(() => moonshot() !== undefined, 15_000, "moonshot's models_discovered");
    expect(moonshot()).toMatchObject({
      ok: false,
      listed: [],
      error: `the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required)`,
      hint: REFUSED_HINT(),
    });
    expect(cli.stdout()).not.toContain(PASSWORD);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});
