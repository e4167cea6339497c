/**
 * Options typed nearly right that commander finds no did-you-mean for: a long option with one
 * dash (`-json`, read as -j -s -o -n), in capitals (`--JSON`), a flag given a value
 * (`--json=true`), and an option whose dash a word processor or chat window turned into an en or
 * em dash (`—json`), which the shell hands over as a word, so it was an unexpected argument or an
 * unknown command with no word on what was wrong. Runs the built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } });
}

describe("an option typed nearly right", () => {
  it.each([
    [["models", "list", "-json"], "--json"],
    [["gateway", "-port", "0"], "--port"],
    [["models", "list", "--JSON"], "--json"],
    [["-version"], "--version"],
  ])("%j: did you mean %s, exit 2", async (args, option) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: unknown option '${args.find((word) => word.startsWith("-"))}'\\nhint: did you mean ${option}\\? `,
      ),
    );
  });

  it("--json=true: --json takes no value", async () => {
    const result = await run(["models", "list", "--json=true"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: unknown option '--json=true'\n" +
        "hint: --json takes no value: write --json alone; openclaw models list --help lists the options\n",
    );
  });

  it("an en or em dash before an option's name: said, with the option in ASCII dashes", async () => {
    const extra = await run(["models", "list", "\u2014json"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe(
      'error: unexpected argument "\u2014json": openclaw models list takes no arguments\n' +
        'hint: "\u2014json" starts with "\u2014", a dash that is not "-" (word processors and chat windows type it): write --json (openclaw models list --help lists the options)\n',
    );
    const command = await run(["\u2013version"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("write --version (openclaw --help lists the options)");
    const short = await run(["agent", "-m", "hi", "\u2013m"]);
    expect(short.stderr).toContain("write -m (openclaw agent --help lists the options)");
  });

  it("a word after a dash-like character that names no option keeps the hint for what it is", async () => {
    // A word of a message the shell split, not an option: '--world' is none.
    const message = await run(["agent", "-m", "hello", "\u2014world"]);
    expect(message.code).toBe(2);
    expect(message.stderr).toBe(
      'error: unexpected argument "\u2014world": openclaw agent takes no arguments\n' +
        'hint: a message of several words goes in quotes: openclaw agent -m "hello \u2014world" (openclaw agent --help shows how to use it)\n',
    );
    // Curly quotes around it: the shell took them for letters, which is what is said.
    const curly = await run(["agent", "-m", "\u201chello", "\u2014world\u201d"]);
    expect(curly.stderr).toContain("the shell takes \u201c and \u201d for letters, not quotes");
    expect(curly.stderr).not.toContain("write --world");
    // A command's name: its did-you-mean, not an option '--models' no command has.
    const command = await run(["\u2014models", "list"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe(
      "error: unknown command '\u2014models'\nhint: did you mean models? openclaw --help lists the commands\n",
    );
    // chat has no -m.
    const chat = await run(["chat", "\u2014m"]);
    expect(chat.stderr).not.toContain("write -m");
  });

  it("agent -message hi: refused, not sent as the text 'essage' (-m with its value glued)", async () => {
    // Commander read -message as -m essage: 'hi' was an extra word, and '-message' alone sent
    // "essage" to the model.
    for (const args of [
      ["agent", "-message", "hi"],
      ["agent", "-message"],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: '-message' is read as -m with the value "essage"\n` +
          "hint: did you mean --message? a long option takes two dashes: --message <value>\n",
      );
    }
    const json = await run(["agent", "-message", "hi", "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: "usage" } });
  });

  it("a word no option is near still gets no guess", async () => {
    const result = await run(["models", "list", "--zzzzzz"]);
    expect(result.stderr).toBe(
      "error: unknown option '--zzzzzz'\nhint: openclaw models list --help lists the options\n",
    );
  });
});
