/**
 * The config the broken-provider tests share, as JSON5 lines at fixed places so that errors can
 * be checked by line: moonshot and kimi-code served by the simulator, moonshot's base URL on
 * line 4 (an empty line when it has none), kimi-code's on line 8, the default model on line 12.
 */
import { writeFileSync } from "node:fs";
import { SIM_KEYS, type Simulator } from "../simulator/index.js";
import { tempDir } from "./tmp.js";

export interface TwoProviderOptions {
  /** Written as given (a broken one on purpose); undefined leaves line 4 empty. */
  moonshotBaseUrl: string | undefined;
  /** The simulator's Kimi Code URL unless given. */
  kimiCodeBaseUrl?: string;
  /** `agents.defaults.model` as JSON5, e.g. `{ primary: 'kimi-code/kimi-for-coding' }`. */
  defaultModel: string;
  /** Lines after the `agents` line (a `gateway` block), before the closing brace. */
  tail?: readonly string[];
}

export function twoProviderConfig(sim: Simulator, options: TwoProviderOptions): string {
  const { moonshotBaseUrl, kimiCodeBaseUrl = sim.kimiCodeBaseUrl } = options;
  return [
    "{",
    "  models: { mode: 'replace', providers: {",
    "    moonshot: {",
    moonshotBaseUrl === undefined ? "" : `      baseUrl: ${JSON.stringify(moonshotBaseUrl)},`,
    `      apiKey: ${JSON.stringify(SIM_KEYS.ai[0])}, api: 'openai-completions',`,
    "      models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    "    'kimi-code': {",
    `      baseUrl: ${JSON.stringify(kimiCodeBaseUrl)},`,
    `      apiKey: ${JSON.stringify(SIM_KEYS.kimiCode[0])}, api: 'openai-completions',`,
    "      headers: { 'User-Agent': 'KimiCLI/0.77' },",
    "      models: [{ id: 'kimi-for-coding', name: 'Kimi For Coding' }] } } },",
    `  agents: { defaults: { model: ${options.defaultModel} } },`,
    ...(options.tail ?? []),
    "}",
    "",
  ].join("\n");
}

/**
 * A fresh state dir (`prefix` names it) with `text` as its openclaw.json, and the environment a
 * gateway process runs with there: no colour, nothing of the developer's home, no keys.
 */
export function gatewayStateWith(prefix: string, text: string) {
  const stateDir = tempDir(prefix);
  const configPath = `${stateDir}/openclaw.json`;
  writeFileSync(configPath, text);
  const env = {
    PATH: process.env.PATH,
    HOME: stateDir,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_HOME: stateDir,
    NO_COLOR: "1",
  };
  return { stateDir, configPath, env };
}
