/**
 * `models scan` of a provider with no usable key says what `models status` says: the onboard
 * command for its endpoint and the variables it reads, not "run: openclaw onboard" alone. With no
 * provider set up at all, it gives the onboard command of both providers, as every other
 * first-run message does.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function state(config: unknown): Record<string, string> {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), JSON.stringify(config));
  return { OPENCLAW_STATE_DIR: dir };
}

describe("models scan without a key", () => {
  it("names the onboard command and the variable, in the line and in the hint", async () => {
    const env = state({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } });
    const result = await runCli(["models", "scan", "--provider", "moonshot"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "skipped: no usable key for moonshot; run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY)",
    );
    expect(result.stderr).toContain(
      "hint: run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY)",
    );
    const json = await runCli(["models", "scan", "--provider", "kimi-code", "--json"], { env });
    const out = JSON.parse(json.stdout) as {
      error: { hint: string };
      providers: { status: string; message: string }[];
    };
    expect(out.providers[0]).toMatchObject({ status: "no_key" });
    expect(out.providers[0]?.message).toContain("$KIMICODE_API_KEY or $KIMI_API_KEY");
    expect(out.error.hint).toContain("openclaw onboard --auth-choice kimi-code-api-key");
  });
});

describe("models scan with no provider set up", () => {
  const ONBOARD =
    "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key), then: openclaw models scan";

  it("gives both providers' onboard command, in the text and in --json", async () => {
    const dir = tempDir();
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
    const result = await runCli(["models", "scan"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no provider is set up yet");
    expect(result.stderr.replace(/\s+/g, " ")).toContain(`hint: ${ONBOARD}`);
    const json = await runCli(["models", "scan", "--json"], { env });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { error: { code: string; hint: string } };
    expect(out.error).toMatchObject({ code: "models.nothing_to_scan", hint: ONBOARD });
  });
});
