/**
 * `openclaw gateway` and a reload that changes whether the default chain's primary has a key
 * while a fallback answers (the start-up report's `keylessDefaults`): a key added says it is
 * fixed; a new keyless primary is warned of, once. A real gateway process, real config edits.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentDir, withApiKeyProfile, writeAuthStore } from "../../src/index.js";
import {
  type GatewayProcess,
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, simConfig } from "./harness.js";

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Config = ReturnType<typeof simConfig> & { env?: Record<string, string> };

/** A state dir with `config`, one key a line, and the variables given to the gateway. */
function stateWith(config: Config, keys: { moonshot: string; kimiCode: string }) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-keyless-reload-"));
  dirs.push(dir);
  const configPath = join(dir, "openclaw.json");
  const write = (next: Config) => writeFileSync(configPath, JSON.stringify(next, null, 2));
  write(config);
  return { dir, configPath, write, env: gatewayEnv(dir, keys) };
}

/** Writes `config` and waits for the reload it causes (the `reloads`-th one) to be logged. */
async function reloadWith(
  cli: GatewayProcess,
  write: (config: Config) => void,
  config: Config,
  reloads: number,
): Promise<void> {
  write(config);
  await eventually(
    () => cli.stderr().split("config reloaded from").length - 1 === reloads,
    10_000,
    `reload ${reloads}`,
  );
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("gateway reload and the default chain's keyless primary", () => {
  it("a key added to the config's env block: says the primary has a key now, and no warning again", async () => {
    const config: Config = simConfig(sim);
    const { configPath, write, env } = stateWith(config, {
      moonshot: "",
      kimiCode: sim.keys.kimiCode,
    });
    const warning = `warning: the default chain's moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:5) has no usable key for moonshot`;
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes(warning), 5000, "the start-up warning");

    await reloadWith(cli, write, { ...config, env: { MOONSHOT_API_KEY: sim.keys.moonshot } }, 1);
    await eventually(
      () =>
        cli
          .stderr()
          .includes(
            "gateway: the default chain's moonshot/kimi-k2.5 has a usable key for moonshot now: requests no longer fall back past it\n",
          ),
      5000,
      "the fixed line",
    );
    expect(count(cli.stderr(), "has no usable key for moonshot")).toBe(1);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("a primary changed to a provider without a key: warns once, with its new place and hint", async () => {
    const config: Config = simConfig(sim);
    const { configPath, write, env } = stateWith(config, {
      moonshot: sim.keys.moonshot,
      kimiCode: "",
    });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("token: "), 5000, "the start-up report");
    expect(cli.stderr()).not.toContain("has no usable key");

    const swapped: Config = simConfig(sim, {
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    await reloadWith(cli, write, swapped, 1);
    const warning = `gateway: warning: the default chain's kimi-code/kimi-for-coding (agents.defaults.model.primary, ${configPath}:5) has no usable key for kimi-code: each request falls back past it and moonshot/kimi-k2.5 answers instead\n  hint: run: openclaw onboard   (or set $KIMICODE_API_KEY)\n`;
    await eventually(() => cli.stderr().includes(warning), 5000, "the reload's warning");

    // Another edit that leaves it so: not said again.
    const edited: Config = { ...swapped, env: { UNRELATED: "1" } };
    await reloadWith(cli, write, edited, 2);
    expect(count(cli.stderr(), "has no usable key for kimi-code")).toBe(1);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(count(cli.stderr(), "has no usable key for kimi-code")).toBe(1);
  });

  it("a key stored while the config cannot be reloaded (a broken $include): says the primary has a key now", async () => {
    const config: Config = simConfig(sim);
    const { dir, write, env } = stateWith(config, {
      moonshot: "",
      kimiCode: sim.keys.kimiCode,
    });
    const cli = await startGatewayProcess(env);
    await eventually(
      () => cli.stderr().includes("has no usable key for moonshot"),
      5000,
      "the start-up warning",
    );
    // The config now includes a file that is not there: the last good config keeps serving.
    write({ ...config, $include: "./missing.json5" } as Config);
    await eventually(
      () => cli.stderr().includes("config reload failed, still serving the last good config"),
      10_000,
      "the refused reload",
    );
    // What `openclaw onboard` stores; the keys are read again from the last good config.
    writeAuthStore(
      agentDir(dir),
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: sim.keys.moonshot,
      }),
    );
    // Before, nothing said it: only a reload that applied told the hook.
    await eventually(
      () =>
        cli
          .stderr()
          .includes(
            "gateway: the default chain's moonshot/kimi-k2.5 has a usable key for moonshot now: requests no longer fall back past it\n",
          ),
      10_000,
      "the fixed line",
    );
    expect(cli.stderr()).not.toContain("config reloaded from");
    expect(count(cli.stderr(), "has no usable key for moonshot")).toBe(1);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});
