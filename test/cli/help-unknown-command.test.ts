/**
 * `--help` after a word that is no command (`openclaw modles --help`): said to be unknown, with
 * the near command, exit 2, as `openclaw help modles` is; not the help of the command above the
 * typo with exit 0, which reads as if the word were a command.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("--help after an unknown command", () => {
  it("says unknown command with the near one, exit 2, and prints no help", async () => {
    for (const [args, unknown, near, help] of [
      [["modles", "--help"], "modles", "models", "openclaw --help"],
      [["models", "lst", "--help"], "lst", "list", "openclaw models --help"],
      [["config", "sett", "-h"], "sett", "set", "openclaw config --help"],
      [
        ["models", "aliases", "bogus", "--help"],
        "bogus",
        undefined,
        "openclaw models aliases --help",
      ],
    ] as const) {
      const result = await runCli([...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr.trim().split("\n"), args.join(" ")).toEqual([
        `error: unknown command '${unknown}'`,
        expect.stringMatching(/^hint: /),
      ]);
      if (near) expect(result.stderr).toContain(`did you mean ${near}?`);
      expect(result.stderr).toContain(help);
    }
  });

  it("with --json, one JSON failure on stdout (code usage), exit 2", async () => {
    const result = await runCli(["models", "lst", "--help", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.code).toBe("usage");
    expect(failure.error.message).toBe("unknown command 'lst'");
  });

  it("after an option before the typo, refuses the line (exit 2) instead of showing a help", async () => {
    // Before: the check stopped at the first word starting with "-", so commander printed the
    // help of `models` (or of openclaw) and exited 0, as if lst and modles were commands.
    for (const args of [
      ["models", "--json", "lst", "--help"],
      ["--no-color", "modles", "--help"],
      ["--no-color", "modles", "-h"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(`${result.stdout}${result.stderr}`, args.join(" ")).not.toContain("Usage:");
      if (args.includes("--json")) {
        const failure = JSON.parse(result.stdout) as { ok: boolean; error: { code: string } };
        expect(failure).toMatchObject({ ok: false, error: { code: "usage" } });
      } else {
        expect(result.stderr, args.join(" ")).toMatch(/^error: .+\nhint: /);
      }
    }
  });

  it("leaves the help of real commands alone (exit 0, on stdout)", async () => {
    for (const args of [
      ["models", "--help"],
      ["models", "list", "-h"],
      ["agent", "--help"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toContain(`Usage: openclaw ${args.slice(0, -1).join(" ")}`);
    }
  });
});
