/**
 * An option no command knows is refused beside `--version` too: commander printed the version the
 * moment it met `--version` (`-V`), before it looked at the rest, so `openclaw --version --jsonx`
 * exited 0 where `openclaw --jsonx` exits 2. `--version` alone, or with `--json`, still works.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } });
}

describe("openclaw --version beside an unknown option", () => {
  it("--version --jsonx: refused as --jsonx alone is, with did-you-mean --json, exit 2", async () => {
    const result = await run(["--version", "--jsonx"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: unknown option '--jsonx'\nhint: did you mean --json? openclaw --help lists the options\n",
    );
  });

  for (const args of [
    ["-V", "--bogus"],
    ["--bogus", "--version"],
  ]) {
    it(`${args.join(" ")}: unknown option '--bogus', exit 2, no version`, async () => {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain(pkg.version);
      expect(result.stderr).toMatch(/^error: unknown option '--bogus'\nhint: /);
    });
  }

  it("a value given to a flag that takes none is refused beside --version as without it", async () => {
    const alone = await run(["models", "list", "--all=1"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^error: unknown option '--all=1'\n/);
    for (const args of [
      ["models", "list", "--all=1", "--version"],
      ["--json=1", "-V"],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain(pkg.version);
      expect(result.stderr).toMatch(
        new RegExp(`^error: unknown option '${args[args.length - 2]}'\n`),
      );
    }
  });

  it("a subcommand's typo before --version is named with that command's help", async () => {
    const result = await run(["models", "list", "--jsonx", "--version"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "hint: did you mean --json? openclaw models list --help lists the options",
    );
  });

  it("beside a help flag, an unknown option is not refused: the line without --version shows help", async () => {
    // Commander shows the help whatever options it does not know: exit 0, not a usage mistake.
    const help = await run(["models", "list", "--bogus", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: openclaw models list");
    for (const args of [
      ["models", "list", "--bogus", "--help", "--version"],
      ["-h", "--bogus", "-V"],
    ]) {
      // Commander answers the version flag as it meets it, before the help flag.
      expect(await run(args)).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    }
  });

  it("a word that names no command is refused as on the line without --version (did-you-mean, exit 2)", async () => {
    for (const [withVersion, without] of [
      [
        ["-V", "models", "lst"],
        ["models", "lst"],
      ],
      [["--version", "extra"], ["extra"]],
      [
        ["models", "aliases", "lst", "--version"],
        ["models", "aliases", "lst"],
      ],
      [
        ["--version", "--json", "bogus"],
        ["--json", "bogus"],
      ],
    ] as const) {
      const expected = await run([...without]);
      expect(expected.code).toBe(2);
      const result = await run([...withVersion]);
      expect(result).toMatchObject({
        code: 2,
        stdout: expected.stdout,
        stderr: expected.stderr,
      });
      expect(result.stdout).not.toContain(`${pkg.version}\n`);
    }
    const typo = await run(["-V", "models", "lst"]);
    expect(typo.stderr).toBe(
      "error: unknown command 'lst'\nhint: did you mean list? openclaw models --help lists the commands\n",
    );
  });

  it("words a command does not take are refused as on the line without --version (exit 2)", async () => {
    for (const [withVersion, without] of [
      [
        ["models", "list", "extra", "--version"],
        ["models", "list", "extra"],
      ],
      [
        ["agent", "-m", "hi", "there", "-V"],
        ["agent", "-m", "hi", "there"],
      ],
      [
        ["-V", "config", "get", "gateway", "port"],
        ["config", "get", "gateway", "port"],
      ],
      [
        ["models", "list", "-V", "--", "x"],
        ["models", "list", "--", "x"],
      ],
    ] as const) {
      const expected = await run([...without]);
      expect(expected.code).toBe(2);
      expect(await run([...withVersion])).toMatchObject({
        code: 2,
        stdout: expected.stdout,
        stderr: expected.stderr,
      });
    }
    const agent = await run(["agent", "-m", "hi", "there", "-V"]);
    expect(agent.stderr).toContain(
      `error: unexpected argument "there": openclaw agent takes no arguments\n`,
    );
  });

  it("--version after a command that exists still prints the version", async () => {
    for (const args of [
      ["models", "--version"],
      ["--version", "models", "list"],
      ["-V", "config", "get", "gateway.port"],
      ["agent", "-m", "hi", "--model", "x", "--version"],
      ["gateway", "--port", "0", "-V"],
    ]) {
      expect(await run(args)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    }
  });

  it("a version flag right after an option that takes a value is not that value: the version, as the line without it is valid", async () => {
    // Commander acts on the version flag wherever it stands; the value is the word after it.
    expect(await run(["models", "list", "--provider", "moonshot"])).toMatchObject({ code: 0 });
    for (const args of [
      ["models", "list", "--provider", "-V", "moonshot"],
      ["agent", "-m", "--version", "hi"],
      ["onboard", "--auth-choice", "-V", "kimi-code-api-key"],
    ]) {
      // They were refused for an 'unexpected argument' (the value read as a word too many).
      expect(await run(args)).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    }
  });

  it("a line missing an argument, a required option or an option's value is refused as without --version", async () => {
    for (const [withVersion, without] of [
      [
        ["-V", "models", "set"],
        ["models", "set"],
      ],
      [
        ["config", "set", "gateway.port", "--version"],
        ["config", "set", "gateway.port"],
      ],
      [
        ["--version", "models", "fallbacks", "add", "--json"],
        ["models", "fallbacks", "add", "--json"],
      ],
      [["agent", "-V"], ["agent"]],
      [
        ["models", "list", "--provider", "-V"],
        ["models", "list", "--provider"],
      ],
      [
        ["agent", "--model", "-V", "-m", "hi"],
        ["agent", "--model", "-m", "hi"],
      ],
    ] as const) {
      const expected = await run([...without]);
      expect(expected.code).toBe(2);
      // They printed the version and exited 0.
      expect(await run([...withVersion])).toMatchObject({
        code: 2,
        stdout: expected.stdout,
        stderr: expected.stderr,
      });
    }
    expect((await run(["-V", "models", "set"])).stderr).toMatch(
      /^error: missing required argument 'model'\n/,
    );
  });

  it("the words too many beside a version flag after an option's value are named as without it", async () => {
    const without = await run(["models", "list", "--provider", "moonshot", "extra"]);
    expect(without.stderr).toMatch(/^error: unexpected argument "extra": /);
    // It named "moonshot" too, the version flag read as --provider's value.
    expect(await run(["models", "list", "--provider", "-V", "moonshot", "extra"])).toMatchObject({
      code: 2,
      stdout: "",
      stderr: without.stderr,
    });
  });

  it("with --json, the refusal is one JSON object on stdout", async () => {
    const result = await run(["--version", "--json", "--bogus"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string } };
    expect(report.ok).toBe(false);
    expect(report.error.message).toBe("unknown option '--bogus'");
  });

  it("--version alone, with --json, or with options a command on the line has: still the version", async () => {
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const json = await run(["--version", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: pkg.version });
    const sub = await run(["models", "list", "--json", "--version"]);
    expect(sub.code).toBe(0);
    expect(JSON.parse(sub.stdout)).toMatchObject({ version: pkg.version });
    // After `--` a word is a value, and a value of an option is no option.
    expect(await run(["config", "get", "--version", "--", "--jsonx"])).toMatchObject({ code: 0 });
    expect(await run(["agent", "-m", "-x", "--version"])).toMatchObject({ code: 0 });
  });

  it("--json before the command it belongs to is refused beside a version flag as without it", async () => {
    for (const [withVersion, without] of [
      [
        ["--json", "-V", "models", "list"],
        ["--json", "models", "list"],
      ],
      [
        ["models", "--json", "--version"],
        ["models", "--json"],
      ],
      [
        ["-V", "--json", "--port", "0", "gateway"],
        ["--json", "--port", "0", "gateway"],
      ],
      [
        ["--version", "--", "--jsonx"],
        ["--", "--jsonx"],
      ],
    ] as const) {
      const expected = await run([...without]);
      expect(expected.code).toBe(2);
      // The first three printed the version (as JSON) and exited 0.
      expect(await run([...withVersion])).toMatchObject({
        code: 2,
        stdout: expected.stdout,
        stderr: expected.stderr,
      });
    }
    const report = JSON.parse((await run(["--json", "-V", "models", "list"])).stdout) as {
      error: { message: string };
    };
    expect(report.error.message).toBe(
      "option '--json' comes before the command it belongs to (openclaw models list)",
    );
  });

  it("a value a command checks when it runs is not checked beside a version flag: no command runs", async () => {
    // `gateway --port abc` is refused by gateway's action, not by commander's reading of the line.
    expect((await run(["gateway", "--port", "abc"])).code).toBe(2);
    expect(await run(["gateway", "--port", "abc", "-V"])).toMatchObject({
      code: 0,
      stdout: `${pkg.version}\n`,
      stderr: "",
    });
  });

  it("a version flag after help is read as anywhere else: the words after it are not dropped", async () => {
    // `help -V models 8080` showed the whole help (exit 0), the words after -V unread, where
    // `help models 8080` and `-V help models 8080` are refused for 8080.
    for (const args of [
      ["help", "-V", "models", "8080"],
      ["help", "models", "--version", "8080"],
      ["-V", "help", "models", "8080"],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr, args.join(" ")).toMatch(/^error: unknown command '8080'\nhint: /);
    }
    // `help -V` is the version, as `-V help` and `--help -V` are.
    for (const args of [
      ["help", "-V"],
      ["help", "--version", "models"],
      ["-V", "help"],
    ])
      expect(await run(args), args.join(" ")).toMatchObject({
        code: 0,
        stdout: `${pkg.version}\n`,
        stderr: "",
      });
  });
});

describe("a `--` before the command's name", () => {
  // Commander still finds the command in the first words after `--` (`-- models list` lists the
  // models); the line was read as naming none, so `--json -- x` said "unknown option '--json'"
  // where `--json x` says "unknown command 'x'", and `-V --json -- models list` printed the
  // version where the line without -V is refused.
  it("--version -V --version --json -- x: unknown command 'x', as the line without the flags", async () => {
    const plain = await run(["--json", "x"]);
    const ended = await run(["--json", "--", "x"]);
    const versioned = await run(["--version", "-V", "--version", "--json", "--", "x"]);
    for (const result of [plain, ended, versioned]) {
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: false,
        error: { message: "unknown command 'x'", hint: "openclaw --help lists the commands" },
      });
    }
  });

  it("-V --json -- models list: refused as --json -- models list is, not the version", async () => {
    const without = await run(["--json", "--", "models", "list"]);
    expect(without.code).toBe(2);
    expect(JSON.parse(without.stdout)).toMatchObject({
      error: {
        message: "option '--json' comes before the command it belongs to (openclaw models list)",
      },
    });
    expect(await run(["-V", "--json", "--", "models", "list"])).toMatchObject({
      code: 2,
      stdout: without.stdout,
      stderr: without.stderr,
    });
    // Without --json the line is one commander runs: the version is printed.
    expect(await run(["-V", "--", "models", "list"])).toMatchObject({
      code: 0,
      stdout: `${pkg.version}\n`,
    });
  });

  it("-- models set a b: the words too many are named for 'models set', with its help", async () => {
    const result = await run(["--", "models", "set", "a", "b"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: unexpected argument "b": openclaw models set takes <model>\nhint: .*openclaw models set --help shows how to use it\)\n$/,
    );
  });
});
