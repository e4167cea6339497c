/**
 * `openclaw doctor` while `openclaw gateway --port <n>` serves the same config on a port that is
 * not gateway.port (a service unit, a container, a tmux pane started with --port): doctor asked
 * the configured port alone, said it was free, and nothing of the gateway that runs. The gateway
 * now leaves a note in the state directory (pid, address, port, start time; 0600; no secret),
 * removed when it exits, and doctor names it. A note left by a killed gateway misleads no one.
 * The built CLI, gateway and doctor in their own processes, real sockets.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, simConfig } from "../gateway/harness.js";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { runCli } from "../helpers/cli.js";
import { spawnGateway, startGatewayProcess } from "../helpers/gateway-process.js";
import { closedPort } from "../helpers/net.js";
import { eventually } from "../helpers/wait.js";

const suite = useBuiltGatewaySuite();

function doctor(env: NodeJS.ProcessEnv) {
  return runCli(["doctor"], { env: env as Record<string, string> });
}

function notesIn(dir: string): string[] {
  try {
    return readdirSync(join(dir, "run"));
  } catch {
    return [];
  }
}

describe("doctor and a gateway running on another port than gateway.port", () => {
  it("names the gateway (pid, address, port) and the configured port it is not on", async () => {
    const configured = await closedPort();
    const state = suite.stateDir(
      "openclaw-doctor-elsewhere-",
      simConfig(suite.sim, { gateway: { port: configured } }),
    );
    const gateway = await startGatewayProcess(state.env);
    const port = new URL(gateway.url).port;
    const pid = gateway.child.pid;

    const result = await doctor(state.env);
    expect(result.stdout).toContain(`127.0.0.1:${configured} is free for openclaw gateway`);
    expect(result.stdout).toMatch(
      new RegExp(
        `! gateway +a gateway \\(pid ${pid}, started [0-9T:.-]+Z\\) serves this config on 127\\.0\\.0\\.1:${port}, not on the configured port ${configured}`,
      ),
    );
    expect(result.stdout).toContain(
      `hint: clients given port ${configured} do not reach it; to make ${port} the configured port: openclaw config set gateway.port ${port}`,
    );
  });

  it("names the pid of the gateway on the configured port", async () => {
    const configured = await closedPort();
    const state = suite.stateDir(
      "openclaw-doctor-here-",
      simConfig(suite.sim, { gateway: { port: configured } }),
    );
    const gateway = await startGatewayProcess(state.env, ["--port", String(configured)]);
    expect(gateway.url).toBe(`http://127.0.0.1:${configured}`);

    const result = await doctor(state.env);
    expect(result.stdout).toMatch(
      new RegExp(
        `✓ gateway +a gateway \\(pid ${gateway.child.pid}\\) is running on 127\\.0\\.0\\.1:${configured}\n`,
      ),
    );
    expect(result.stdout).not.toContain("serves this config");
  });

  it("says the gateway on the configured port is bound to another address (--bind lan)", async () => {
    const configured = await closedPort();
    const state = suite.stateDir(
      "openclaw-doctor-bind-",
      simConfig(suite.sim, { gateway: { port: configured } }),
    );
    const gateway = spawnGateway(state.env, ["--port", String(configured), "--bind", "lan"]);
    await eventually(() => gateway.stdout().includes("listening on"), 50_000, "listening");

    const result = await doctor(state.env);
    expect(result.stdout).toContain(
      `! gateway  a gateway (pid ${gateway.child.pid}) is running on port ${configured} bound to 0.0.0.0, not to the configured 127.0.0.1 (gateway.bind)`,
    );
    expect(result.stdout).toContain(
      "hint: to make 0.0.0.0 the configured address: openclaw config set gateway.bind lan",
    );
    expect(result.stdout).not.toContain("is running on 127.0.0.1");
  });

  it("leaves a private note without the token, and removes it on SIGTERM", async () => {
    const state = suite.stateDir("openclaw-doctor-note-", simConfig(suite.sim));
    const gateway = await startGatewayProcess(state.env);
    const [name] = notesIn(state.dir);
    expect(name).toBe(`gateway-${gateway.child.pid}.json`);
    const file = join(state.dir, "run", name as string);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(state.dir, "run")).mode & 0o777).toBe(0o700);
    const note = readFileSync(file, "utf8");
    expect(note).toContain(`"port":${new URL(gateway.url).port}`);
    expect(note).not.toContain(GATEWAY_TOKEN);

    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    expect(notesIn(state.dir)).toEqual([]);
  });

  it("says nothing of a killed gateway's note, nor of a note whose pid serves no gateway", async () => {
    const state = suite.stateDir(
      "openclaw-doctor-stale-",
      simConfig(suite.sim, { gateway: { port: await closedPort() } }),
    );
    const gateway = await startGatewayProcess(state.env);
    const port = new URL(gateway.url).port;
    gateway.child.kill("SIGKILL");
    await gateway.exited;
    // Left behind: SIGKILL gives the process no chance to remove it.
    expect(notesIn(state.dir)).toHaveLength(1);
    // A note naming a process that runs (this test's) at a port where no gateway answers.
    const unanswered = await closedPort();
    writeFileSync(
      join(state.dir, "run", `gateway-${process.pid}.json`),
      JSON.stringify({
        pid: process.pid,
        host: "127.0.0.1",
        port: unanswered,
        configPath: state.configPath,
        startedAt: "2026-01-01T00:00:00.000Z",
      }),
    );

    const result = await doctor(state.env);
    expect(result.stdout).toContain("is free for openclaw gateway");
    expect(result.stdout).not.toContain("serves this config");
    expect(result.stdout).not.toContain(`:${port}`);
  });
});

describe("a second gateway on the same state directory", () => {
  it("says the first one serves this config too, and that both write one usage ledger", async () => {
    const state = suite.stateDir("openclaw-second-gateway-", simConfig(suite.sim));
    const first = await startGatewayProcess(state.env);
    const second = await startGatewayProcess(state.env);
    const line = `gateway: another openclaw gateway (pid ${first.child.pid}) serves this config too, on 127.0.0.1:${new URL(first.url).port}; both write the usage ledger ${join(state.dir, "usage.sqlite")}, and openclaw usage counts the requests of both\n`;
    await eventually(() => second.stderr().includes(line), 30_000, "the line naming the first");
    expect(first.stderr()).not.toContain("another openclaw gateway");
  });
});
