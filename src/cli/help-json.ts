/**
 * `--help` with `--json` (`models list --help --json`, `help models --json`): the help a script
 * can read, one JSON object on stdout, as every `--json` output is; the text help there would
 * break its parser while the exit said all was well. The same fields for every command.
 */
import type { EventEmitter } from "node:events";
import type { Command, Option } from "commander";
import { globalOptionsOf } from "./global-options.js";

export interface HelpJson {
  /** The command's full name: `openclaw models list`. */
  command: string;
  /** Commander's usage line, without `Usage: `. */
  usage: string;
  description: string;
  /**
   * The command's own options: not the global ones, which the program's text help lists among
   * its Options too but a script reads once, in `globalOptions`.
   */
  options: HelpJsonOption[];
  /** The options every command takes (`--color`, `--no-color`), the program's included. */
  globalOptions: HelpJsonOption[];
  commands: { name: string; usage: string; description: string }[];
  /** The commands of the help's "Examples:" section, each whole (continued lines joined). */
  examples: string[];
}

export interface HelpJsonOption {
  flags: string;
  long: string | null;
  short: string | null;
  /** `required` for `<value>`, `optional` for `[value]`, else null. */
  value: "required" | "optional" | null;
  description: string;
  default: string | null;
}

export function helpJson(command: Command): HelpJson {
  const help = command.createHelp();
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  const global = globalOptionsOf(command);
  return {
    command: names.join(" "),
    usage: [
      ...names.slice(0, -1),
      command.usage() ? `${command.name()} ${command.usage()}` : command.name(),
    ].join(" "),
    description: command.description(),
    options: help
      .visibleOptions(command)
      .filter((option) => !global.includes(option))
      .map(optionJson),
    globalOptions: global.map(optionJson),
    commands: help.visibleCommands(command).map((sub) => ({
      name: sub.name(),
      usage: help.subcommandTerm(sub),
      description: sub.description(),
    })),
    examples: examplesOf(afterHelpText(command)),
  };
}

function optionJson(option: Option): HelpJsonOption {
  return {
    flags: option.flags,
    long: option.long ?? null,
    short: option.short ?? null,
    value: option.required ? "required" : option.optional ? "optional" : null,
    description: option.description,
    default:
      option.defaultValueDescription ??
      (option.defaultValue === undefined ? null : String(option.defaultValue)),
  };
}

/** What the command's `addHelpText("after", …)` writes, unwrapped. */
function afterHelpText(command: Command): string {
  let text = "";
  // A commander Command is an EventEmitter; its typings say only `on`.
  (command as unknown as EventEmitter).emit("afterHelp", {
    error: false,
    command,
    write: (chunk: string) => {
      text += chunk;
    },
  });
  return text;
}

/** The commands under `Examples:`: indented lines, a ` \` line joined with the next. */
export function examplesOf(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^Examples?:\s*$/.test(line));
  if (start === -1) return [];
  const examples: string[] = [];
  let pending: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") continue;
    // The next paragraph (`Config: …`) ends the section.
    if (!/^\s/.test(line) && pending === undefined) break;
    const joined = pending === undefined ? line.trim() : `${pending} ${line.trim()}`;
    if (joined.endsWith(" \\")) pending = joined.slice(0, -2);
    else {
      pending = undefined;
      if (!joined.startsWith("#")) examples.push(joined);
    }
  }
  if (pending !== undefined) examples.push(pending);
  return examples;
}
