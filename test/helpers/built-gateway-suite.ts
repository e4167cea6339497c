/**
 * The set-up a test file of the built CLI's gateway process shares: a check that `npm run build`
 * ran (the CLI runs from dist), one simulator for the file, state dirs with a config of the test's
 * own, and every gateway process killed after each test. Call `useBuiltGatewaySuite()` at the top
 * of the file: it registers the hooks.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startSimulator } from "../simulator/index.js";
import type { Simulator, SimulatorOptions } from "../simulator/types.js";
import { gatewayEnv, killGatewayProcesses } from "./gateway-process.js";

const root = resolve(import.meta.dirname, "../..");

export interface GatewayStateDir {
  dir: string;
  /** The state dir's openclaw.json. */
  configPath: string;
  /** The environment for a gateway (or any CLI command) in this state dir: see `gatewayEnv`. */
  env: NodeJS.ProcessEnv;
}

/** A config, or a function giving it from the state dir's path. */
export type ConfigFor = Record<string, unknown> | ((dir: string) => Record<string, unknown>);

export interface BuiltGatewaySuite {
  /** The file's simulator; started in `beforeAll`, so read it inside tests and hooks only. */
  readonly sim: Simulator;
  /** A fresh directory (`prefix` names it), removed after the file's tests. */
  tempDir(prefix: string): string;
  /**
   * A fresh state dir with `config` written as its openclaw.json (JSON), and its environment;
   * `config` may be a function of the dir, for a config that names paths inside it.
   */
  stateDir(prefix: string, config: ConfigFor): GatewayStateDir;
}

export function useBuiltGatewaySuite(simulatorOptions: SimulatorOptions = {}): BuiltGatewaySuite {
  let sim: Simulator | undefined;
  const dirs: string[] = [];

  beforeAll(async () => {
    expect(existsSync(join(root, "dist", "cli", "main.js"))).toBe(true);
    sim = await startSimulator(simulatorOptions);
  });
  afterEach(() => killGatewayProcesses());
  afterAll(async () => {
    await sim?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const suite: BuiltGatewaySuite = {
    get sim(): Simulator {
      if (!sim) throw new Error("the simulator starts in beforeAll: read suite.sim inside a test");
      return sim;
    },
    tempDir(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    stateDir(prefix: string, config: ConfigFor): GatewayStateDir {
      const dir = suite.tempDir(prefix);
      const configPath = join(dir, "openclaw.json");
      writeFileSync(
        configPath,
        JSON.stringify(typeof config === "function" ? config(dir) : config),
      );
      return { dir, configPath, env: gatewayEnv(dir, suite.sim.keys) };
    },
  };
  return suite;
}
