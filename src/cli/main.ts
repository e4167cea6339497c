import { Command, CommanderError } from "commander";
import { isOpenClawError } from "../errors.js";
import { VERSION } from "../version.js";
import { printAgentUsageErrorAsJson } from "./commands/agent.js";
import { COMMANDS } from "./commands/index.js";
import { findOptionTakenAsValue } from "./option-taken-as-value.js";
import { printError, tolerateClosedPipes } from "./output.js";

export function buildProgram(): Command {
  const program = new Command("openclaw")
    .description("Moonshot K2 and Kimi Code as separate providers: CLI, gateway and library.")
    .version(VERSION, "-V, --version", "print the version")
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: true })
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
  for (const register of COMMANDS) register(program);
  return program;
}

/** Exit codes: 0 ok, 1 failure, 2 usage. */
export async function main(argv: string[]): Promise<void> {
  tolerateClosedPipes();
  const program = buildProgram();
  try {
    refuseOptionTakenAsValue(program, argv);
    await program.parseAsync(helpForUnknownAsCommand(program, argv), { from: "user" });
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    if (error instanceof CommanderError) {
      // Commander already printed its message; `agent --json` owes one JSON object on stdout too.
      if (process.exitCode === 2) await printAgentUsageErrorAsJson(argv, error);
      return;
    }
    printError(error);
  }
}

/**
 * `agent -m --json` would send the text "--json": said to be the usage mistake it is, in
 * commander's words, before commander parses it.
 */
function refuseOptionTakenAsValue(program: Command, argv: string[]): void {
  const found = findOptionTakenAsValue(program, argv);
  if (found === undefined) return;
  const message = `error: option '${found.option}' argument missing ('${found.flag}' is an option of this command, not a value)`;
  process.stderr.write(
    `${message}\nhint: give the value after ${found.long}; to pass text that looks like an option, write ${found.long}=${found.flag}\n`,
  );
  throw new CommanderError(2, "commander.optionMissingArgument", message);
}

/**
 * `openclaw help bogus` would show the root help without saying why; parsed as `openclaw bogus`
 * instead, commander says "unknown command 'bogus'" with its did-you-mean, and it exits 2.
 */
function helpForUnknownAsCommand(program: Command, argv: string[]): string[] {
  const [first, wanted] = argv;
  if (first !== "help" || wanted === undefined || wanted.startsWith("-")) return argv;
  const known = program.commands.some((c) => c.name() === wanted || c.aliases().includes(wanted));
  return known ? argv : [wanted];
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
