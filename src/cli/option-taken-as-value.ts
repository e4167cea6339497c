import type { Command, Option } from "commander";
import { subcommand } from "./command-line.js";

/** An option that expects a value and was given another of the command's own flags instead. */
export interface OptionTakenAsValue {
  /** The option as its help shows it, e.g. `-m, --message <text>`. */
  readonly option: string;
  /** Its long name, for the `--name=value` form of the hint. */
  readonly long: string;
  /** The flag that stood where the value should have been, e.g. `--json`. */
  readonly flag: string;
}

/**
 * Commander hands an option that needs a value whatever token follows it, so `agent -m --json`
 * sends the text "--json" and forgets the flag. This finds that case before parsing: the command
 * `argv` names (program first, subcommands by name or alias), then an option of it that takes a
 * value followed by a token that is exactly one of that command's flags (or `-h`/`--help`).
 * `--message=--json` is one token and left alone: that is how a user sends such a text.
 */
export function findOptionTakenAsValue(
  program: Command,
  argv: readonly string[],
): OptionTakenAsValue | undefined {
  let command = program;
  let index = 0;
  for (; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") return undefined;
    const sub = subcommand(command, token);
    if (sub !== undefined) {
      command = sub;
      continue;
    }
    const option = optionFor(command, token);
    const next = argv[index + 1];
    if (option !== undefined && takesValue(option) && next !== undefined) {
      if (isFlagOf(command, next)) {
        return { option: option.flags, long: option.long ?? token, flag: next };
      }
      index++; // the value, which might look like a subcommand name
    }
  }
  return undefined;
}

function optionFor(command: Command, token: string): Option | undefined {
  if (!token.startsWith("-") || token.includes("=")) return undefined;
  return command.options.find((o) => o.short === token || o.long === token);
}

/** Only a required value swallows a dash token; commander leaves it to an optional one. */
function takesValue(option: Option): boolean {
  return option.required;
}

function isFlagOf(command: Command, token: string): boolean {
  if (token === "-h" || token === "--help") return true;
  return command.options.some((o) => o.short === token || o.long === token);
}

/** A long option written with one dash where its first letter is a short option with a value. */
export interface LongWithOneDash {
  /** As typed, e.g. `-message`. */
  readonly word: string;
  /** The long option meant, e.g. `--message`. */
  readonly long: string;
  /** The short option commander reads instead, e.g. `-m`. */
  readonly short: string;
}

/**
 * `agent -message hi`: commander reads `-message` as `-m essage` (a short option's value may be
 * glued to it), so the text sent would be "essage" and the real one an extra word. Found before
 * parsing, when the word is exactly the command's long option with one dash.
 */
export function findLongWithOneDash(
  program: Command,
  argv: readonly string[],
): LongWithOneDash | undefined {
  let command = program;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") return undefined;
    const sub = subcommand(command, token);
    if (sub !== undefined) {
      command = sub;
      continue;
    }
    const option = optionFor(command, token);
    if (option !== undefined) {
      if (takesValue(option)) index++;
      continue;
    }
    if (!/^-[^-]{2,}$/.test(token)) continue;
    const meant = command.options.find((o) => o.long === `-${token}`);
    if (meant?.short !== undefined && token.startsWith(meant.short) && takesValue(meant))
      return { word: token, long: meant.long ?? `-${token}`, short: meant.short };
  }
  return undefined;
}
