/**
 * `--no-color` and `--color[=auto|always|never]` (and `--colour`), on every command, before or
 * after its words. Before, each was a usage mistake (exit 2) whose hint gave NO_COLOR=1 or
 * FORCE_COLOR=1 instead; as no-color.org asks, the flag given for one run now wins over those
 * variables. Terminal cases run the built CLI in a pseudo-terminal; --color=always in a pipe.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { runInTerminal } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

const ESC = "\u001b[";

function state(extra: Record<string, string> = {}): Record<string, string> {
  const dir = tempDir();
  return { OPENCLAW_STATE_DIR: dir, HOME: dir, ...extra };
}

/** A colour code, not a cursor move: `ESC[1m`, `ESC[33m`… */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding colour codes is the point
const COLOUR_CODE = /\u001b\[\d+m/;

describe("--no-color / --color on a terminal", () => {
  it("the table is coloured on a terminal by default (what the flag turns off)", async () => {
    const { code, screen } = await runInTerminal(["models", "list", "--all"], { env: state() });
    expect(code).toBe(0);
    expect(screen).toMatch(COLOUR_CODE);
  });

  it.each([
    [["--no-color", "models", "list", "--all"]],
    [["models", "list", "--all", "--no-color"]],
    [["models", "list", "--color=never", "--all"]],
    [["--no-colour", "models", "list", "--all"]],
  ])("%j: no colour, exit 0", async (args) => {
    const { code, screen } = await runInTerminal(args, { env: state() });
    expect(code).toBe(0);
    expect(screen).toContain("moonshot/kimi-k2.5");
    expect(screen).not.toMatch(COLOUR_CODE);
  });

  it("--color and --color=auto respect NO_COLOR", async () => {
    for (const flag of ["--color", "--color=auto"]) {
      const { code, screen } = await runInTerminal(["models", "list", "--all", flag], {
        env: state({ NO_COLOR: "1" }),
      });
      expect(code, flag).toBe(0);
      expect(screen, flag).toContain("moonshot/kimi-k2.5");
      expect(screen, flag).not.toMatch(COLOUR_CODE);
    }
  });

  it("--no-color turns off stderr's colour too (the error and hint labels)", async () => {
    const coloured = await runInTerminal(["models", "lst"], { env: state() });
    expect(coloured.code).toBe(2);
    expect(coloured.screen).toContain(`${ESC}31merror`);
    const plain = await runInTerminal(["models", "lst", "--no-color"], { env: state() });
    expect(plain.code).toBe(2);
    expect(plain.screen).toContain("error: unknown command 'lst'");
    expect(plain.screen).not.toMatch(COLOUR_CODE);
  });
});

describe("--color=always in a pipe", () => {
  it("colours stdout even with NO_COLOR set, before or after the command words", async () => {
    for (const args of [
      ["models", "list", "--all", "--color=always"],
      ["--color=always", "models", "list", "--all"],
    ]) {
      const result = await runCli(args, { env: state({ NO_COLOR: "1" }) });
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain(`${ESC}1mModel${ESC}22m`);
    }
  });

  it("colours stderr's labels too", async () => {
    const result = await runCli(["models", "lst", "--color=always"], { env: state() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${ESC}31merror${ESC}39m: unknown command 'lst'`);
  });

  it("never puts colour codes into --json output", async () => {
    for (const [args, exit] of [
      [["models", "list", "--all", "--json", "--color=always"], 0],
      [["--color=always", "models", "status", "--json"], 0],
      [["--color=always", "models", "lst", "--json"], 2],
    ] as const) {
      const result = await runCli([...args], { env: state() });
      expect(result.code, args.join(" ")).toBe(exit);
      expect(result.stdout, args.join(" ")).not.toContain("\u001b");
      expect(() => JSON.parse(result.stdout), args.join(" ")).not.toThrow();
    }
  });
});

describe("the value as the next word (--color always)", () => {
  it("--color always / --colour never work as --color=always / --color=never", async () => {
    for (const args of [
      ["models", "list", "--all", "--color", "always"],
      ["--colour", "always", "models", "list", "--all"],
    ]) {
      const result = await runCli(args, { env: state({ NO_COLOR: "1" }) });
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain(`${ESC}1mModel${ESC}22m`);
    }
    const { code, screen } = await runInTerminal(["models", "list", "--colour", "never", "--all"], {
      env: state(),
    });
    expect(code).toBe(0);
    expect(screen).toContain("moonshot/kimi-k2.5");
    expect(screen).not.toMatch(COLOUR_CODE);
  });

  it("a bare --color leaves a next word that is no choice on the line", async () => {
    const named = await runCli(["--color", "models", "list", "--all"], {
      env: state({ NO_COLOR: "1" }),
    });
    expect(named.code).toBe(0);
    expect(named.stdout).toContain("moonshot/kimi-k2.5");
    expect(named.stdout).not.toContain("\u001b");
    const other = await runCli(["models", "list", "--color", "sometimes"], { env: state() });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unexpected argument "sometimes"');
  });

  it("agent -m --color always sends no message: -m has no value (exit 2)", async () => {
    const result = await runCli(["agent", "-m", "--color", "always"], { env: state() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '-m, --message <text>' argument missing");
  });
});

describe("a --color value it does not take", () => {
  it("is a usage mistake (exit 2) naming the flag and the values", async () => {
    const result = await runCli(["models", "list", "--color=sometimes"], { env: state() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: option '--color=sometimes' is not a colour choice\n" +
        "hint: --color takes auto, always, never (--color=never is --no-color; bare --color is auto)\n",
    );
  });

  it("with --json: the same mistake as a JSON error", async () => {
    const result = await runCli(["--colour=sometimes", "models", "status", "--json"], {
      env: state(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string; hint: string };
    };
    expect(failure).toMatchObject({
      ok: false,
      error: {
        code: "usage",
        message: "option '--colour=sometimes' is not a colour choice",
        hint: "--colour takes auto, always, never (--colour=never is --no-color; bare --colour is auto)",
      },
    });
  });
});

describe("--help", () => {
  it("lists --color and --no-color, in the text and in --help --json", async () => {
    const text = await runCli(["--help"], { env: state() });
    expect(text.stdout).toMatch(/^ {2}--color \[when\] +colour: auto/m);
    expect(text.stdout).toMatch(/^ {2}--no-color +no colour/m);
    const json = await runCli(["--help", "--json"], { env: state() });
    const help = JSON.parse(json.stdout) as {
      options: { long: string | null }[];
      globalOptions: { long: string | null }[];
    };
    // In globalOptions only, as every command's --help --json lists them.
    expect(help.globalOptions.map((option) => option.long)).toEqual(["--color", "--no-color"]);
    expect(help.options.map((option) => option.long)).not.toContain("--color");
  });
});
