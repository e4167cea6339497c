/**
 * Reading a command line before and after commander does: which command it names, `help` for a
 * nested command, and commander's own usage errors retold with a hint (`error:` then `hint:`, as
 * every other error of the CLI is printed).
 */
import type { Command, CommanderError, Option } from "commander";
import { andList } from "../util/and-list.js";
import { shellWord } from "../util/shell-word.js";
import { closestMatches } from "../util/suggest.js";
import { curlyOptionValue, rejoinCurlyOperands, type SplitValue } from "./curly-quoted-words.js";

/** The command a command line names, and the words it got that are not options or values. */
export interface NamedCommand {
  readonly command: Command;
  /** Command names from the program down, e.g. `["openclaw", "models", "aliases"]`. */
  readonly path: readonly string[];
  /** Words that are neither a subcommand, an option nor an option's value. */
  readonly operands: readonly string[];
  /** Whether `--json` is among the words (before a `--`). */
  readonly json: boolean;
  /** The values options took from the next word, by long name (`--message` → `hello`). */
  readonly optionValues: ReadonlyMap<string, string>;
  /** Long options the command does not have (`--mesage`, also from `--mesage=hi`), in order. */
  readonly unknownOptions: readonly string[];
  /**
   * The words right after an option's value, up to the next option, by long name: where the
   * rest of a value the shell split at a space (`--model “Kimi Code”`) is.
   */
  readonly wordsAfterValue: ReadonlyMap<string, readonly string[]>;
  /** The words the line was read from. */
  readonly words: readonly string[];
}

/** The subcommand of `command` that `name` names, by its name or an alias. */
export function subcommand(command: Command, name: string): Command | undefined {
  return command.commands.find((sub) => sub.name() === name || sub.aliases().includes(name));
}

/** Whether `token` is an option of `command` that takes a value in the next token. */
function takesNextValue(command: Command, token: string): boolean {
  if (!token.startsWith("-") || token.includes("=")) return false;
  const option = command.options.find((o) => o.short === token || o.long === token);
  return option !== undefined && (option.required || option.optional);
}

export function namedCommand(program: Command, argv: readonly string[]): NamedCommand {
  let command = program;
  const path = [program.name()];
  const operands: string[] = [];
  const optionValues = new Map<string, string>();
  const unknownOptions: string[] = [];
  const wordsAfterValue = new Map<string, string[]>();
  /** The words after the last option's value go to it, until another option comes. */
  let lastValueOf: string | undefined;
  const end = argv.indexOf("--");
  // Counted wherever it stands: `agent -m --json` is refused as a missing value, and the JSON
  // object of that refusal is still owed.
  const json = (end === -1 ? argv : argv.slice(0, end)).includes("--json");
  // Past a `--` every word is a word, but commander still looks for a command in the first ones
  // (`-- models list` lists the models, `-- models set a b` is too many for `models set`).
  let ended = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--" && !ended) {
      ended = true;
      lastValueOf = undefined;
      continue;
    }
    if (!ended && token.startsWith("-") && token !== "-") {
      lastValueOf = undefined;
      const joined = /^(--[^=]+)=(.*)$/s.exec(token);
      if (joined?.[1] !== undefined && joined[2] !== undefined)
        optionValues.set(joined[1], joined[2]);
      const option = command.options.find((o) => o.short === token || o.long === token);
      const long = joined?.[1] ?? token;
      if (long.startsWith("--") && long !== "--help" && !hasLongOption(command, long))
        unknownOptions.push(long);
      // An optional value is taken only when it does not look like an option.
      if (takesNextValue(command, token)) {
        const next = argv[index + 1];
        if (option?.required || (next !== undefined && !next.startsWith("-"))) {
          if (option?.long !== undefined && next !== undefined) {
            optionValues.set(option.long, next);
            lastValueOf = option.long;
            wordsAfterValue.set(option.long, []);
          }
          index++;
        }
      }
      continue;
    }
    const sub = operands.length === 0 ? subcommand(command, token) : undefined;
    if (sub !== undefined) {
      command = sub;
      path.push(sub.name());
    } else {
      operands.push(token);
      if (lastValueOf !== undefined) wordsAfterValue.get(lastValueOf)?.push(token);
    }
  }
  return {
    command,
    path,
    operands,
    json,
    optionValues,
    unknownOptions,
    wordsAfterValue,
    words: argv,
  };
}

function hasLongOption(command: Command, long: string): boolean {
  return command.options.some((option) => option.long === long);
}

/**
 * `help <command> [subcommand…]` at any level, as `<command> [subcommand…] --help`: commander's
 * own `help` looks only at the first word (`help models aliases` showed the models help) and, for
 * a word that is no command, prints the whole help without saying why. Rewritten, the help
 * shown is the one asked for, and a word that is no command is commander's "unknown command"
 * with its did-you-mean (exit 2), as it is with `--help` after it (`bogus --help`).
 */
export function helpAsFlag(program: Command, argv: readonly string[]): string[] {
  let command = program;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "help" && command.commands.length > 0) {
      // A version flag among the words (`help -V models lst`) is kept for main() to act on as
      // it does anywhere else (`-V help models lst` is refused for lst, `help -V` prints the
      // version); dropped with the rest, the words after it went unread and the whole help
      // was shown (exit 0) where the line without the flag is refused.
      const after = argv.slice(index + 1);
      const end = after.indexOf("--");
      const before = [
        ...argv.slice(0, index),
        ...(end === -1 ? after : after.slice(0, end)).filter(
          (word) => word === "-V" || word === "--version",
        ),
      ];
      const wanted: string[] = [];
      // `help nope --json`: refused as `nope --json` is, with the JSON error a script reads.
      const json = (end === -1 ? after : after.slice(0, end)).includes("--json") ? ["--json"] : [];
      let target: Command = command;
      for (const word of after) {
        // `help --json models list`: the flag names no command, and the words after it still do.
        if (word === "-V" || word === "--version" || word === "--json") continue;
        // Past a command without subcommands the words are its arguments: help never runs it
        // (`help models set moonshot/x` shows the help of `models set`, and changes nothing).
        if (word.startsWith("-") || target.commands.length === 0) break;
        // `help help`, `models help help`: the help of `help` is the help of the command it is in.
        if (word === "help" && subcommand(target, word) === undefined) break;
        wanted.push(word);
        const next = subcommand(target, word);
        // An unknown word: commander says so, with its suggestion, when it parses this (the
        // command holding subcommands has no action of its own to run).
        if (next === undefined) return [...before, ...wanted, ...json];
        target = next;
      }
      return [...before, ...wanted, "--help"];
    }
    if (token === "--") return [...argv];
    // An option before the next word (`models --json lst --help`, `--no-color modles --help`):
    // passed over, with the value it takes, so the word after it is still checked. One the
    // command lacks is passed over alone: commander refuses it, with exit 2, once --help is out.
    if (token.startsWith("-") && token !== "-") {
      if (takesNextValue(command, token)) {
        const option = command.options.find((o) => o.short === token || o.long === token);
        const next = argv[index + 1];
        if (option?.required || (next !== undefined && !next.startsWith("-"))) index++;
      }
      continue;
    }
    const sub = subcommand(command, token);
    if (sub === undefined) {
      // `bogus --help`, `models lst -h`: commander shows the help of the command above the typo
      // and exits 0, so a script or a person takes the word for a command that exists. Without
      // the help flag it is the same "unknown command" with its did-you-mean (exit 2) as
      // `help bogus`.
      if (command.commands.length > 0) return withoutHelpFlags(argv);
      return [...argv];
    }
    command = sub;
  }
  return [...argv];
}

/** `argv` without `--help` and `-h` (before a `--`, after which words are values). */
function withoutHelpFlags(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  const rest = end === -1 ? [] : argv.slice(end);
  return [...options.filter((word) => word !== "--help" && word !== "-h"), ...rest];
}

/** What commander says, as `error:` (its message) and a `hint:` pointing at the right help. */
export interface UsageMistake {
  /** Commander's message without its "error: " and its "(Did you mean …?)". */
  readonly message: string;
  readonly hint: string;
}

export function describeUsageMistake(error: CommanderError, named: NamedCommand): UsageMistake {
  const text = error.message.replace(/^error: /, "");
  const suggestion = /\n?\(Did you mean (.+)\?\)\s*$/.exec(text);
  const message = (suggestion ? text.slice(0, suggestion.index) : text)
    .replace(/\s*\n\s*/g, " ")
    .trim();
  const help = `${named.path.join(" ")} --help`;
  const isRoot = named.path.length === 1;
  const near = suggestion ? `did you mean ${suggestion[1]}? ` : "";
  // Commander checks for a missing required option before unknown ones, so `agent --mesage hi`
  // said "-m not specified" and never named the typo that left -m out: the typo is the mistake.
  const unknown = named.unknownOptions[0];
  if (error.code === "commander.missingMandatoryOptionValue" && unknown !== undefined)
    return unknownOptionMistake(named, unknown, help);
  switch (error.code) {
    case "commander.unknownCommand":
      return unknownCommandMistake(message, near, named.command, named.path);
    case "commander.unknownOption": {
      if (isRoot && /'-v'/.test(message)) {
        return { message, hint: `did you mean -V (--version)? ${help} lists the options` };
      }
      return (
        unknownOptionBesideMisplaced(message, named) ??
        optionsBeforeTheirCommand(message, named) ??
        optionBeforeItsCommand(message, named, help) ??
        unknownCommandAfterOption(message, named) ??
        optionOfSubcommands(message, named) ?? {
          message,
          hint: `${near || nearOption(named.command, message)}${help} lists the options`,
        }
      );
    }
  }
  if (error.code === "commander.excessArguments") return excessArguments(named, help, message);
  // `openclaw agent "Hello"`: the message is an option's value, not an argument.
  const agentText = named.path[1] === "agent" ? named.operands[0] : undefined;
  if (error.code === "commander.missingMandatoryOptionValue" && agentText !== undefined) {
    return {
      message,
      hint: `the message goes after -m: openclaw agent -m ${JSON.stringify(agentText)} (${help} lists the options)`,
    };
  }
  // `echo hi | openclaw agent`: the piped text is read only with -m -, which the bare "not
  // specified" did not say.
  if (error.code === "commander.missingMandatoryOptionValue" && named.path[1] === "agent") {
    return {
      message,
      hint: `give the message with -m "…", or with -m - to read it from stdin (echo "Hello" | openclaw agent -m -); ${help} lists the options`,
    };
  }
  return { message, hint: `${near}${help} shows how to use it` };
}

/**
 * The did-you-mean commander does not find for an unknown option: a long option with one dash
 * (`-json`, which it reads as -j -s -o -n), in capitals (`--JSON`), or a flag given a value
 * (`--json=true`, too far from `--json` for its edit distance); else the nearest long option.
 */
function nearOption(command: Command, message: string): string {
  const flag = /^unknown option '([^']+)'$/.exec(message)?.[1];
  if (flag === undefined) return "";
  const [name = flag, value] = flag.split(/=(.*)/s, 2);
  const longs = command.options.flatMap((option) => (option.long ? [option.long] : []));
  const alone = command.options.find((option) => option.long === name);
  if (value !== undefined && alone !== undefined && !alone.required && !alone.optional)
    return `${name} takes no value: write ${name} alone; `;
  const doubled = /^-[^-]{2,}$/.test(name) ? `-${name}` : undefined;
  const exact = longs.find((long) => long === doubled || long === name.toLowerCase());
  if (exact !== undefined) return `did you mean ${exact}? `;
  const [nearest] = /^--./.test(name) ? closestMatches(name, longs, 1) : [];
  return nearest === undefined ? "" : `did you mean ${nearest}? `;
}

/** Commander's words for an unknown option, with the command's nearest long option. */
function unknownOptionMistake(named: NamedCommand, flag: string, help: string): UsageMistake {
  const longs = named.command.options.flatMap((option) => (option.long ? [option.long] : []));
  const [nearest] = closestMatches(flag, longs, 1);
  const near = nearest === undefined ? "" : `did you mean ${nearest}? `;
  return { message: `unknown option '${flag}'`, hint: `${near}${help} lists the options` };
}

/**
 * `openclaw --json models list`: an option of the command named later on the line, written
 * before that command's name, is refused by the command above it (a command's options are read
 * after its name), and "unknown option '--json'" beside a help that lists --json read as if the
 * command had none. Said as the misplaced option it is, with the line that works.
 */
function optionBeforeItsCommand(
  message: string,
  named: NamedCommand,
  help: string,
): UsageMistake | undefined {
  const flag = /^unknown option '([^'=]+)'$/.exec(message)?.[1];
  if (flag === undefined) return undefined;
  const option = named.command.options.find((o) => o.long === flag || o.short === flag);
  if (option === undefined || named.path.length < 2) return undefined;
  const command = named.path.join(" ");
  const value = option.required ? " <value>" : option.optional ? " [value]" : "";
  return {
    message: `option '${flag}' comes before the command it belongs to (${command})`,
    hint: `put it after the command's name: ${command} ${flag}${value} … (${help} lists the options)`,
  };
}

/**
 * `openclaw --json models list --bogus`: commander refuses the first option it meets, one a command
 * has (--json, misplaced), and the line's real typo (--bogus, which no command has) went unsaid
 * until that was fixed. The option no command has is named, with the did-you-mean of the command
 * the line names, and where the misplaced one goes.
 */
function unknownOptionBesideMisplaced(
  message: string,
  named: NamedCommand,
): UsageMistake | undefined {
  const flag = /^unknown option '([^']+)'$/.exec(message)?.[1]?.split("=", 1)[0];
  if (flag === undefined) return undefined;
  let root = named.command;
  while (root.parent !== null) root = root.parent;
  if (optionsNamed(root, flag).length === 0) return undefined;
  const everywhere = ["-h", "--help", "-V", "--version"];
  const rest = withoutKnownOptions(root, named.words);
  const end = rest.indexOf("--");
  const unknown = (end === -1 ? rest : rest.slice(0, end))
    .map((word) => word.split("=", 1)[0] ?? word)
    .find((word) => /^--?[A-Za-z]/.test(word) && !everywhere.includes(word));
  if (unknown === undefined) return undefined;
  const target = namedCommand(root, rest);
  const command = target.path.join(" ");
  const longs = target.command.options.flatMap((option) => (option.long ? [option.long] : []));
  const [nearest] = unknown.startsWith("--") ? closestMatches(unknown, longs, 1) : [];
  const near = nearest === undefined ? "" : `did you mean ${nearest}? `;
  const owns = target.command.options.some((o) => o.long === flag || o.short === flag);
  const moved =
    owns && target.path.length > 1
      ? `; and ${flag} goes after the command's name (${command} ${flag} …)`
      : "";
  return {
    message: `unknown option '${unknown}'`,
    hint: `${near}${command} --help lists the options${moved}`,
  };
}

/**
 * `openclaw --port 0 gateway`, `openclaw --json --port 0 gateway`, `openclaw --port=0 gateway`:
 * an option's value, or another option before it, read by the command above as a word or an
 * option of its own, hid the name of the command after it, so the option was only "unknown". The
 * line read without the options some command has (and their values) names the command; the
 * options written before its name that it has, and no command named before them does, are said
 * to be misplaced, with their values in the line that works.
 */
function optionsBeforeTheirCommand(message: string, named: NamedCommand): UsageMistake | undefined {
  const flag = /^unknown option '([^']+)'$/.exec(message)?.[1]?.split("=", 1)[0];
  if (flag === undefined) return undefined;
  let root = named.command;
  while (root.parent !== null) root = root.parent;
  const end = named.words.indexOf("--");
  const words = end === -1 ? named.words : named.words.slice(0, end);
  // The command may be named after a `--` too (`--json -- models list`).
  const target = namedCommand(root, withoutKnownOptions(root, named.words));
  if (target.path.length < 2) return undefined;
  const targetChain = [target.command];
  for (let above = target.command.parent; above !== null; above = above.parent)
    targetChain.unshift(above);
  const find = (commands: readonly Command[], name: string) =>
    commands.flatMap((command) => command.options).find((o) => o.long === name || o.short === name);
  // The commands named so far, as commander reads the line: each reads its own options.
  const chain: Command[] = [root];
  const flags: string[] = [];
  /** What goes after the command's name: each option as written, by the name it was seen as. */
  const moved: { readonly option: Option; text: string; value: string | undefined }[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word.startsWith("-") && word !== "-") {
      const name = word.split("=", 1)[0] ?? word;
      const own = find(chain, name);
      const theirs = own === undefined ? find(targetChain, name) : undefined;
      const option = own ?? theirs;
      const next = words[index + 1];
      const takesValue = option !== undefined && (option.required || option.optional);
      const value =
        takesValue && !word.includes("=") && next !== undefined && !next.startsWith("-")
          ? next
          : undefined;
      if (theirs !== undefined) {
        const text = value === undefined ? shellWord(word) : `${name} ${shellWord(value)}`;
        // Written twice, in either spelling, commander keeps the last value (`--port 0 --port
        // 1` is port 1), and a flag once is a flag twice; one that collects its values
        // (`--image a --image b`) keeps each, in order, and is moved as often as it was written.
        const written = word.includes("=") ? word.slice(word.indexOf("=") + 1) : value;
        const earlier = moved.findLast((entry) => entry.option === theirs);
        if (earlier === undefined) flags.push(name);
        if (earlier === undefined || collects(theirs, earlier.value, written))
          moved.push({ option: theirs, text, value: written });
        else {
          earlier.text = text;
          earlier.value = written;
        }
      }
      if (value !== undefined) index++;
      continue;
    }
    const sub = subcommand(chain.at(-1) as Command, word);
    if (sub !== undefined) chain.push(sub);
  }
  if (!flags.includes(flag)) return undefined;
  const command = target.path.join(" ");
  const help = `(${command} --help lists the options)`;
  if (flags.length === 1) {
    return {
      message: `option '${flag}' comes before the command it belongs to (${command})`,
      hint: `put it after the command's name: ${command} ${moved.map((entry) => entry.text).join(" ")} … ${help}`,
    };
  }
  return {
    message: `options ${andList(flags.map((name) => `'${name}'`))} come before the command they belong to (${command})`,
    hint: `put them after the command's name: ${command} ${moved.map((entry) => entry.text).join(" ")} … ${help}`,
  };
}

/**
 * Whether commander keeps both values of `option` written twice (`--image a --image b`), not the
 * last alone (`--port 0 --port 1` is port 1). A variadic option does; one with a parser does when
 * the parser keeps the value before (commander hands it over): any parser does not, as a number's
 * does not, and calling it each one "collecting" moved `--port 0 --port 1` as both.
 */
function collects(option: Option, first: string | undefined, second: string | undefined): boolean {
  if (option.variadic) return true;
  const parse = option.parseArg;
  if (parse === undefined || first === undefined || second === undefined) return false;
  try {
    const start: unknown = option.defaultValue;
    const alone = parse(second, start);
    const after = parse(second, parse(first, start));
    return JSON.stringify(after) !== JSON.stringify(alone);
  } catch {
    // A value the parser refuses: commander refuses the line for it, whatever else is moved.
    return false;
  }
}

/**
 * `openclaw --json bogus`, `openclaw --json models lst`: commander refuses the option first, as
 * unknown to the command it stands after, but the option is one a command has, and the word that
 * names no command is the bigger mistake (git, too, says the command is unknown). Said as the
 * unknown command it is, with the did-you-mean the line without the option gets. An option no
 * command has (`--jsonx bogus`) is still the first mistake named.
 */
function unknownCommandAfterOption(message: string, named: NamedCommand): UsageMistake | undefined {
  const flag = /^unknown option '([^'=]+)'$/.exec(message)?.[1];
  if (flag === undefined) return undefined;
  let root = named.command;
  while (root.parent !== null) root = root.parent;
  if (optionsNamed(root, flag).length === 0) return undefined;
  const line = namedCommand(root, withoutKnownOptions(root, named.words));
  const word = line.operands[0];
  if (word === undefined || line.command.commands.length === 0) return undefined;
  // Commander's own `help` command is among the names it suggests from.
  const names = [...line.command.commands.flatMap((sub) => [sub.name(), ...sub.aliases()]), "help"];
  if (names.includes(word)) return undefined;
  const [nearest] = closestMatches(word, names, 1);
  const near = nearest === undefined ? "" : `did you mean ${nearest}? `;
  return unknownCommandMistake(`unknown command '${word}'`, near, line.command, line.path);
}

/**
 * `openclaw models --json`, `openclaw --port 0`: an option only commands under the one named
 * have, with none of them named. "unknown option '--json'" beside a help page that lists no
 * options sent a person to look for one that is not there: the command it belongs to is said
 * (by name when only one has it), with the line that works.
 */
function optionOfSubcommands(message: string, named: NamedCommand): UsageMistake | undefined {
  const flag = /^unknown option '([^']+)'$/.exec(message)?.[1]?.split("=", 1)[0];
  if (flag === undefined || named.command.commands.length === 0) return undefined;
  const owners = commandsWithOption(named.command, flag, named.path);
  const [owner, ...others] = owners;
  if (owner === undefined) return undefined;
  const index = named.words.findIndex((word) => word === flag || word.startsWith(`${flag}=`));
  const word = named.words[index] ?? flag;
  const next = named.words[index + 1];
  const takesValue = owner.option.required || owner.option.optional;
  // `--json=1`: a value for a flag that takes none is the mistake, wherever it goes.
  if (!takesValue && word.includes("=")) return undefined;
  const value =
    takesValue && !word.includes("=") && next !== undefined && !next.startsWith("-")
      ? ` ${shellWord(next)}`
      : "";
  const written = `${shellWord(word)}${value}`;
  const help = `(${named.path.join(" ")} --help lists the commands)`;
  if (others.length === 0) {
    const command = owner.path.join(" ");
    return {
      message: `option '${flag}' belongs to ${command}, which is not named`,
      hint: `name it before the option: ${command} ${written} … ${help}`,
    };
  }
  return {
    message: `option '${flag}' belongs to a command of ${named.path.join(" ")}, and none is named`,
    hint: `name the command before the option: ${named.path.join(" ")} <command> ${written} … ${help}`,
  };
}

/** The commands under `command` (not itself) that have `flag`, with their paths. */
function commandsWithOption(
  command: Command,
  flag: string,
  path: readonly string[],
): { readonly path: readonly string[]; readonly option: Option }[] {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    const option = sub.options.find((o) => o.long === flag || o.short === flag);
    return [
      ...(option === undefined ? [] : [{ path: subPath, option }]),
      ...commandsWithOption(sub, flag, subPath),
    ];
  });
}

/** A word that names no command, and where the commands are listed. */
function unknownCommandMistake(
  message: string,
  near: string,
  command: Command,
  path: readonly string[],
): UsageMistake {
  const help = `${path.join(" ")} --help`;
  // `openclaw version`, as other tools spell it, is the --version flag here.
  if (path.length === 1 && !near && /'version'/.test(message))
    return { message, hint: `did you mean --version? ${help} lists the commands` };
  const word = /^unknown command '(.*)'$/s.exec(message)?.[1];
  const dash = word === undefined ? undefined : dashLookalike(word, command);
  if (dash !== undefined) return { message, hint: `${dash} (${help} lists the options)` };
  return { message, hint: `${near}${help} lists the commands` };
}

/** Dashes that are not the ASCII one: hyphen, en and em dash, minus, their small and wide forms. */
const OTHER_DASHES = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+/;

/**
 * `—json`, `–m`: an option with the dash a word processor or a chat window typed (`--` becomes an
 * em or en dash), which the shell hands over as a word, not an option. What was typed, and the
 * option written with ASCII dashes (two before a long name, one before a letter), when `command`
 * or one under it has that option: a word of a message (`-m hello —world`) or a command's name
 * (`—models`) is no option, and the hint for what it is stands.
 */
function dashLookalike(word: string, command: Command): string | undefined {
  const dashes = OTHER_DASHES.exec(word)?.[0];
  const name = word.slice(dashes?.length ?? 0);
  if (dashes === undefined || !/^[A-Za-z]/.test(name)) return undefined;
  const option = `${name.length === 1 ? "-" : "--"}${name}`;
  const everywhere = ["-h", "--help", "-V", "--version"];
  // A hidden option (chat's -m, there only to say chat takes none) is not one to write.
  const offered = optionsNamed(command, option).filter((found) => !found.hidden);
  if (!everywhere.includes(option) && offered.length === 0) return undefined;
  return `"${word}" starts with ${JSON.stringify(dashes)}, a dash that is not "-" (word processors and chat windows type it): write ${option}`;
}

/**
 * The words without the options some command has, and their values (`--json --port 0 bogus` is
 * `bogus`): read again, the rest names the commands, whichever command each option belongs to.
 */
export function withoutKnownOptions(root: Command, words: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === "--") return [...kept, ...words.slice(index)];
    const options = word.startsWith("-") ? optionsNamed(root, word.split("=", 1)[0] ?? word) : [];
    if (options.length === 0) {
      kept.push(word);
      continue;
    }
    const next = words[index + 1];
    const takesValue = options.every((option) => option.required || option.optional);
    if (takesValue && !word.includes("=") && next !== undefined && !next.startsWith("-")) index++;
  }
  return kept;
}

/** The options called `flag` of `command` and of every command under it. */
function optionsNamed(command: Command, flag: string): Option[] {
  return [
    ...command.options.filter((option) => option.long === flag || option.short === flag),
    ...command.commands.flatMap((sub) => optionsNamed(sub, flag)),
  ];
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function quotedList(words: readonly string[]): string {
  return andList(words.map((word) => JSON.stringify(word)));
}

/**
 * Words beyond what a command takes, most often a name or a message with spaces left unquoted
 * (`models set Kimi K2.5`, `agent -m hello world`): commander's "Expected 1 argument but got 2"
 * named neither the extra words nor the fix, so both are said, with the command in quotes.
 */
function excessArguments(named: NamedCommand, help: string, counted: string): UsageMistake {
  const expected = named.command.registeredArguments.length;
  const extra = named.operands.slice(expected);
  // The words could not be told apart from option values: commander's own count stands.
  if (extra.length === 0) return { message: counted, hint: `${help} shows how to use it` };
  const takes =
    expected === 0
      ? "takes no arguments"
      : `takes ${named.command.registeredArguments.map((argument) => `<${argument.name()}>`).join(" ")}`;
  const message = `unexpected argument${extra.length === 1 ? "" : "s"} ${quotedList(extra)}: ${named.path.join(" ")} ${takes}`;
  const command = named.path.join(" ");
  const dashed = extra
    .map((word) => dashLookalike(word, named.command))
    .find((hint) => hint !== undefined);
  if (dashed !== undefined) return { message, hint: `${dashed} (${help} lists the options)` };
  const curly = curlyQuotedFix(named, extra);
  if (curly) {
    const { words, fixed } = curly;
    return {
      message,
      hint: `the shell takes ${words[0]?.[0]} and ${words.at(-1)?.at(-1)} for letters, not quotes (a Chinese input method types them), so ${quotedList(words)} came as separate words: write ${fixed}, with ASCII quotes (${help} shows how to use it)`,
    };
  }
  const said = named.optionValues.get("--message");
  if (expected === 0 && said !== undefined) {
    const whole = [said, ...extra].join(" ");
    return {
      message,
      hint: `a message of several words goes in quotes: ${command} -m ${JSON.stringify(whole)} (${help} shows how to use it)`,
    };
  }
  if (expected === 0) return { message, hint: `${help} shows how to use it` };
  // With one argument the words can only be that argument; with more, which one had the spaces
  // is not known, so no command is offered that might put them in the wrong one.
  if (expected > 1) {
    return {
      message,
      hint: `a value with spaces goes in quotes, as one argument; ${help} shows how to use it`,
    };
  }
  // A model ref (`moonshot/kimi-k2.5`) has no spaces: quoting the words as one would only give
  // a ref that names no model. The command with the ref alone is what runs.
  const given = named.operands[0] ?? "";
  if (named.command.registeredArguments[0]?.name() === "model" && given.includes("/")) {
    return {
      message,
      hint: `${command} takes one model, and a ref has no spaces: ${command} ${given} (${help} shows how to use it)`,
    };
  }
  return {
    message,
    hint: `a value with spaces goes in quotes, as one argument: ${command} ${JSON.stringify(named.operands.join(" "))} (${help} shows how to use it)`,
  };
}

/**
 * `--model “Kimi Code”` or `models set “Kimi K2.5”` typed with a Chinese input method on: the
 * shell split the value at its space. The words it split, and what to write instead: the option
 * with its value, or the whole command when rejoining the words gives it the arguments it takes.
 */
function curlyQuotedFix(
  named: NamedCommand,
  extra: readonly string[],
): { words: SplitValue["words"]; fixed: string } | undefined {
  const option = curlyOptionValue(named.optionValues, named.wordsAfterValue, extra);
  if (option) {
    const flag = named.command.options.find((candidate) => candidate.long === option.option);
    return {
      words: option.words,
      fixed: `${flag?.short ?? option.option} ${JSON.stringify(option.value)}`,
    };
  }
  const rejoined = rejoinCurlyOperands(named.operands);
  const [first] = rejoined.split;
  if (first === undefined || rejoined.operands.length > named.command.registeredArguments.length)
    return undefined;
  const args = rejoined.operands.map((operand) => JSON.stringify(operand)).join(" ");
  return { words: first.words, fixed: `${named.path.join(" ")} ${args}` };
}
