/**
 * The state directory being a file: OPENCLAW_STATE_DIR naming one (most often the config file
 * itself, `…/.openclaw/openclaw.json`, taken for where the config is), or, with the variable
 * unset, `~/.openclaw` being one (a config file written by hand under that name, say). Every
 * command then failed on some path under it, each in its own words, several advising to "move
 * or remove the file", which may be the person's config; doctor also said there was no config
 * yet and to onboard; a library call failed on the credential store. Said once, before a
 * command runs or a runtime or gateway is opened, with what to set instead; the file is not
 * touched.
 */
import { statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OpenClawError } from "../errors.js";
import { printable } from "../util/printable.js";
import { shellWord } from "../util/shell-word.js";
import type { Env } from "./env.js";
import { resolveStateDir } from "./paths.js";

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

/** What the state directory holds, said after what is wrong with it. */
const HOLDS =
  "the state directory holds the config (openclaw.json), the keys, the sessions and the usage ledger";

/** OPENCLAW_STATE_DIR (`given`) names `file` or a path under it. */
function givenStateDirError(given: string, dir: string, file: string): OpenClawError {
  const what =
    file === dir
      ? `OPENCLAW_STATE_DIR=${printable(given)} is a file, not a directory`
      : `OPENCLAW_STATE_DIR=${printable(given)} is under ${printable(file)}, a file, not a directory`;
  const holder = dirname(file);
  const hint = /\.json5?$/i.test(file)
    ? `${printable(basename(file))} looks like a config file: to use it, point OPENCLAW_STATE_DIR at the directory that holds it (export OPENCLAW_STATE_DIR=${shellWord(printable(holder))}), or point it at another directory and name the file with OPENCLAW_CONFIG_PATH=${shellWord(printable(file))}; the file was not changed`
    : `point OPENCLAW_STATE_DIR at a directory (openclaw creates one that does not exist yet); the file was not changed`;
  return new OpenClawError("config.state_dir_not_directory", `${what}: ${HOLDS}`, {
    where: "OPENCLAW_STATE_DIR",
    hint,
  });
}

/**
 * The default state directory (`dir`, ~/.openclaw) is `file` or under it. The file may be the
 * person's own (a config written by hand as ~/.openclaw): the hint does not say to move it, but
 * how to keep the state elsewhere and still use the file if it is a config.
 */
function defaultStateDirError(dir: string, file: string): OpenClawError {
  const what =
    file === dir
      ? `the state directory ${printable(dir)} is a file, not a directory`
      : `the state directory ${printable(dir)} is under ${printable(file)}, a file, not a directory`;
  const elsewhere =
    file === dir
      ? `export OPENCLAW_STATE_DIR=${shellWord(printable(join(dirname(dir), ".openclaw-state")))}, say`
      : "export OPENCLAW_STATE_DIR=<a directory>";
  const hint = `OPENCLAW_STATE_DIR is not set, so ${printable(dir)} is used: to keep the state elsewhere, point OPENCLAW_STATE_DIR at a directory (${elsewhere}; openclaw creates one that does not exist yet), and if ${printable(file)} is a config file of yours, name it with OPENCLAW_CONFIG_PATH=${shellWord(printable(file))}; the file was not changed`;
  return new OpenClawError("config.state_dir_not_directory", `${what}: ${HOLDS}`, {
    where: printable(file),
    hint,
  });
}

/**
 * The error for a state directory (`$OPENCLAW_STATE_DIR` of `env`, else ~/.openclaw) that is, or
 * is under, a file; undefined when it is not.
 */
export function stateDirFileError(env: Env): OpenClawError | undefined {
  const given = env.OPENCLAW_STATE_DIR?.trim();
  const dir = resolveStateDir(env);
  const file = fileInTheWay(dir);
  if (file === undefined) return undefined;
  return given ? givenStateDirError(given, dir, file) : defaultStateDirError(dir, file);
}

/** Throws `stateDirFileError`'s error, for a library call that reads or writes the state dir. */
export function refuseStateDirFile(env: Env): void {
  const error = stateDirFileError(env);
  if (error) throw error;
}
