/**
 * The options every command takes: `--color[=when]` and `--no-color` (colour-option.ts reads
 * them off the line before commander parses it). The program declares them, so that
 * `openclaw --help` lists them in its Options; every other command's help ends with one line
 * naming them, and its `--help --json` lists them as `globalOptions`, both made here from the
 * program's own declarations, so that none of them can drift from the others.
 */
import type { Command, Option } from "commander";
import { COLOUR_CHOICES } from "./colour-option.js";

/** The long flags of the program's options that every command takes. */
export const GLOBAL_FLAGS: readonly string[] = ["--color", "--no-color"];

/** Declares the global options on the program, for its own --help. */
export function declareGlobalOptions(program: Command): Command {
  return program
    .option(
      "--color [when]",
      "colour: auto (on a terminal, not with NO_COLOR), always (in a pipe too, over NO_COLOR) or never; every command takes it",
    )
    .option("--no-color", "no colour (--color=never)");
}

/** The program's options that every command takes, as the program declares them. */
export function globalOptionsOf(command: Command): Option[] {
  let program = command;
  while (program.parent !== null) program = program.parent;
  return program.options.filter((option) => GLOBAL_FLAGS.includes(option.long ?? ""));
}

/** The line that ends every command's help but the program's (whose Options list them). */
export const GLOBAL_OPTIONS_LINE = `Global options (every command): --no-color, --color[=${COLOUR_CHOICES.join("|")}] (or --colour). With --json, --help prints this help as JSON.`;

/** Ends the help of every command under `program` with GLOBAL_OPTIONS_LINE. */
export function addGlobalOptionsLine(program: Command): void {
  for (const command of program.commands) {
    command.addHelpText("after", `\n${GLOBAL_OPTIONS_LINE}`);
    addGlobalOptionsLine(command);
  }
}
