/**
 * `OPENCLAW_STATE_DIR=$DIR openclaw …` with `$DIR` unset sets the variable to "". Like OpenClaw,
 * we take a blank location variable as unset; but then the default (~/.openclaw, the real one)
 * is read and written, which the person meant to avoid, so the CLI says so once, on stderr.
 */
import { homeDir, resolveConfigPath, resolveStateDir } from "../config/paths.js";
import { printable } from "../util/printable.js";

type Env = Record<string, string | undefined>;

function isBlank(value: string | undefined): boolean {
  return value !== undefined && value.trim() === "";
}

/**
 * The path a note names, or undefined when it cannot be resolved (another location variable is
 * refused, such as a state dir cut short): the note is left out, and the command that resolves
 * the same path says what is wrong as its own error.
 */
function resolvedOrNone(resolve: () => string): string | undefined {
  try {
    return resolve();
  } catch {
    return undefined;
  }
}

/** One line per location variable set to nothing but blanks, saying what is used instead. */
export function blankLocationNotes(env: Env): string[] {
  const notes: string[] = [];
  const say = (name: string, what: string, resolve: () => string, kind: string) => {
    const path = resolvedOrNone(resolve);
    if (path === undefined) return;
    notes.push(
      `note: ${name} is set but empty, so ${what} ${printable(path)} is used; unset the variable or give it a ${kind}`,
    );
  };
  if (isBlank(env.OPENCLAW_HOME))
    say("OPENCLAW_HOME", "the home directory", () => homeDir(env), "directory");
  if (isBlank(env.OPENCLAW_STATE_DIR))
    say(
      "OPENCLAW_STATE_DIR",
      "the default state directory",
      () => resolveStateDir(env),
      "directory",
    );
  if (isBlank(env.OPENCLAW_CONFIG_PATH))
    say("OPENCLAW_CONFIG_PATH", "the default config file", () => resolveConfigPath(env), "file");
  return notes;
}
