import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { OpenClawError } from "../errors.js";
import type { Env } from "./env.js";

/**
 * A path whose directories a gateway left out of a message to a client on the network
 * (`OPENCLAW_STATE_DIR=…/gw-state openclaw onboard … on the gateway host`): pasted as it is, it
 * named a directory `…` under the working directory, and onboard stored the key there, said done.
 * Refused rather than shown otherwise: a placeholder (`<state dir>`) pasted is a shell redirect,
 * and the whole path is the operator's to see, not the network's. A directory truly named `…`
 * is still reached as `./…/name`.
 */
function refuseCutPath(variable: string, value: string): string {
  if (!/^…(?:[/\\]|$)/.test(value)) return value;
  const tail = value.slice(2);
  throw new OpenClawError(
    "config.cut_path",
    `${variable}=${value} is a path cut short (a gateway tells a client on the network only its last part), not a path to use`,
    {
      where: variable,
      hint: `on the gateway host, give ${variable} the whole path${tail ? `, the one ending in ${tail}` : ""} (the gateway's start-up lines name its config file and ledger in full); a directory of the working directory really named … is written ./${value}`,
    },
  );
}

/** `~` and `~/…` in the home directory (`homeDir`); anything else as it is. */
export function expandHome(path: string, env: Env): string {
  if (path === "~" || path.startsWith("~/")) return join(homeDir(env), path.slice(1));
  return path;
}

/** `$OPENCLAW_HOME` moves `~` for everything OpenClaw stores. */
export function homeDir(env: Env = process.env): string {
  const override = env.OPENCLAW_HOME?.trim();
  return override
    ? resolve(override.startsWith("~") ? join(homedir(), override.slice(1)) : override)
    : homedir();
}

/** `$OPENCLAW_STATE_DIR`, else `~/.openclaw`. */
export function resolveStateDir(env: Env = process.env): string {
  const override = env.OPENCLAW_STATE_DIR?.trim();
  return override
    ? resolve(expandHome(refuseCutPath("OPENCLAW_STATE_DIR", override), env))
    : join(homeDir(env), ".openclaw");
}

/**
 * A file path written in a config file: `~/…` in the home directory, a relative path against the
 * directory of the file that sets it (as `$include` paths are), so that every process reads the
 * same file whatever its working directory.
 */
export function resolveConfiguredPath(value: string, configFile: string, env: Env): string {
  return resolve(dirname(configFile), expandHome(value, env));
}

/** `<state>/openclaw.json`: where the config is when no path is given. */
export function defaultConfigPath(env: Env = process.env): string {
  return join(resolveStateDir(env), "openclaw.json");
}

/** `$OPENCLAW_CONFIG_PATH`, else `<state>/openclaw.json`. */
export function resolveConfigPath(env: Env = process.env): string {
  const override = env.OPENCLAW_CONFIG_PATH?.trim();
  return override
    ? resolve(expandHome(refuseCutPath("OPENCLAW_CONFIG_PATH", override), env))
    : join(resolveStateDir(env), "openclaw.json");
}

/** `<state>/agents/<agentId>/agent`: credentials and per-agent files. */
export function agentDir(stateDir: string, agentId = "main"): string {
  return join(stateDir, "agents", agentId, "agent");
}

/** `<state>/agents/<agentId>/sessions`: conversation transcripts. */
export function sessionsDir(stateDir: string, agentId = "main"): string {
  return join(stateDir, "agents", agentId, "sessions");
}
