/** A temp state dir whose openclaw.json points Moonshot and Kimi Code at a running simulator. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../simulator/index.js";

const MOONSHOT_MODELS = [
  { id: "kimi-k2.5", name: "Kimi K2.5", reasoning: false, input: ["text", "image"] },
  { id: "kimi-k2-turbo-preview", name: "Kimi K2 Turbo", reasoning: false, input: ["text"] },
  { id: "kimi-k2-thinking", name: "Kimi K2 Thinking", reasoning: true, input: ["text"] },
].map((model) => ({
  ...model,
  cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 },
  contextWindow: 256000,
  maxTokens: 8192,
}));

/** A `${VAR}` reference as the config file spells it. */
const envRef = (name: string) => `\${${name}}`;

export interface SimEnv {
  sim: Simulator;
  stateDir: string;
  env: Record<string, string | undefined>;
  /** Only the variables the CLI needs (for a child process with a clean environment). */
  cliEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface SimEnvOptions {
  sim?: SimulatorOptions;
  primary?: string;
  fallbacks?: string[];
}

export async function startSimEnv(options: SimEnvOptions = {}): Promise<SimEnv> {
  const sim = await startSimulator({
    // The seed config names the K2 previews and kimi-k2-thinking*, retired since: served here.
    serveRetiredModels: true,
    ...options.sim,
  });
  const stateDir = mkdtempSync(path.join(tmpdir(), "openclaw-sim-state-"));
  const config = {
    agents: {
      defaults: {
        model: {
          primary: options.primary ?? "moonshot/kimi-k2.5",
          fallbacks: options.fallbacks ?? [],
        },
        models: {
          "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
          "moonshot/kimi-k2-turbo-preview": { alias: "Kimi K2 Turbo" },
          "moonshot/kimi-k2-thinking": { alias: "Kimi K2 Thinking" },
          "kimi-code/kimi-for-coding": { alias: "Kimi Code" },
        },
      },
    },
    models: {
      mode: "merge",
      providers: {
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          apiKey: envRef("MOONSHOT_API_KEY"),
          api: "openai-completions",
          models: MOONSHOT_MODELS,
        },
        "kimi-code": {
          baseUrl: sim.kimiCodeBaseUrl,
          apiKey: envRef("KIMICODE_API_KEY"),
          api: "openai-completions",
          models: [
            {
              id: "kimi-for-coding",
              name: "Kimi For Coding",
              reasoning: true,
              input: ["text"],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 262144,
              maxTokens: 32768,
              headers: { "User-Agent": "KimiCLI/0.77" },
              compat: { supportsDeveloperRole: false },
            },
          ],
        },
      },
    },
  };
  writeFileSync(path.join(stateDir, "openclaw.json"), JSON.stringify(config, null, 2));
  const env: Record<string, string | undefined> = {
    ...process.env,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: undefined,
    OPENCLAW_HOME: stateDir,
    MOONSHOT_API_KEY: sim.keys.moonshot,
    KIMICODE_API_KEY: sim.keys.kimiCode,
    NO_COLOR: "1",
  };
  delete env.OPENCLAW_CONFIG_PATH;
  const cliEnv = {
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_HOME: stateDir,
    MOONSHOT_API_KEY: sim.keys.moonshot,
    KIMICODE_API_KEY: sim.keys.kimiCode,
    NO_COLOR: "1",
  };
  const close = async () => {
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  return { sim, stateDir, env, cliEnv, close };
}

/**
 * For a test file whose tests each start their own environment: the function that starts it,
 * with the environment closed after each test.
 */
export function simEnvPerTest(): (options?: SimEnvOptions) => Promise<SimEnv> {
  let env: SimEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });
  return async (options = {}) => {
    env = await startSimEnv(options);
    return env;
  };
}
