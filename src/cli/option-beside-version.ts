/**
 * Commander prints the version the moment it meets `--version` (`-V`), before it looks at the
 * options it does not know, so `openclaw --version --jsonx` printed it and exited 0 where
 * `openclaw --jsonx` is refused (exit 2). This finds the option of such a line that no command
 * on it knows, for the version to be refused as any other unknown option is.
 */
import type { Command, Option } from "commander";
import { closestMatches } from "../util/suggest.js";

/** An option no command on the line has, and the nearest long option that one does. */
export interface UnknownOption {
  readonly flag: string;
  readonly nearest: string | undefined;
}

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
 * The first option in `argv` (before a `--`) that neither the program nor a subcommand named
 * before it has: a long one by its word (`--jsonx`, `--jsonx=1`, `--all=1`), a short one as commander names
 * it (`-x`; in a group `-Vx`, the group from the unknown letter on). Values of options are
 * passed over, so `agent -m -x` holds no unknown option. A line asking for help holds none either:
 * commander shows the help whatever options it does not know (`models list --bogus --help`
 * exits 0), so the same line with `--version` is not refused.
 */
export function unknownOptionOnLine(
  program: Command,
  argv: readonly string[],
): UnknownOption | undefined {
  const chain: Command[] = [program];
  let operands = 0;
  let unknown: UnknownOption | undefined;
  let helpAsked = false;
  const find = (flag: string) =>
    chain
      .flatMap((command) => command.options)
      .find((option) => option.long === flag || option.short === flag);
  for (let index = 0; index < argv.length; index++) {
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
      if (ALWAYS_KNOWN.includes(flag) && !withValue) continue;
      const option = find(flag);
      // A value given to a flag that takes none (`--all=1`, `--json=1`): commander knows no
      // option by that whole word.
      const takesValue = option !== undefined && (option.required || option.optional);
      if (option === undefined || (withValue && !takesValue)) {
        // Named by the whole word, `=` and value with it, as commander names it.
        unknown = { flag: token, nearest: nearestLong(chain, flag) };
        continue;
      }
      if (!withValue && takesNextWord(option, next)) index++;
    } else if (token.startsWith("-") && token !== "-" && !isNegativeNumber(token)) {
      // `-abc` is `-a -b -c` until a letter takes a value: the rest of the word is that value.
      for (let at = 1; at < token.length; at++) {
        const flag = `-${token[at]}`;
        if (ALWAYS_KNOWN.includes(flag)) continue;
        const option = find(flag);
        if (option === undefined) {
          unknown = { flag: `-${token.slice(at)}`, nearest: undefined };
          break;
        }
        if (!option.required && !option.optional) continue;
        if (at === token.length - 1 && takesNextWord(option, next)) index++;
        break;
      }
    } else {
      const sub = operands === 0 ? subcommand(chain.at(-1) as Command, token) : undefined;
      if (sub !== undefined) chain.push(sub);
      else operands++;
    }
  }
  return helpAsked ? undefined : unknown;
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
