/**
 * Every command's --help, read from the program itself: each one shows examples, and no line is
 * wider than a terminal of 100 columns (commander wraps its own columns; our texts must too).
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { findOptionTakenAsValue } from "../../src/cli/option-taken-as-value.js";
import { runCli } from "../helpers/cli.js";

function everyCommand(command: Command, path: string[] = []): Array<[string, Command]> {
  const name = [...path, command.name()].join(" ");
  return [
    [name, command],
    ...command.commands
      .filter((sub) => sub.name() !== "help")
      .flatMap((sub) => everyCommand(sub, [...path, command.name()])),
  ];
}

/** The help text as `--help` prints it, the after-help text included. */
function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: () => {} });
  command.outputHelp();
  return text;
}

describe("--help", () => {
  const commands = everyCommand(buildProgram());

  it("covers every command", () => {
    const names = commands.map(([name]) => name);
    expect(names).toContain("openclaw gateway");
    expect(names).toContain("openclaw models fallbacks clear");
    expect(names).toContain("openclaw config set");
    expect(names.length).toBeGreaterThan(20);
  });

  it.each(commands)("%s shows examples in lines that fit 100 columns", (_name, command) => {
    const help = helpOf(command);
    expect(help).toMatch(/Examples?:\n {2}openclaw /);
    const wide = help.split("\n").filter((line) => line.length > 100);
    expect(wide).toEqual([]);
  });
});

describe("exit codes of help", () => {
  it("asked for, 0; shown because a subcommand is missing, 2 (a usage mistake) with help on stderr", async () => {
    const asked = await runCli(["models", "--help"]);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain("Usage: openclaw models");
    for (const args of [[], ["models"], ["config"], ["models", "aliases"]]) {
      const missing = await runCli(args);
      expect(missing.code, args.join(" ")).toBe(2);
      expect(missing.stdout).toBe("");
      expect(missing.stderr).toContain("Usage: openclaw");
    }
  });

  it("help for a command that does not exist says so and suggests the near one, exit 2", async () => {
    const result = await runCli(["help", "modles"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'modles'");
    expect(result.stderr).toContain("models");
    const known = await runCli(["help", "usage"]);
    expect(known.code).toBe(0);
    expect(known.stdout).toContain("Usage: openclaw usage");
  });
});

describe("a flag where a value belongs", () => {
  it("agent -m --json is a missing message (exit 2), not the text '--json'; with --json a JSON failure on stdout", async () => {
    const result = await runCli(["agent", "-m", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '-m, --message <text>' argument missing");
    expect(result.stderr).toContain("'--json' is an option");
    expect(result.stderr).toContain("--message=--json");
    const failure = JSON.parse(result.stdout) as { ok: boolean; error: { message: string } };
    expect(failure.ok).toBe(false);
    expect(failure.error.message).toContain("argument missing");
  });

  it("finds it in nested commands and leaves --opt=value and values after -- alone", () => {
    const program = buildProgram();
    expect(findOptionTakenAsValue(program, ["usage", "--since", "--json"])).toMatchObject({
      long: "--since",
      flag: "--json",
    });
    expect(findOptionTakenAsValue(program, ["agent", "--message=--json"])).toBeUndefined();
    expect(findOptionTakenAsValue(program, ["agent", "-m", "hi", "--json"])).toBeUndefined();
    expect(findOptionTakenAsValue(program, ["agent", "-m", "--help"])).toMatchObject({
      flag: "--help",
    });
    expect(findOptionTakenAsValue(program, ["agent", "--", "-m", "--json"])).toBeUndefined();
    // A value that is not one of the command's flags is a value, even with a dash.
    expect(findOptionTakenAsValue(program, ["agent", "-m", "-"])).toBeUndefined();
    expect(findOptionTakenAsValue(program, ["agent", "-m", "--jsn"])).toBeUndefined();
  });
});
