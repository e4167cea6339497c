/** Shared set-up for the onboarding and models CLI tests: a fresh state dir and file snapshots. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { expect } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";

export { closedPort } from "../helpers/net.js";

export const MOONSHOT_KEY = "sk-test-moonshot-ai-0001";

/** `openclaw onboard` for Moonshot with the simulator's key, as a script runs it. */
export const ONBOARD_MOONSHOT: readonly string[] = onboardWithKey("moonshot-api-key", MOONSHOT_KEY);
export const MOONSHOT_CN_KEY = "sk-test-moonshot-cn-0001";
export const KIMI_KEY = "sk-kimi-test-0001";

export interface StateDir {
  dir: string;
  configPath: string;
  storePath: string;
  env: Record<string, string>;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  config(): Record<string, unknown>;
  store(): { version: number; profiles: Record<string, Record<string, unknown>> };
  /** Both files' text (undefined when absent), to prove "nothing changed". */
  snapshot(): { config: string | undefined; store: string | undefined };
}

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

export function freshState(extraEnv: Record<string, string> = {}): StateDir {
  const dir = tempDir("openclaw-onboard-");
  const configPath = join(dir, "openclaw.json");
  const storePath = join(dir, "agents", "main", "agent", "auth-profiles.json");
  const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, ...extraEnv };
  return {
    dir,
    configPath,
    storePath,
    env,
    run: (args, more = {}) => runCli(args, { env: { ...env, ...more } }),
    // JSON5: a hand-written file keeps its own style when edited.
    config: () => JSON5.parse(read(configPath) ?? "{}"),
    store: () => JSON.parse(read(storePath) ?? '{"version":1,"profiles":{}}'),
    snapshot: () => ({ config: read(configPath), store: read(storePath) }),
  };
}

/** No key string may appear anywhere a person or a script can see it. */
export function expectNoSecrets(result: CliResult, ...keys: string[]): void {
  for (const key of keys) {
    expect(result.stdout).not.toContain(key);
    expect(result.stderr).not.toContain(key);
  }
}
