/**
 * Every command's --help, read from the program itself: each one shows examples, and no line is
 * wider than a terminal of 100 columns (commander wraps its own columns; our texts must too).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { findOptionTakenAsValue } from "../../src/cli/option-taken-as-value.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { RETIRED_SIM_MODELS } from "../simulator/models.js";

function everyCommand(command: Command, path: string[] = []): Array<[string, Command]> {
  const name = [...path, command.name()].join(" ");
  return [
    [name, command],
    ...command.commands
      .filter((sub) => sub.name() !== "help")
      .flatMap((sub) => everyCommand(sub, [...path, command.name()])),
  ];
}

/** The help text as `--help` prints it on a terminal `width` columns wide, after-help included. */
function helpOf(command: Command, width = 80): string {
  let text = "";
  command.configureOutput({
    writeOut: (chunk) => (text += chunk),
    writeErr: () => {},
    getOutHelpWidth: () => width,
  });
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

  it("gateway --help does not promise that the first --json line is the listening event", () => {
    const gateway = commands.find(([name]) => name === "openclaw gateway")?.[1] as Command;
    const help = helpOf(gateway, 200);
    expect(help).not.toMatch(/the first is \{"event":"listening"/);
    // A first start writes token_created before listening (test/gateway/cli.test.ts sees it).
    expect(help).toContain('"listening" is not always the first');
    expect(help).toContain('"token_created"');
  });

  it("gateway --help says --log-requests also logs a path the gateway does not serve, as the guide does", () => {
    const gateway = commands.find(([name]) => name === "openclaw gateway")?.[1] as Command;
    const option = gateway.options.find((flag) => flag.long === "--log-requests");
    // The guide: "one line per finished chat request (and refused path), on stderr"; a client
    // with a wrong base URL shows only "HTTP 404", and this line is where its user finds why.
    expect(option?.description).toContain("a path it does not serve");
    expect(option?.description).toContain("on stderr");
  });

  it("gateway --help names every route of the guide's routes table", () => {
    const gateway = commands.find(([name]) => name === "openclaw gateway")?.[1] as Command;
    const help = helpOf(gateway, 200).replace(/\s+/g, " ");
    const guide = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8");
    const table = guide.slice(guide.indexOf("| Route | What |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const paths = rows.flatMap((row) => row.split("|")[1]?.match(/\/[\w/{}.]+/g) ?? []);
    expect(paths).toContain("/v1/messages");
    for (const path of paths) expect(help, path).toContain(` ${path}`);
  });

  it("gateway --help says where the token comes from, with an example of setting one's own", () => {
    const gateway = commands.find(([name]) => name === "openclaw gateway")?.[1] as Command;
    const help = helpOf(gateway, 200);
    // gateway.auth.token, which a first start saves and which wins over the variable (59d61040).
    expect(help).toMatch(/\n {2}openclaw config set gateway\.auth\.token .+/);
    expect(help.replace(/\s+/g, " ")).toContain(
      "gateway.auth.token, else with OPENCLAW_GATEWAY_TOKEN (read from the shell, else from the config's env block)",
    );
  });

  it("no example names a model Moonshot retired (a config copied from one gets 404s)", () => {
    const retired = RETIRED_SIM_MODELS.map((model) => model.id);
    for (const [name, command] of commands) {
      const exampleLines = helpOf(command, 200)
        .split("\n")
        .filter((line) => /^ {2}openclaw /.test(line));
      for (const line of exampleLines)
        for (const id of retired)
          expect(line, name).not.toMatch(new RegExp(`/${id.replace(/[.]/g, "\\.")}\\b(?!-)`));
    }
  });

  it("no option shows its default as a quoted string (agent --max-rounds says 8, a number)", () => {
    for (const [name, command] of commands) {
      expect(helpOf(command, 200), name).not.toMatch(/\(default: "/);
    }
    const usage = commands.find(([name]) => name === "openclaw usage")?.[1] as Command;
    expect(helpOf(usage, 200)).toContain("(default: 7d)");
    expect(helpOf(usage, 200)).toContain("(default: model)");
    const onboard = commands.find(([name]) => name === "openclaw onboard")?.[1] as Command;
    expect(helpOf(onboard, 200)).toContain("(default: plaintext)");
    const agent = commands.find(([name]) => name === "openclaw agent")?.[1] as Command;
    expect(helpOf(agent, 200)).toMatch(
      /--max-rounds <n> +model calls allowed when tools are used \(default: 8\)/,
    );
  });

  it.each(commands)(
    "%s shows examples, its prose fitting an 80-column terminal",
    (_name, command) => {
      const help = helpOf(command, 80);
      expect(help).toMatch(/Examples?:\n {2}openclaw /);
      // Prose is reflowed to the terminal, never broken mid-word; an example is a command line
      // to copy, kept whole, its comment put under it when both do not fit (each one is written
      // to fit 80 columns).
      const lines = help.split("\n");
      expect(lines.filter((line) => line.length > 80)).toEqual([]);
      // Reflowing drops no word: the text at 200 columns has the same words.
      expect(help.split(/\s+/).join(" ")).toBe(helpOf(command, 200).split(/\s+/).join(" "));
    },
  );

  it.each(commands)(
    "%s indents an example's continuation after a backslash by 6, as every command does",
    (_name, command) => {
      // config set's first example went on 4 spaces in and its second 6.
      const help = helpOf(command, 200);
      const lines = help.slice(Math.max(0, help.indexOf("Examples:\n"))).split("\n");
      lines.forEach((line, i) => {
        if (lines[i - 1]?.startsWith("  ") && lines[i - 1]?.endsWith(" \\")) {
          expect(line).toMatch(/^ {6}\S/);
        }
      });
    },
  );

  it.each(commands)(
    "%s puts an example's comment that does not fit under its command, never the comment's end",
    (_name, command) => {
      // gateway's `--log-requests  # 12:00:01  200  moonshot/kimi-k2.5  842 ms …` has double
      // spaces inside its comment: it was laid out as a table row, the comment's tail wrapped
      // alone under its middle.
      for (const width of [80, 60]) {
        const help = helpOf(command, width);
        const start = help.indexOf("Examples:\n");
        if (start < 0) continue;
        const block = help.slice(start).split("\n").slice(1);
        const examples = block.slice(0, block.indexOf(""));
        examples.forEach((line, i) => {
          // Further lines are a comment, or a command's continuation after a backslash.
          if (/^ {3}/.test(line) && !examples[i - 1]?.endsWith("\\")) {
            expect(line, `${width} columns`).toMatch(/^ {3,}# /);
          }
        });
      }
    },
  );

  it.each(commands)(
    "%s fits a 60-column terminal but for its example command lines",
    (_name, command) => {
      // Too narrow for a column beside each option: descriptions go under the option instead.
      const help = helpOf(command, 60);
      const examples = help.indexOf("Example");
      const body = examples < 0 ? help : help.slice(0, examples);
      expect(body.split("\n").filter((line) => line.length > 60)).toEqual([]);
      // No word lost (an example's comment that wraps starts its next line with another "#",
      // an example command that goes on over more lines ends each but its last in "\").
      const words = (text: string) =>
        text
          .split(/\s+/)
          .filter((word) => word !== "#" && word !== "\\")
          .join(" ");
      expect(words(help)).toBe(words(helpOf(command, 200)));
    },
  );

  it.each([
    ["openclaw models list", "Tags:"],
    ["openclaw chat", "In the chat:"],
  ])("%s --help keeps its table (%s) indented and within 40 columns", (name, heading) => {
    const command = commands.find(([each]) => each === name)?.[1] as Command;
    const help = helpOf(command, 40);
    const start = help.indexOf(heading);
    const rows = help.slice(start).split("\n").slice(1);
    const section = rows.slice(
      0,
      rows.findIndex((line) => !line.startsWith(" ")),
    );
    expect(section.length).toBeGreaterThan(4);
    for (const line of section) {
      expect(line.length, line).toBeLessThanOrEqual(40);
      expect(line, "indented").toMatch(/^ {2}\S|^ {6}\S/);
    }
  });

  it("models list --help explains every tag the list can show (not allowed, unusable, …)", () => {
    const list = commands.find(([name]) => name === "openclaw models list")?.[1] as Command;
    const help = helpOf(list, 200);
    // The tags are the ones models-view writes: a new tag without a line here fails this test.
    const source = readFileSync(
      join(import.meta.dirname, "../../src/onboard/models-view.ts"),
      "utf8",
    );
    const tags = [...source.matchAll(/tags\.push\(["`]([^"`$#:]+)/g)].map((match) => match[1]);
    expect(tags).toEqual(
      expect.arrayContaining(["default", "configured", "missing", "unusable", "not allowed"]),
    );
    const tagsSection = help.slice(help.indexOf("Tags:"));
    for (const tag of tags) expect(tagsSection, tag).toMatch(new RegExp(`\\n {2}${tag}\\b.* \\w`));
    expect(tagsSection).toContain("not allowed       agents.defaults.models lists other models");
  });
});

describe("help width", () => {
  it("piped, --help is laid out for $COLUMNS (else 80), as on a terminal that wide", async () => {
    const wide = await runCli(["onboard", "--help"], { env: { COLUMNS: "120" } });
    expect(wide.stdout).toContain(
      "  --non-interactive           do not prompt; take everything from flags and the environment\n",
    );
    const narrow = await runCli(["models", "list", "--help"], { env: { COLUMNS: "50" } });
    const body = narrow.stdout.slice(0, narrow.stdout.indexOf("Examples:"));
    expect(body.split("\n").filter((line) => line.length > 50)).toEqual([]);
    expect(body).toContain("  --all\n      every model in the catalog");
    const unset = await runCli(["onboard", "--help"]);
    expect(unset.stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
    expect(unset.stdout).toContain(
      "  --non-interactive           do not prompt; take everything from flags and the\n",
    );
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

  it("every command group, the program too, run bare behaves alike: help on stderr, exit 2; --help on stdout, exit 0; --json a JSON usage error", async () => {
    // Read from the program: a group added later is held to the same rule.
    const groups = everyCommand(buildProgram())
      .filter(([, command]) => command.commands.some((sub) => sub.name() !== "help"))
      .map(([name]) => name.split(" ").slice(1));
    expect(groups.map((words) => words.join(" "))).toEqual(
      expect.arrayContaining(["", "models", "models aliases", "models fallbacks", "config"]),
    );
    for (const words of groups) {
      const usage = `Usage: ${["openclaw", ...words].join(" ")} [options] [command]`;
      const bare = await runCli(words);
      expect(bare.code, words.join(" ")).toBe(2);
      expect(bare.stdout, words.join(" ")).toBe("");
      expect(bare.stderr.startsWith(usage), words.join(" ")).toBe(true);
      const asked = await runCli([...words, "--help"]);
      expect(asked.code, words.join(" ")).toBe(0);
      expect(asked.stderr).toBe("");
      expect(asked.stdout.startsWith(usage), words.join(" ")).toBe(true);
      const json = await runCli([...words, "--json"]);
      expect(json.code, words.join(" ")).toBe(2);
      expect(json.stderr).toBe("");
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: "usage" } });
    }
  });

  it("help for a nested command shows that command's help", async () => {
    for (const args of [
      ["help", "models", "aliases"],
      ["models", "help", "aliases"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toContain("Usage: openclaw models aliases");
    }
  });

  it("help for a nested command that does not exist says unknown command, suggests, exit 2", async () => {
    for (const [args, unknown, near, help] of [
      [["help", "models", "lst"], "lst", "list", "openclaw models --help"],
      [["models", "help", "lst"], "lst", "list", "openclaw models --help"],
      [["config", "help", "sett"], "sett", "set", "openclaw config --help"],
      [["models", "help", "bogus"], "bogus", undefined, "openclaw models --help"],
    ] as const) {
      const result = await runCli([...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      // One error line and one hint, not the whole help.
      expect(result.stderr.trim().split("\n")).toEqual([
        `error: unknown command '${unknown}'`,
        expect.stringMatching(/^hint: /),
      ]);
      if (near) expect(result.stderr).toContain(`did you mean ${near}?`);
      expect(result.stderr).toContain(help);
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

describe("help for a command given with its arguments", () => {
  it("shows that command's help and runs nothing (help models set X leaves the config alone)", async () => {
    const dir = tempDir();
    const configPath = join(dir, "openclaw.json");
    const written =
      '{ agents: { defaults: { model: "moonshot/kimi-k2.5" } }, gateway: { port: 18789 } }\n';
    writeFileSync(configPath, written);
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    for (const args of [
      ["help", "models", "set", "moonshot/kimi-k2-thinking"],
      ["models", "help", "set", "moonshot/kimi-k2-thinking"],
      ["help", "config", "unset", "gateway.port"],
      ["help", "config", "set", "gateway.port", "1"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toContain(
        `Usage: openclaw ${args
          .filter((a) => a !== "help")
          .slice(0, 2)
          .join(" ")}`,
      );
      expect(readFileSync(configPath, "utf8")).toBe(written);
    }
  });
});

describe("a flag where a value belongs", () => {
  it("agent -m --json is a missing message (exit 2), not the text '--json'; with --json a JSON failure on stdout", async () => {
    const result = await runCli(["agent", "-m", "--json"]);
    expect(result.code).toBe(2);
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { message: string; hint: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.message).toContain("option '-m, --message <text>' argument missing");
    expect(failure.error.message).toContain("'--json' is an option");
    expect(failure.error.hint).toContain("--message=--json");
    // With --json the failure is said on stdout only.
    expect(result.stderr).toBe("");
    const noSession = await runCli(["agent", "--json", "--session-id", "--json", "-m", "hi"]);
    expect(noSession.code).toBe(2);
    expect(JSON.parse(noSession.stdout)).toMatchObject({ ok: false, sessionId: null });
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

describe("commander's usage errors", () => {
  it("come with a hint: the near command or option, else the right --help", async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [
        ["modls"],
        "error: unknown command 'modls'",
        /^hint: did you mean models\? openclaw --help/m,
      ],
      [["models", "list", "--al"], "error: unknown option '--al'", /^hint: did you mean --all\?/m],
      [["usage", "--since"], "argument missing", /^hint: .*openclaw usage --help/m],
      [
        ["models", "set"],
        "missing required argument 'model'",
        /^hint: .*openclaw models set --help/m,
      ],
      [["-v"], "error: unknown option '-v'", /^hint: did you mean -V \(--version\)\?/m],
      [
        ["version"],
        "error: unknown command 'version'",
        /^hint: did you mean --version\? openclaw --help lists the commands$/m,
      ],
      [
        ["agent", "Hello"],
        "required option '-m, --message <text>'",
        /^hint: the message goes after -m: openclaw agent -m "Hello"/m,
      ],
      // A mistyped -m is the mistake to name, not the -m it left out.
      [
        ["agent", "--mesage", "Hello"],
        "error: unknown option '--mesage'",
        /^hint: did you mean --message\? openclaw agent --help lists the options$/m,
      ],
      [
        ["agent", "--mesage=Hello", "--model", "moonshot/kimi-k2.5"],
        "error: unknown option '--mesage'",
        /^hint: did you mean --message\?/m,
      ],
      [["agent", "--bogus"], "error: unknown option '--bogus'", /^hint: openclaw agent --help/m],
    ];
    for (const [args, error, hint] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(error);
      expect(result.stderr).toMatch(hint);
      // Said once, as a hint, not in commander's own words.
      expect(result.stderr).not.toContain("(Did you mean");
    }
  });
});
