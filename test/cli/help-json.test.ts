/**
 * `--help` with `--json` printed the text help, exit 0, where a script waits for JSON: it is one
 * JSON object (command, usage, options with descriptions, commands, examples), for every command,
 * asked for either way (`help models --json`). `help help` is the help of the command it is in.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
}

interface HelpJson {
  command: string;
  usage: string;
  options: { long: string | null; description: string; value: string | null }[];
  commands: { name: string }[];
  examples: string[];
}

describe("--help --json", () => {
  it("models list --help --json: one object a script reads, exit 0", async () => {
    const result = await run(["models", "list", "--help", "--json"]);
    expect(result.code).toBe(0);
    const help = JSON.parse(result.stdout) as HelpJson;
    expect(help.command).toBe("openclaw models list");
    expect(help.usage).toBe("openclaw models list [options]");
    expect(help.options).toContainEqual(
      expect.objectContaining({ long: "--provider", value: "required" }),
    );
    expect(help.options.find((o) => o.long === "--json")?.description).toBe(
      "machine-readable output",
    );
    expect(help.examples.length).toBeGreaterThan(0);
    expect(help.examples.every((example) => example.includes("openclaw"))).toBe(true);
  });

  it("agent: an example written over two lines is one command", async () => {
    const help = JSON.parse((await run(["agent", "--json", "-h"])).stdout) as HelpJson;
    expect(help.examples).toContain(
      `openclaw config set 'models.providers.moonshot.models[0].input' '["text","image"]'`,
    );
    expect(help.examples.some((example) => example.endsWith("\\"))).toBe(false);
  });

  it("a command without --json of its own, and `help <command> --json`, answer alike", async () => {
    const asFlag = await run(["models", "--help", "--json"]);
    const asCommand = await run(["help", "models", "--json"]);
    expect(asFlag.code).toBe(0);
    expect(asCommand.code).toBe(0);
    expect(asCommand.stdout).toBe(asFlag.stdout);
    const help = JSON.parse(asFlag.stdout) as HelpJson;
    expect(help.commands.map((command) => command.name)).toContain("list");
  });

  it("help help shows the program's help, exit 0, as --help does", async () => {
    const helpHelp = await run(["help", "help"]);
    const help = await run(["--help"]);
    expect(helpHelp.code).toBe(0);
    expect(helpHelp.stdout).toBe(help.stdout);
    const nested = await run(["models", "help", "help"]);
    expect(nested.code).toBe(0);
    expect(nested.stdout).toBe((await run(["models", "--help"])).stdout);
    const json = await run(["help", "help", "--json"]);
    expect((JSON.parse(json.stdout) as HelpJson).command).toBe("openclaw");
  });
});
