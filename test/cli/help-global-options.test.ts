/**
 * A command's own --help did not name the options every command takes (`--no-color`,
 * `--color[=when]`): only `openclaw --help` listed them. Every other command's help now ends with
 * one line naming them, and every command's `--help --json` lists them as `globalOptions`, as the
 * program declares them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir, ...env } });
}

interface HelpJson {
  command: string;
  options: { long: string | null }[];
  globalOptions?: { long: string | null; flags: string; description: string }[];
  commands: { name: string }[];
}

/** Every command's help as JSON, the program's first, found through each one's `commands`. */
async function everyCommandHelp(): Promise<HelpJson[]> {
  const found: HelpJson[] = [];
  let level: string[][] = [[]];
  while (level.length > 0) {
    const helps = await Promise.all(
      level.map(async (path) => {
        const result = await run([...path, "--help", "--json"]);
        expect(result.code, `${path.join(" ")}: ${result.stderr}`).toBe(0);
        return { path, help: JSON.parse(result.stdout) as HelpJson };
      }),
    );
    found.push(...helps.map(({ help }) => help));
    level = helps.flatMap(({ path, help }) =>
      help.commands.filter((sub) => sub.name !== "help").map((sub) => [...path, sub.name]),
    );
  }
  return found;
}

const LINE =
  "Global options (every command): --no-color, --color[=auto|always|never] (or --colour). With --json, --help prints this help as JSON.";

describe("the options every command takes, in every command's help", () => {
  let helps: HelpJson[];
  beforeAll(async () => {
    helps = await everyCommandHelp();
  }, 60_000);

  it("every command's --help but the program's ends with the global options line", async () => {
    expect(helps.length).toBeGreaterThan(20);
    const texts = await Promise.all(
      helps.map(async ({ command }) => {
        const words = command.split(" ").slice(1);
        const result = await run([...words, "--help"], { COLUMNS: "200" });
        return { command, code: result.code, text: result.stdout };
      }),
    );
    for (const { command, code, text } of texts) {
      expect(code, command).toBe(0);
      if (command === "openclaw") {
        expect(text).not.toContain("Global options");
        expect(text).toMatch(/^ {2}--color \[when\] /m);
      } else {
        expect(text.trimEnd().endsWith(LINE), command).toBe(true);
      }
    }
  });

  it("wrapped at 40 columns, the line keeps each flag whole", async () => {
    const result = await run(["models", "list", "--help"], { COLUMNS: "40" });
    expect(result.code).toBe(0);
    const tail = result.stdout.trimEnd().split("\n").slice(-4);
    expect(tail).toEqual([
      "Global options (every command):",
      "--no-color, --color[=auto|always|never]",
      "(or --colour). With --json, --help",
      "prints this help as JSON.",
    ]);
  });

  it("--help --json lists them as globalOptions for every command, the program's included", () => {
    const program = helps.find((help) => help.command === "openclaw");
    const declared = program?.globalOptions;
    expect(declared?.map((option) => option.long)).toEqual(["--color", "--no-color"]);
    for (const help of helps) {
      expect(help.globalOptions, help.command).toEqual(declared);
    }
  });

  it("--help --json lists each option once: a global one in globalOptions, not in options", () => {
    // `openclaw --help --json` listed --color and --no-color in its options too (its text help
    // lists them among its Options), so a script reading both saw them twice.
    const program = helps.find((help) => help.command === "openclaw");
    expect(program?.options.map((option) => option.long)).toEqual(["--version", "--help"]);
    for (const help of helps) {
      const own = help.options.map((option) => option.long);
      for (const global of help.globalOptions ?? [])
        expect(own, `${help.command}: ${global.long}`).not.toContain(global.long);
    }
  });
});
