/**
 * How a person reads the gateway's token back: `openclaw config get gateway.auth.token --reveal`.
 * That command reads the config of the shell it runs in, so for a gateway started with its own
 * OPENCLAW_STATE_DIR (or OPENCLAW_CONFIG_PATH, OPENCLAW_HOME), run in a plain shell it printed
 * another gateway's token, or none. The operator's lines name the file; a client's 401 names the
 * variable only, since a local path is not the network's to see.
 */
import {
  type CliEnvPrefix,
  cliEnvPrefixFor,
  type Env,
  resolveConfigPath,
  resolveStateDir,
} from "../config/index.js";
import type { AuthPolicy } from "./auth.js";

export const REVEAL_TOKEN_COMMAND = "openclaw config get gateway.auth.token --reveal";

/** The variables that move the config file away from `~/.openclaw/openclaw.json`, strongest first. */
const CONFIG_PLACE_VARIABLES = ["OPENCLAW_CONFIG_PATH", "OPENCLAW_STATE_DIR", "OPENCLAW_HOME"];

/** `env` as a plain shell has it: none of the variables that move the config file. */
function plainShell(env: Env): Env {
  const plain = { ...env };
  for (const name of CONFIG_PLACE_VARIABLES) delete plain[name];
  return plain;
}

/**
 * The variable by which a process of `env` reads another config file than a plain shell reads;
 * undefined when it reads that same file.
 */
export function configMovedBy(env: Env): string | undefined {
  if (resolveConfigPath(env) === resolveConfigPath(plainShell(env))) return undefined;
  return CONFIG_PLACE_VARIABLES.find((name) => env[name]?.trim());
}

/**
 * The command that prints the token saved in `configPath`, for the operator's own output (it may
 * name the path): with `OPENCLAW_STATE_DIR=<its dir>` (or `OPENCLAW_CONFIG_PATH=<that file>`,
 * see cliEnvPrefixFor) in front when a plain shell reads another one.
 */
export function revealTokenCommand(configPath: string, env: Env = process.env): string {
  return `${shellConfigPrefix(configPath, env)}${REVEAL_TOKEN_COMMAND}`;
}

/**
 * The rule for every command the CLI's gateway tells its operator to run (its start-up report,
 * its log, the hints of its answers): what the command needs in front to reach the config file
 * `configPath` and the state dir of `env` when typed in another terminal, a plain shell without
 * the variables the gateway was started with. Words the gateway's own environment already has
 * are said too: another terminal does not have them.
 */
export function shellCliPrefix(configPath: string, env: Env = process.env): CliEnvPrefix {
  return cliEnvPrefixFor(configPath, resolveStateDir(env), plainShell(env));
}

/**
 * What an `openclaw config …` command needs in front to read `configPath` from a plain shell:
 * `OPENCLAW_STATE_DIR=<its dir> ` when the file is that state dir's own, else
 * `OPENCLAW_CONFIG_PATH=<that file> `, when a plain shell reads another config; else "".
 */
export function shellConfigPrefix(configPath: string, env: Env = process.env): string {
  return shellCliPrefix(configPath, env).config;
}

/**
 * What an `openclaw onboard` needs in front to store its key and default where a gateway reading
 * `configPath` (under `env`'s state dir) reads them, from a plain shell: the state dir's (and the
 * config file's) variable when they are not a plain shell's, else "".
 */
export function shellKeysPrefix(configPath: string, env: Env = process.env): string {
  return shellCliPrefix(configPath, env).keys;
}

/**
 * `policy` with the words a refused client is given about where the token comes from, for a
 * gateway whose env moves its config file: the variable to run the command with, never its
 * value. Unchanged otherwise (the 401 then says the command alone), or when it already has words.
 */
export function withMovedConfigTokenFrom(policy: AuthPolicy, env: Env): AuthPolicy {
  if (policy.mode !== "token" || policy.tokenFrom !== undefined) return policy;
  const variable = configMovedBy(env);
  if (variable === undefined) return policy;
  return {
    ...policy,
    tokenFrom: `${REVEAL_TOKEN_COMMAND} prints it when run with the same ${variable} as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it`,
  };
}
