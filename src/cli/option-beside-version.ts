/**
 * Commander prints the version the moment it meets `--version` (`-V`), before it looks at the
 * options it does not know or the command words, so `openclaw --version --jsonx`,
 * `openclaw -V models lst` and `openclaw models list extra -V` printed it and exited 0 where the
 * same lines without the flag are refused (exit 2). This finds the option of such a line that no
 * command on it knows, the word where a command is wanted that names none, or the words a command
 * does not take, for the version to be refused as the line without it is.
 */
import type { Command, Option } from "commander";
import { closestMatches } from "../util/suggest.js";

/** An option no command on the line has, and the nearest long option that one does. */
export interface UnknownOption {
  readonly kind: "option";
  readonly flag: string;
  readonly nearest: string | undefined;
}

/**
 * A word where the line wants a subcommand (`lst` in `models lst`) that names none, and the line
 * without its version flags: commander refuses that line, with its own did-you-mean, before any
 * command runs (a command with subcommands has no action of its own here).
 */
export interface UnknownCommand {
  readonly kind: "command";
  readonly word: string;
  readonly withoutVersion: readonly string[];
}

/**
 * More words than the command named takes (`models list extra`): commander refuses the line
 * without the version flag for them, before the command runs.
 */
export interface ExcessArguments {
  readonly kind: "excess";
  /** The command's name, as commander names it in its message. */
  readonly command: string;
  readonly expected: number;
  readonly received: number;
}

/**
 * A line the command it names cannot run as it stands without its version flags: an option's
 * value (`models list --provider -V`), an argument (`models set -V`) or a required option
 * (`agent -V`, no -m) missing. Commander refuses that line, in its words, before the command runs.
 */
export interface IncompleteLine {
  readonly kind: "incomplete";
  readonly withoutVersion: readonly string[];
}

export type MistakeBesideVersion =
  | UnknownOption
  | UnknownCommand
  | ExcessArguments
  | IncompleteLine;

/**
 * Known everywhere on a line asking for the version: commander's help option (not among a
 * command's options), and `--json`, which makes `--version` print an object.
 */
const ALWAYS_KNOWN = ["--help", "-h", "--json"];

/** Commander's help flags, which it looks for among the words it does not know, too. */
const HELP_FLAGS = ["--help", "-h"];

function subcommand(command: Command, name: string): Command | undefined {
  return command.commands.find((sub) => sub.name() === name || sub.aliases().includes(name));
}

/** Whether `option`, met as `token`, takes the word after it as its value. */
function takesNextWord(option: Option, next: string | undefined): boolean {
  return option.required || (option.optional && next !== undefined && !next.startsWith("-"));
}

/**
 * What the line without its version flags is refused for, first as commander meets it:
 *  - an option (before a `--`) that neither the program nor a subcommand named before it has: a
 *    long one by its word (`--jsonx`, `--jsonx=1`, `--all=1`), a short one as commander names it
 *    (`-x`; in a group `-Vx`, the group from the unknown letter on). Values of options are passed
 *    over, so `agent -m -x` holds no unknown option;
 *  - a word where a subcommand is wanted that names none (`openclaw -V models lst`,
 *    `openclaw --version extra`), unless an unknown option came first (then every later word is
 *    unknown to commander too);
 *  - more words than the command named takes, those after `--` included.
 * A line asking for help holds neither: commander shows the help whatever options it does not
 * know (`models list --bogus --help` exits 0), so the same line with `--version` is not refused.
 */
export function mistakeBesideVersion(
  program: Command,
  line: readonly string[],
): MistakeBesideVersion | undefined {
  // Read as commander reads the line without them: it acts on a version flag wherever it stands,
  // never as an option's value (`--provider -V moonshot` is `--provider moonshot`).
  const argv = withoutVersionFlags(line);
  const chain: Command[] = [program];
  let operands = 0;
  let unknown: UnknownOption | undefined;
  let unknownWord: string | undefined;
  let helpAsked = false;
  // Options met, and whether one that takes a value ends the line without it.
  const given = new Set<Option>();
  let valueMissing = false;
  // The words as they are, but for the program's version flag, for a line refused for its word.
  const withoutVersion: string[] = [];
  const version = program.options.find((option) => option.long === "--version");
  const find = (flag: string) =>
    chain
      .flatMap((command) => command.options)
      .find((option) => option.long === flag || option.short === flag);
  let index = 0;
  for (; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") break;
    // Past an unknown option commander takes every word as unknown, and shows the help if one of
    // them is its help flag.
    if (HELP_FLAGS.includes(token)) helpAsked = true;
    if (unknown !== undefined) continue;
    const next = argv[index + 1];
    if (token.startsWith("--")) {
      const flag = token.split("=", 1)[0] ?? token;
      const withValue = token.includes("=");
      const option = ALWAYS_KNOWN.includes(flag) && !withValue ? undefined : find(flag);
      // A value given to a flag that takes none (`--all=1`, `--json=1`): commander knows no
      // option by that whole word.
      const takesValue = option !== undefined && (option.required || option.optional);
      if (ALWAYS_KNOWN.includes(flag) && !withValue) withoutVersion.push(token);
      else if (option === undefined || (withValue && !takesValue)) {
        // Named by the whole word, `=` and value with it, as commander names it.
        if (unknownWord === undefined)
          unknown = { kind: "option", flag: token, nearest: nearestLong(chain, flag) };
        withoutVersion.push(token);
      } else if (option !== version) {
        given.add(option);
        withoutVersion.push(token);
        if (!withValue && option.required && next === undefined) valueMissing = true;
        if (!withValue && takesNextWord(option, next)) {
          index++;
          withoutVersion.push(next as string);
        }
      }
    } else if (token.startsWith("-") && token !== "-" && !isNegativeNumber(token)) {
      // `-abc` is `-a -b -c` until a letter takes a value: the rest of the word is that value.
      let letters = "";
      let value: string | undefined;
      for (let at = 1; at < token.length; at++) {
        const letter = token[at] as string;
        const flag = `-${letter}`;
        if (ALWAYS_KNOWN.includes(flag)) {
          letters += letter;
          continue;
        }
        const option = find(flag);
        if (option === undefined) {
          if (unknownWord === undefined)
            unknown = { kind: "option", flag: `-${token.slice(at)}`, nearest: undefined };
          letters += token.slice(at);
          break;
        }
        if (option !== version) letters += letter;
        given.add(option);
        if (!option.required && !option.optional) continue;
        letters += token.slice(at + 1);
        if (at === token.length - 1 && option.required && next === undefined) valueMissing = true;
        if (at === token.length - 1 && takesNextWord(option, next)) {
          index++;
          value = next;
        }
        break;
      }
      if (letters !== "") withoutVersion.push(`-${letters}`);
      if (value !== undefined) withoutVersion.push(value);
    } else {
      const current = chain.at(-1) as Command;
      const sub = operands === 0 ? subcommand(current, token) : undefined;
      if (sub !== undefined) chain.push(sub);
      else {
        // Commander refuses a word that names no subcommand of a command that has them.
        if (operands === 0 && current.commands.length > 0 && unknownWord === undefined)
          unknownWord = token;
        operands++;
      }
      withoutVersion.push(token);
    }
  }
  if (helpAsked) return undefined;
  if (unknown !== undefined) return unknown;
  if (unknownWord !== undefined)
    return {
      kind: "command",
      word: unknownWord,
      withoutVersion: [...withoutVersion, ...argv.slice(index)],
    };
  // Words after `--` are the named command's arguments too.
  const received = operands + Math.max(0, argv.length - index - 1);
  const named = chain.at(-1) as Command;
  if (valueMissing || argumentsMissing(named, received) || requiredOptionMissing(chain, given))
    return { kind: "incomplete", withoutVersion: argv };
  return excessArguments(named, received);
}

/** Whether a command with no subcommands gets fewer words than the arguments it requires. */
function argumentsMissing(command: Command, received: number): boolean {
  if (command.commands.length > 0 || command.parent === null) return false;
  return received < command.registeredArguments.filter((argument) => argument.required).length;
}

/** Whether a command on the line has a required option (`agent`'s -m) the line does not give. */
function requiredOptionMissing(chain: readonly Command[], given: ReadonlySet<Option>): boolean {
  return chain.some((command) =>
    command.options.some(
      (option) => option.mandatory && option.defaultValue === undefined && !given.has(option),
    ),
  );
}

/** The words a command with no subcommands gets beyond the arguments it takes, if any. */
function excessArguments(command: Command, received: number): ExcessArguments | undefined {
  const expected = command.registeredArguments;
  if (command.commands.length > 0 || command.parent === null) return undefined;
  if (expected.some((argument) => argument.variadic) || received <= expected.length)
    return undefined;
  return { kind: "excess", command: command.name(), expected: expected.length, received };
}

/**
 * `argv` without the version flags commander acts on: `-V` and `--version` before a `--`, and the
 * `V` of a group it starts (`-Vm` is `-m`). The program has no option that takes a value, so none
 * of them is one.
 */
export function withoutVersionFlags(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  const kept = options.flatMap((word) => {
    if (word === "-V" || word === "--version") return [];
    return word.startsWith("-V") ? [`-${word.slice(2)}`] : [word];
  });
  return [...kept, ...(end === -1 ? [] : argv.slice(end))];
}

/** `-5`, `-0.5`: an operand, not an option, as commander reads it. */
function isNegativeNumber(token: string): boolean {
  return /^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(token);
}

function nearestLong(chain: readonly Command[], flag: string): string | undefined {
  const longs = chain.flatMap((command) =>
    command.options.flatMap((option) => (option.long ? [option.long] : [])),
  );
  return closestMatches(
    flag,
    [...longs, ...ALWAYS_KNOWN.filter((known) => known.startsWith("--"))],
    1,
  )[0];
}
