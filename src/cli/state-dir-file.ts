/**
 * OPENCLAW_STATE_DIR naming a file, most often the config file itself (`…/.openclaw/openclaw.json`
 * taken for where the config is). Every command then failed on some path under it, each in its
 * own words, several advising to "move or remove the file" in the way, which is the person's
 * config; doctor also said there was no config yet and to onboard. Said once, before a command
 * runs, with what to set instead; the file is not touched.
 */
import { statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { resolveStateDir } from "../config/paths.js";
import { OpenClawError } from "../errors.js";
import { printable } from "../util/printable.js";
import { shellWord } from "../util/shell-word.js";

type Env = Record<string, string | undefined>;

/**
 * The file that stands where the state directory or one of its parents should be a directory, or
 * undefined when there is none (the directory exists, or is missing and can be created, or its
 * place cannot be looked at: the command says what is wrong then).
 */
function fileInTheWay(dir: string): string | undefined {
  for (let path = dir; ; path = dirname(path)) {
    try {
      return statSync(path).isDirectory() ? undefined : path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return undefined;
    }
    if (dirname(path) === path) return undefined;
  }
}

/** The error for an OPENCLAW_STATE_DIR that is, or is under, a file; undefined when it is not. */
export function stateDirFileError(env: Env): OpenClawError | undefined {
  const given = env.OPENCLAW_STATE_DIR?.trim();
  if (!given) return undefined;
  const dir = resolveStateDir(env);
  const file = fileInTheWay(dir);
  if (file === undefined) return undefined;
  const what =
    file === dir
      ? `OPENCLAW_STATE_DIR=${printable(given)} is a file, not a directory`
      : `OPENCLAW_STATE_DIR=${printable(given)} is under ${printable(file)}, a file, not a directory`;
  const holder = dirname(file);
  const hint = /\.json5?$/i.test(file)
    ? `${printable(basename(file))} looks like a config file: to use it, point OPENCLAW_STATE_DIR at the directory that holds it (export OPENCLAW_STATE_DIR=${shellWord(printable(holder))}), or point it at another directory and name the file with OPENCLAW_CONFIG_PATH=${shellWord(printable(file))}; the file was not changed`
    : `point OPENCLAW_STATE_DIR at a directory (openclaw creates one that does not exist yet); the file was not changed`;
  return new OpenClawError(
    "config.state_dir_not_directory",
    `${what}: the state directory holds the config (openclaw.json), the keys, the sessions and the usage ledger`,
    { where: "OPENCLAW_STATE_DIR", hint },
  );
}
