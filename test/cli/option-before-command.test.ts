/**
 * An option of a command written before that command's name (`openclaw --json models list`) is
 * refused by the command above it, which has no such option. "unknown option '--json'" beside a
 * help page that lists --json read as if the command had none: the refusal says where it goes.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } });
}

describe("an option written before the command it belongs to", () => {
  it("models --all list: says --all goes after 'models list', exit 2", async () => {
    const result = await run(["models", "--all", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: option '--all' comes before the command it belongs to (openclaw models list)\n" +
        "hint: put it after the command's name: openclaw models list --all … (openclaw models list --help lists the options)\n",
    );
  });

  it("--json models list: the same, as one JSON object on stdout", async () => {
    const result = await run(["--json", "models", "list"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { message: string; hint: string };
    };
    expect(report.ok).toBe(false);
    expect(report.error.message).toBe(
      "option '--json' comes before the command it belongs to (openclaw models list)",
    );
    expect(report.error.hint).toContain("openclaw models list --json");
  });

  it("--port 0 gateway: the value did not hide 'gateway'; the hint gives the value back", async () => {
    const result = await run(["--port", "0", "gateway"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: option '--port' comes before the command it belongs to (openclaw gateway)\n" +
        "hint: put it after the command's name: openclaw gateway --port 0 … (openclaw gateway --help lists the options)\n",
    );
  });

  it("--model <ref> agent -m hi: said of agent, with the ref in the line that works", async () => {
    const result = await run(["--model", "moonshot/kimi-k2.5", "agent", "-m", "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: option '--model' comes before the command it belongs to (openclaw agent)\n" +
        "hint: put it after the command's name: openclaw agent --model moonshot/kimi-k2.5 … (openclaw agent --help lists the options)\n",
    );
  });

  it("a value with a space is quoted in the line that works", async () => {
    const result = await run(["models", "--provider", "moon shot", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("openclaw models list --provider 'moon shot' …");
  });

  it("--json --port 0 gateway: both options said to be misplaced, with the line that works", async () => {
    const result = await run(["--json", "--port", "0", "gateway"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    // It said "unknown option '--json'", hint: openclaw --help lists the options.
    expect(report.error).toMatchObject({
      message:
        "options '--json' and '--port' come before the command they belong to (openclaw gateway)",
      hint: "put them after the command's name: openclaw gateway --json --port 0 … (openclaw gateway --help lists the options)",
    });
    const three = await run(["--port", "0", "--bind", "loopback", "gateway"]);
    expect(three.stderr).toBe(
      "error: options '--port' and '--bind' come before the command they belong to (openclaw gateway)\n" +
        "hint: put them after the command's name: openclaw gateway --port 0 --bind loopback … (openclaw gateway --help lists the options)\n",
    );
  });

  it("an option written twice before its command is named once", async () => {
    const result = await run(["models", "--json", "fallbacks", "--json", "list"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    // It said "options '--json' and '--json' come before …".
    expect(report.error.message).toBe(
      "option '--json' comes before the command it belongs to (openclaw models fallbacks list)",
    );
  });

  it("a value option written twice: the line that works keeps the value commander uses, the last", async () => {
    // Commander, given `gateway --port 0 --port 1`, listens on 1: the hint said --port 0.
    const hint = (port: string) =>
      "error: option '--port' comes before the command it belongs to (openclaw gateway)\n" +
      `hint: put it after the command's name: openclaw gateway ${port} … (openclaw gateway --help lists the options)\n`;
    const spaced = await run(["--port", "0", "--port", "1", "gateway"]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toBe(hint("--port 1"));
    expect((await run(["--port=0", "--port", "1", "gateway"])).stderr).toBe(hint("--port 1"));
    expect((await run(["--port", "0", "--port=1", "gateway"])).stderr).toBe(hint("--port=1"));
    const both = await run(["--json", "--port", "0", "--json", "--port", "1", "gateway"]);
    const report = JSON.parse(both.stdout) as { error: { hint: string } };
    expect(report.error.hint).toBe(
      "put them after the command's name: openclaw gateway --json --port 1 … (openclaw gateway --help lists the options)",
    );
  });

  it("an option that collects its values written twice: each value is moved, in order", async () => {
    // agent keeps every --image (a second is refused in its action): the line moves both.
    const result = await run(["--image", "a.png", "--image", "b.png", "agent", "-m", "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "put it after the command's name: openclaw agent --image a.png --image b.png … ",
    );
    // -m and --message are one option: the last value, once.
    const spellings = await run(["-m", "a", "--message", "b", "agent"]);
    expect(spellings.stderr).toContain("openclaw agent --message b … ");
  });

  it("--port=0 gateway: misplaced too, written as it was typed", async () => {
    const result = await run(["--port=0", "gateway"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: option '--port' comes before the command it belongs to (openclaw gateway)\n" +
        "hint: put it after the command's name: openclaw gateway --port=0 … (openclaw gateway --help lists the options)\n",
    );
  });

  it("an option no command on the line has is still an unknown option", async () => {
    const result = await run(["--bogus", "models", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option '--bogus'\n/);
    const valued = await run(["--bogus", "0", "gateway"]);
    expect(valued.code).toBe(2);
    expect(valued.stderr).toMatch(/^error: unknown option '--bogus'\n/);
  });
});

describe("an option of some command before a word that names no command", () => {
  it("--json bogus: the unknown command is named, as one JSON object, as 'bogus' alone says", async () => {
    const result = await run(["--json", "bogus"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(report.error.message).toBe("unknown command 'bogus'");
    expect(report.error.hint).toBe("openclaw --help lists the commands");
  });

  it("--port 0 modles, --json models lst: the did-you-mean of the line without the option", async () => {
    const root = await run(["--port", "0", "modles"]);
    expect(root.code).toBe(2);
    expect(root.stderr).toBe(
      "error: unknown command 'modles'\nhint: did you mean models? openclaw --help lists the commands\n",
    );
    const nested = await run(["--json", "models", "lst"]);
    expect(nested.code).toBe(2);
    const report = JSON.parse(nested.stdout) as { error: { message: string; hint: string } };
    expect(report.error.message).toBe("unknown command 'lst'");
    expect(report.error.hint).toBe("did you mean list? openclaw models --help lists the commands");
  });

  it("an option no command has is still the mistake named first", async () => {
    const result = await run(["--jsonx", "bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option '--jsonx'\n/);
  });
});

describe("an option of the commands under the one named, with none of them named", () => {
  // It said "unknown option '--json'" with "openclaw models --help lists the options", a page
  // that lists none but --help.
  it("models --json: the option belongs to a command of models, as one JSON object", async () => {
    const result = await run(["models", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(report.error).toMatchObject({
      message: "option '--json' belongs to a command of openclaw models, and none is named",
      hint: "name the command before the option: openclaw models <command> --json … (openclaw models --help lists the commands)",
    });
  });

  it("--port 0, models --all: the one command that has it is named, with the value", async () => {
    const port = await run(["--port", "0"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe(
      "error: option '--port' belongs to openclaw gateway, which is not named\n" +
        "hint: name it before the option: openclaw gateway --port 0 … (openclaw --help lists the commands)\n",
    );
    const all = await run(["models", "--all"]);
    expect(all.stderr).toContain("name it before the option: openclaw models list --all … ");
  });

  it("an option no command under it has, or a flag given a value, is still unknown", async () => {
    expect((await run(["models", "--bogus"])).stderr).toMatch(/^error: unknown option '--bogus'\n/);
    expect((await run(["--json=1"])).stderr).toMatch(/^error: unknown option '--json=1'\n/);
  });
});
