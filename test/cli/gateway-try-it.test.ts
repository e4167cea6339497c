/**
 * `openclaw gateway`'s start-up report ends with how to call it: the base URL for an OpenAI client
 * and commands that, pasted into a shell as printed, answer with the model list. The built CLI
 * (`npm run build` first), its own process.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tryItLines } from "../../src/cli/commands/gateway-try-it.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { overWide } from "../helpers/over-wide.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

afterEach(() => killGatewayProcesses());

describe("openclaw gateway's start-up report", () => {
  it("says how to call it, and the commands it prints work pasted into a shell", async () => {
    const dir = tempDir("openclaw-gw-try-");
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
      COLUMNS: "60",
    });
    await eventually(
      () => gateway.stderr().includes('-H "Authorization'),
      5000,
      "the try-it lines",
    );
    const stderr = gateway.stderr();
    expect(overWide(stderr, 60)).toEqual([]);
    const url = /listening on (http:\/\/\S+)/.exec(gateway.stdout())?.[1];
    expect(url).toBeDefined();
    expect(stderr).toContain(`use it: an OpenAI client takes ${url}/v1 as`);
    // Claude Code's base URL is the address alone: it adds /v1/messages itself.
    expect(stderr.replace(/\s+/g, " ")).toContain(
      `Claude Code (ANTHROPIC_BASE_URL) and the Anthropic SDK take ${url}, without /v1, and the token as their auth token (the AI SDK's @ai-sdk/anthropic takes ${url}/v1)`,
    );
    // The token is in the config only: piped output is a log, and these lines never hold it.
    const token = /"(ocg_[^"]+)"/.exec(readFileSync(join(dir, "openclaw.json"), "utf8"))?.[1] ?? "";
    expect(token).not.toBe("");
    expect(stderr + gateway.stdout()).not.toContain(token);

    const lines = stderr.split("\n");
    const first = lines.findIndex((line) => line.startsWith("  TOKEN=$("));
    expect(first).toBeGreaterThan(0);
    const last = lines.findIndex((line) => line.includes('-H "Authorization'));
    const script = lines.slice(first, last + 1).join("\n");
    // Pasted into a plain shell: its own HOME, none of the gateway's OPENCLAW_* variables. The
    // gateway reads its own state dir, so the lines name it for the shell.
    expect(script).toContain(`TOKEN=$(OPENCLAW_STATE_DIR=${dir} \\`);
    const { stdout } = await runInPlainShell(script, tempDir("openclaw-plain-home-"));
    expect(JSON.parse(stdout)).toMatchObject({ object: "list" });
  });
});

describe("the try-it lines at 40 columns", () => {
  it("break a command only between its words: the quoted header stays whole and the lines still run pasted", async () => {
    const dir = tempDir("openclaw-gw-try40-");
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      OPENCLAW_GATEWAY_TOKEN: "ocg-fake-tok-01",
      NO_COLOR: "1",
      COLUMNS: "40",
    });
    await eventually(() => gateway.stderr().includes("Claude Code"), 5000, "the try-it lines");
    const lines = gateway.stderr().split("\n");
    const first = lines.findIndex((line) => line.startsWith("  curl"));
    const last = lines.findIndex((line) => line.includes("Authorization"));
    expect(first).toBeGreaterThan(0);
    const command = lines.slice(first, last + 1);
    // The header, one word a break would change, stays whole on its line, however wide.
    expect(command.at(-1)?.trim()).toBe('"Authorization: Bearer $OPENCLAW_GATEWAY_TOKEN"');
    expect(overWide(command.slice(0, -1).join("\n"), 40)).toEqual([]);
    const script = `OPENCLAW_GATEWAY_TOKEN=ocg-fake-tok-01\n${command.join("\n")}`;
    const { stdout } = await runInPlainShell(script, tempDir("openclaw-plain-home-"));
    expect(JSON.parse(stdout)).toMatchObject({ object: "list" });
  });
});

describe("the try-it lines", () => {
  it("read the token of a gateway on its own config with that file named, on lines that paste as one", () => {
    expect(
      tryItLines("http://127.0.0.1:18789", "config", "OPENCLAW_CONFIG_PATH=/srv/gw/openclaw.json "),
    ).toEqual([
      "use it: an OpenAI client takes http://127.0.0.1:18789/v1 as its base URL and the token as its API key; to try it:",
      "  TOKEN=$(OPENCLAW_CONFIG_PATH=/srv/gw/openclaw.json \\",
      "    openclaw config get gateway.auth.token --reveal)",
      "  curl http://127.0.0.1:18789/v1/models \\",
      '    -H "Authorization: Bearer $TOKEN"',
      "Claude Code (ANTHROPIC_BASE_URL) and the Anthropic SDK take http://127.0.0.1:18789, without /v1, and the token as their auth token (the AI SDK's @ai-sdk/anthropic takes http://127.0.0.1:18789/v1)",
    ]);
  });

  it("read a token from the environment as $OPENCLAW_GATEWAY_TOKEN, and send none when none is needed", () => {
    expect(tryItLines("http://127.0.0.1:18789", "environment")).toEqual([
      "use it: an OpenAI client takes http://127.0.0.1:18789/v1 as its base URL and the token as its API key; to try it:",
      "  curl http://127.0.0.1:18789/v1/models \\",
      '    -H "Authorization: Bearer $OPENCLAW_GATEWAY_TOKEN"',
      "Claude Code (ANTHROPIC_BASE_URL) and the Anthropic SDK take http://127.0.0.1:18789, without /v1, and the token as their auth token (the AI SDK's @ai-sdk/anthropic takes http://127.0.0.1:18789/v1)",
    ]);
    expect(tryItLines("http://127.0.0.1:18789", undefined)).toEqual([
      "use it: an OpenAI client takes http://127.0.0.1:18789/v1 as its base URL; to try it:",
      "  curl http://127.0.0.1:18789/v1/models",
      "Claude Code (ANTHROPIC_BASE_URL) and the Anthropic SDK take http://127.0.0.1:18789, without /v1 (the AI SDK's @ai-sdk/anthropic takes http://127.0.0.1:18789/v1)",
    ]);
  });
});
