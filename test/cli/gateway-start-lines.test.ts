/**
 * `openclaw gateway`'s lines for its operator at $COLUMNS: wrapped to it as other commands' notes
 * are (further lines under the text after a label), with the address, a path and the
 * `openclaw onboard` command whole; the token it creates is saved, not printed, as its output is
 * not a terminal. The built CLI (`npm run build` first), its own process.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { fitOperatorLines } from "../../src/cli/commands/gateway-lines.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { overWide } from "../helpers/over-wide.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

afterEach(() => killGatewayProcesses());

const COLUMNS = 60;

describe("openclaw gateway at $COLUMNS", () => {
  it("wraps its start lines under their labels, the URL, paths and commands whole, and keeps the new token out of them", async () => {
    const dir = tempDir("openclaw-gw-lines-");
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
      COLUMNS: String(COLUMNS),
    });
    // No key and no config yet: the token is created, and the warning says what to run.
    await eventually(
      () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
      5000,
      "the start-up report's last line",
    );
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    const stdout = gateway.stdout();
    const stderr = gateway.stderr();
    expect(overWide(stdout, COLUMNS)).toEqual([]);
    expect(overWide(stderr, COLUMNS)).toEqual([]);

    // The address stays on its line; the routes go under it.
    expect(stdout).toMatch(
      /^openclaw gateway listening on http:\/\/127\.0\.0\.1:\d+\n {2}\(POST /m,
    );
    // Every chat API it serves, Anthropic's Messages API (Claude Code) and the legacy text
    // completions (Continue's autocomplete) among them, wrapped at the width.
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "(POST /v1/chat/completions, /v1/responses, /v1/messages, /v1/completions)",
    );
    const configPath = `${dir}/openclaw.json`;
    // Not a terminal: the new token is saved, not printed (a log would keep it); the note says so.
    const saved = JSON.parse(readFileSync(configPath, "utf8")) as {
      gateway: { auth: { token: string } };
    };
    expect(saved.gateway.auth.token).toMatch(/^ocg_\S+$/);
    expect(stdout).not.toContain(saved.gateway.auth.token);
    expect(stderr).not.toContain(saved.gateway.auth.token);
    expect(stdout).toMatch(/^gateway token created and saved as gateway\.auth\.token in\n/m);
    expect(stdout.split("\n").some((line) => line.includes(configPath))).toBe(true);

    const lines = stderr.split("\n");
    // The warning's further line goes under its text, after "warning: ".
    const warning = lines.findIndex((line) => line.startsWith("warning: no provider has a key"));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(lines[warning + 1]).toMatch(/^ {9}\S/);
    // The hint's command is whole on one line.
    expect(
      lines.some((line) => line.includes("openclaw onboard --auth-choice moonshot-api-key")),
    ).toBe(true);
    // The hint's command to print the token, with the state dir before it, wider than the
    // terminal: continued as an example is, four in from its start (before: ten, six in).
    const out = stdout.split("\n");
    const reveal = out.findIndex((line) => line.startsWith(`    OPENCLAW_STATE_DIR=${dir} `));
    expect(out[reveal - 1]).toBe("  hint: print it with:");
    expect(out[reveal]).toMatch(/ \\$/);
    expect(out[reveal + 1]).toMatch(/^ {8}\S.*--reveal$/);
    // The new token is told once, by the note before "listening on": no "token:" line after it.
    expect(lines.some((line) => line.startsWith("token:"))).toBe(false);
    expect((stdout + stderr).split("gateway token created").length - 1).toBe(1);
  });
});

describe("openclaw gateway at $COLUMNS, on the state dir a shell reads", () => {
  it("puts the token hint's openclaw command whole under the hint's text", async () => {
    const dir = tempDir("openclaw-gw-home-");
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      HOME: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
      COLUMNS: String(COLUMNS),
    });
    await eventually(
      () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
      5000,
      "the start-up report's last line",
    );
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    const stdout = gateway.stdout();
    expect(overWide(stdout, COLUMNS)).toEqual([]);
    // Before, "print it with: " was taken for a second label and the command split beside it:
    // "  hint: print it with: openclaw config get \" over "gateway.auth.token --reveal" at 27.
    expect(stdout).toContain(
      "  hint: print it with:\n        openclaw config get gateway.auth.token --reveal\n",
    );
    // "run: " before a command is the hint's text too: its further lines go under it, as every
    // command's hint does (before: under the command, at 13).
    expect(gateway.stderr()).toContain(
      "  hint: run: openclaw onboard --auth-choice moonshot-api-key\n        (or kimi-code-api-key)",
    );
  });
});

describe("a gateway line in colour", () => {
  it("goes on under the text after its yellow label, as a plain one does", () => {
    const yellow = "\u001b[33mwarning\u001b[39m";
    const fitted = fitOperatorLines(
      `${yellow}: no provider has a key yet, so every chat request will fail.`,
      40,
    );
    expect(fitted).toBe(
      `${yellow}: no provider has a key yet, so\n         every chat request will fail.`,
    );
  });
});
