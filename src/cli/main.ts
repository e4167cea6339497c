import type { EventEmitter } from "node:events";
import { Command, CommanderError, Help } from "commander";
import { isOpenClawError, UsageError } from "../errors.js";
import { setLockWaitNotice } from "../util/file-lock.js";
import { printable } from "../util/printable.js";
import { closestMatches } from "../util/suggest.js";
import { PACKAGE_NAME, VERSION } from "../version.js";
import { applyColourChoice, badColourValue, takeColourOptions } from "./colour-option.js";
import {
  describeUsageMistake,
  helpAsFlag,
  type NamedCommand,
  namedCommand,
  type UsageMistake,
  withoutKnownOptions,
} from "./command-line.js";
import { COMMANDS } from "./commands/index.js";
import { addGlobalOptionsLine, declareGlobalOptions } from "./global-options.js";
import { helpJson } from "./help-json.js";
import { printFailureJson } from "./json-failure.js";
import { withoutVersionFlags } from "./option-beside-version.js";
import { findLongWithOneDash, findOptionTakenAsValue } from "./option-taken-as-value.js";
import {
  jsonWasPrinted,
  printDebugStack,
  printError,
  printJson,
  reflowProse,
  terminalWidth,
  tolerateClosedPipes,
  visibleWidth,
  wrapText,
} from "./output.js";
import { exitCleanlyAfterHangup } from "./terminal-hangup.js";

export function buildProgram(): Command {
  const program = new Command("openclaw");
  // Before commander's own listener, which prints the bare version: with --json anywhere on the
  // line (`--version --json`, `--json -V`) a script gets an object, as every --json output is.
  program.on("option:version", () => {
    if (!versionAsJson) return;
    printJson({ name: PACKAGE_NAME, version: VERSION });
    throw new CommanderError(0, "commander.version", VERSION);
  });
  program
    .description("Moonshot K2 and Kimi Code as separate providers: CLI, gateway and library.")
    .version(VERSION, "-V, --version", "print the version");
  // Listed for --help only: colour-option.ts takes them off the line before commander parses
  // it, so that every command takes them, before or after its words.
  declareGlobalOptions(program)
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: true, formatItem: formatHelpItem, formatHelp: fittedHelp })
    .addHelpText(
      "after",
      `
Examples:
  openclaw onboard --auth-choice moonshot-api-key
  openclaw models list
  openclaw agent -m "Hello, Kimi"
  openclaw gateway --port 18789

Config: $OPENCLAW_CONFIG_PATH, else $OPENCLAW_STATE_DIR/openclaw.json,
else ~/.openclaw/openclaw.json`,
    );
  // Usage mistakes exit 2, failures 1: commander's own exits go through main(). Set before the
  // commands are added so that every subcommand inherits it.
  program.exitOverride();
  // Commander's own error messages are kept for main() to print with a hint (a command that sets
  // its own outputError prints them itself).
  program.configureOutput({
    outputError: (text) => {
      commanderSaid = text;
    },
    getOutHelpWidth: () => helpWidth(process.stdout),
    getErrHelpWidth: () => helpWidth(process.stderr),
  });
  // Before any command runs (not for --help or --version): a state dir that is a file (the
  // config file taken for it, or ~/.openclaw written as one) is said once, rather than by each
  // path under it failing.
  program.hook("preAction", async () => {
    const { refuseStateDirFile } = await import("../config/state-dir-file.js");
    refuseStateDirFile(process.env);
  });
  for (const register of COMMANDS) register(program);
  // After each command's own texts: the line naming the options every command takes.
  addGlobalOptionsLine(program);
  reflowHelpTexts(program);
  showDefaultsAsTyped(program);
  return program;
}

/**
 * Commander shows a string default as JSON (`(default: "7d")`), which reads as if the quotes
 * were to be typed: each is shown as it is typed instead (`(default: 7d)`), as the defaults the
 * texts state themselves are (`(default: 8)`).
 */
function showDefaultsAsTyped(command: Command): void {
  for (const item of [...command.options, ...command.registeredArguments]) {
    if (typeof item.defaultValue === "string" && item.defaultValue !== "")
      item.defaultValueDescription ??= item.defaultValue;
  }
  for (const sub of command.commands) showDefaultsAsTyped(sub);
}

/** Commander's first line: `Usage: openclaw models [options] [command]`. */
const USAGE_LABEL = "Usage: ";

/**
 * A help page as commander lays it out, but for its usage line, which commander leaves as wide as
 * it is: wrapped at its spaces to the help's width, its further lines under its text; and the
 * command's description, which commander does not wrap on a terminal under 40 columns.
 */
function fittedHelp(command: Command, helper: Help): string {
  const text = Help.prototype.formatHelp.call(helper, command, helper);
  const width = helper.helpWidth ?? 80;
  const [first = "", ...following] = text.split("\n");
  // The command's description, which commander leaves whole below its wrapping minimum (40).
  const rest = following.map((line) =>
    /^\S/.test(line) && visibleWidth(line) > width ? wrapText(line, width) : line,
  );
  if (!first.startsWith(USAGE_LABEL) || visibleWidth(first) <= width)
    return [first, ...rest].join("\n");
  // Filled word by word: wrapText keeps an `openclaw …` command whole, which this line is.
  const room = Math.max(20, width - USAGE_LABEL.length);
  const lines: string[] = [];
  for (const word of first.slice(USAGE_LABEL.length).split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && visibleWidth(`${last} ${word}`) <= room)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const hanging = " ".repeat(USAGE_LABEL.length);
  return [`${USAGE_LABEL}${lines.join(`\n${hanging}`)}`, ...rest].join("\n");
}

/**
 * One option or command of a help page. Commander wraps a description in the column beside its
 * term, and leaves it whole (as wide as it is) when that column is narrow; on a narrow terminal
 * the description goes under its term instead, wrapped to the terminal's width.
 */
function formatHelpItem(
  term: string,
  termWidth: number,
  description: string,
  helper: Help,
): string {
  const width = helper.helpWidth ?? 80;
  // The room commander gives a description; below its minimum it would not wrap at all.
  if (!description || width - termWidth - 4 >= helper.minWidthToWrap)
    return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
  const indent = "      ";
  const lines = wrapText(description, Math.max(20, width - indent.length)).split("\n");
  // A subcommand's term (`add [options] <alias> <model>`) wider than the terminal, at its spaces.
  const terms = wrapText(term, Math.max(10, width - 4)).split("\n");
  return [
    ...terms.map((part, index) => `${index === 0 ? "  " : "    "}${part}`),
    ...lines.map((line) => `${indent}${line}`),
  ].join("\n");
}

/**
 * The width help is laid out for: the terminal's, else $COLUMNS (help piped to a pager or a file
 * from a terminal of that width), else 80. Commander alone reads only the terminal's.
 */
function helpWidth(stream: NodeJS.WriteStream): number {
  const width = terminalWidth(stream);
  return Number.isFinite(width) ? width : 80;
}

/** Commander's last error message, when it went through the program's outputError. */
let commanderSaid: string | undefined;

/**
 * The texts commands add before and after their help (examples, notes) are written for a wide
 * terminal: each is reflowed, when shown, to the width commander formats its own help to (the
 * terminal's, else 80), so that prose never breaks mid-word; indented lines (examples) stay as
 * written.
 */
function reflowHelpTexts(command: Command): void {
  // A commander Command is an EventEmitter; its typings say only `on`.
  const emitter = command as unknown as EventEmitter;
  for (const event of ["beforeHelp", "afterHelp"]) {
    const listeners = emitter.listeners(event) as Array<(context: HelpContext) => void>;
    emitter.removeAllListeners(event);
    for (const listener of listeners) {
      emitter.on(event, (context: HelpContext) => {
        const output = context.command.configureOutput();
        const width =
          (context.error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.()) ?? 80;
        listener({ ...context, write: (text) => context.write(reflowProse(text, width)) });
      });
    }
  }
  for (const sub of command.commands) reflowHelpTexts(sub);
}

interface HelpContext {
  error: boolean;
  command: Command;
  write: (text: string) => void;
}

/** Exit codes: 0 ok, 1 failure, 2 usage. */
/** The location variables a blank value of which the CLI mentions (blank-location-env.ts). */
const BLANKABLE_LOCATIONS = ["OPENCLAW_HOME", "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH"];

/** Whether this run's words hold `--json` (before a `--`): `--version` then prints an object. */
let versionAsJson = false;

export async function main(line: string[]): Promise<void> {
  // First: every line written from here on, stderr's included, is coloured as the flag says.
  const colour = takeColourOptions(line);
  applyColourChoice(colour.choice);
  const argv = colour.args;
  tolerateClosedPipes();
  exitCleanlyAfterHangup();
  // A command held up by another openclaw process's write says so, rather than seem to hang.
  setLockWaitNotice(({ file, pid }, waitMs) => {
    const who =
      pid === undefined ? "another openclaw process" : `another openclaw process (pid ${pid})`;
    process.stderr.write(
      `${who} is changing ${printable(file)}; waiting for it (up to ${Math.round(waitMs / 1000)} s; Ctrl-C stops, nothing written)…\n`,
    );
  });
  const program = buildProgram();
  const args = helpAsFlag(program, argv);
  let parsed = args;
  // Everything from here on fails through the catch below, as a command's own error does: an
  // error thrown before a command runs (a bad --color value) is said as error: and hint: lines,
  // not as an unhandled rejection with Node's dump of every field and a stack. The notes on blank
  // location variables leave out a path that is refused: the command that needs it says so.
  try {
    // Loaded only when one is blank: the notes resolve paths with the config code, which
    // `--version` and `--help` never load.
    if (BLANKABLE_LOCATIONS.some((name) => process.env[name]?.trim() === "")) {
      const { blankLocationNotes } = await import("./blank-location-env.js");
      for (const note of blankLocationNotes(process.env)) process.stderr.write(`${note}\n`);
    }
    // `--help --json`: the help as one JSON object, for every command (`help models --json` too).
    if (colour.badFlag === undefined && namedCommand(program, argv).json && asksForHelp(args)) {
      printJson(helpJson(namedCommand(program, args).command));
      return;
    }
    commanderSaid = undefined;
    versionAsJson = namedCommand(program, args).json;
    // Commander prints the version the moment it meets the flag, before it checks the rest: a
    // line it refuses without its version flags (`-V models lst`, `models set -V`, `--json -V
    // models list`) is parsed without them, to be refused as it is without them, in the same words.
    const withoutVersion = versionLine(program, args);
    if (withoutVersion !== undefined && (await refusedByCommander(withoutVersion)))
      parsed = withoutVersion;
    if (colour.badFlag !== undefined) {
      const bad = badColourValue(colour.badFlag);
      throw new UsageError(bad.message, bad.hint);
    }
    // As on the line without the version flag (`agent --model -V -m hi`: -m is no value).
    refuseOptionTakenAsValue(program, withoutVersionFlags(args));
    await program.parseAsync(parsed, { from: "user" });
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    // Read as the line without its version flags is: `--provider -V x` gives --provider x.
    const named = namedCommand(program, withoutVersionFlags(args));
    let failure: unknown = error;
    if (error instanceof CommanderError) {
      // Help or the version was shown (on stderr when a subcommand is missing): nothing to add.
      if (process.exitCode === 0 || error.code === "commander.help") return;
      // A command that prints commander's errors itself (onboard) has said everything.
      if (commanderSaid === undefined && !(error instanceof OptionTakenAsValue)) return;
      const mistake =
        error instanceof OptionTakenAsValue
          ? { message: error.message.replace(/^error: /, ""), hint: error.hint }
          : describeUsageMistake(error, named);
      const said = parsed === args ? mistake : besideVersion(mistake, named);
      failure = new UsageError(said.message, said.hint);
    }
    if (!named.json) {
      printError(failure);
      return;
    }
    // `--json` promises one JSON object on stdout, failures included, and says the failure
    // there only: a command that printed its own object has put the error in it.
    if (!jsonWasPrinted()) await printFailureJson(named, args, failure);
    printDebugStack(failure);
  }
}

/** Whether `--help` or `-h` is among the words (before a `--`, after which words are values). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some(
    (word) => word === "--help" || word === "-h",
  );
}

/**
 * The line without its version flags, when it has one: as commander reads it then. On a line
 * that names no command `--json` is the version's (`--json -V --bogus` is refused for --bogus, as
 * `-V --bogus` is); after a command's name, or before it (`--json -V models list`), it is that
 * command's, and refused where commander refuses it.
 */
function versionLine(program: Command, args: readonly string[]): string[] | undefined {
  const without = withoutVersionFlags(args);
  if (without.length === args.length && without.every((word, index) => word === args[index]))
    return undefined;
  const end = without.indexOf("--");
  const options = end === -1 ? without : without.slice(0, end);
  // A command named after a `--` is named all the same (`-V --json -- models list`).
  if (namedCommand(program, withoutKnownOptions(program, without)).path.length > 1) return without;
  return [...options.filter((word) => word !== "--json"), ...without.slice(options.length)];
}

/**
 * Beside a version flag `--json` is the program's option too (`--version --json`): an unknown
 * option near it on a line that names no command (`--version --jsonx`) is told so.
 */
function besideVersion(mistake: UsageMistake, named: NamedCommand): UsageMistake {
  const flag = /^unknown option '(--[^'=]+)'$/.exec(mistake.message)?.[1];
  if (named.path.length > 1 || flag === undefined || mistake.hint.startsWith("did you mean"))
    return mistake;
  if (closestMatches(flag, ["--json"], 1).length === 0) return mistake;
  return { message: mistake.message, hint: `did you mean --json? ${mistake.hint}` };
}

/** Thrown by the probe's preAction hook: commander accepted the line and would run a command. */
class LineAccepted extends Error {}

/**
 * Whether commander refuses `words` (a line without its version flags) as a usage mistake: an
 * unknown option or command, words too many, an argument, a required option or an option's value
 * missing. Parsed by a program of its own whose output goes nowhere and whose commands never run
 * (a hook before every action stops it). Help shown, asked for or for a command named without
 * its subcommand (`models -V`), is no refusal; neither is a line of no words (`-V`, `--json -V`).
 * Checks a command makes when it runs (`gateway --port abc`, a config, a key) are not made:
 * beside a version flag no command runs, and its checks are its own.
 */
async function refusedByCommander(words: readonly string[]): Promise<boolean> {
  if (words.length === 0) return false;
  const probe = buildProgram();
  silence(probe);
  probe.hook("preAction", () => {
    throw new LineAccepted();
  });
  try {
    await probe.parseAsync([...words], { from: "user" });
    return false;
  } catch (error) {
    if (!(error instanceof CommanderError)) return false;
    return error.exitCode !== 0 && error.code !== "commander.help";
  }
}

function silence(command: Command): void {
  command.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  for (const sub of command.commands) silence(sub);
}

/** `agent -m --json`: the option's value is missing, whatever commander would make of it. */
class OptionTakenAsValue extends CommanderError {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(2, "commander.optionMissingArgument", message);
  }
}

/**
 * `agent -m --json` would send the text "--json": said to be the usage mistake it is, in
 * commander's words, before commander parses it.
 */
function refuseOptionTakenAsValue(program: Command, argv: string[]): void {
  // `agent -message hi` would send "essage".
  const glued = findLongWithOneDash(program, argv);
  if (glued !== undefined) {
    const value = glued.word.slice(glued.short.length);
    throw new OptionTakenAsValue(
      `'${glued.word}' is read as ${glued.short} with the value "${value}"`,
      `did you mean ${glued.long}? a long option takes two dashes: ${glued.long} <value>`,
    );
  }
  const found = findOptionTakenAsValue(program, argv);
  if (found === undefined) return;
  throw new OptionTakenAsValue(
    `option '${found.option}' argument missing ('${found.flag}' is an option of this command, not a value)`,
    `give the value after ${found.long}; to pass text that looks like an option, write ${found.long}=${found.flag}`,
  );
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    // Help shown because no subcommand was given (`openclaw models`) is a usage mistake; help
    // asked for with `openclaw help models` is not (commander exits 0 for it).
    if (error.code === "commander.help") return error.exitCode === 0 ? 0 : 2;
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isOpenClawError(error)) return error.exitCode;
  return 1;
}
