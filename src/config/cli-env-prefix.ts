/**
 * The words to type before `openclaw` so that a command run from a shell edits the config file a
 * program's runtime or gateway reads, and stores keys where it reads them. A program given
 * `configPath`, or an `env` whose OPENCLAW_CONFIG_PATH or OPENCLAW_STATE_DIR points elsewhere,
 * reads another file than a plain `openclaw models set` in the shell would edit.
 */
import { resolve } from "node:path";
import { shellWord } from "../util/shell-word.js";
import type { Env } from "./env.js";
import { resolveConfigPath, resolveStateDir } from "./paths.js";

/** The environment words (`OPENCLAW_STATE_DIR=… `) a printed command needs so that the shell's `openclaw` reads the same files; "" when none. */
export interface CliEnvPrefix {
  /**
   * Before a command that reads or edits the config file alone (`config get`): the same words as
   * `keys` when the state dir's word alone reaches the file, else the file's own variable.
   */
  config: string;
  /**
   * Before one that also reads or stores the keys in the state dir (`onboard`, and `models set`,
   * which warns of a default whose provider has no key).
   */
  keys: string;
}

/** No words: the shell's `openclaw` already edits the files read. */
export const NO_CLI_ENV_PREFIX: CliEnvPrefix = { config: "", keys: "" };

/**
 * The prefixes for a reader of `configPath` with keys under `stateDir`, against a shell whose
 * environment is `shellEnv` (this process's: the shell a person starts the program from is the
 * best guess there is of the one they type the command in).
 */
export function cliEnvPrefixFor(
  configPath: string,
  stateDir: string,
  shellEnv: Env = process.env,
): CliEnvPrefix {
  const file = resolve(configPath);
  const dir = resolve(stateDir);
  const configWord = (env: Env) =>
    resolveConfigPath(env) === file ? "" : `OPENCLAW_CONFIG_PATH=${shellWord(file)} `;
  const config = configWord(shellEnv);
  if (resolveStateDir(shellEnv) === dir) return { config, keys: config };
  // The state dir set, the config file follows it unless OPENCLAW_CONFIG_PATH names another.
  const stateWord = `OPENCLAW_STATE_DIR=${shellWord(dir)} `;
  const keys = stateWord + configWord({ ...shellEnv, OPENCLAW_STATE_DIR: dir });
  // A config file that is the state dir's own is reached by the state dir's word too: the same
  // words before every command then (the token's and onboard's read alike), shorter than the
  // file's path, and right for a config command that reads the keys or the ledger as well.
  return { config: config !== "" && keys === stateWord ? stateWord : config, keys };
}
