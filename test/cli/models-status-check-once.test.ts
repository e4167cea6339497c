/**
 * `models status --check` failing on the default model said the same sentence twice: as a
 * `warning:` at the end of the status on stdout, then as the `error:` on stderr (a terminal shows
 * both, one under the other). The error, with its hint, now says it once; without --check the
 * warning stays, and --json keeps the problem in its fields. The seed config, no key or a typo'd
 * default (the seed's key is its "sk-..." placeholder); no provider is called.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const SEED_CONFIG = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function stateWithDefault(primary: string): Record<string, string> {
  const state = tempDir();
  const seed = readFileSync(SEED_CONFIG, "utf8");
  const config = seed.replace('primary: "moonshot/kimi-k2.5"', `primary: "${primary}"`);
  // The replacement must have happened, or the test would pass on the seed's own default.
  expect(config.includes(`primary: "${primary}"`)).toBe(true);
  writeFileSync(join(state, "openclaw.json"), config, { mode: 0o600 });
  return { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state };
}

const TYPO = 'the default model moonshot/kimi-k25 cannot be used: unknown model "kimi-k25"';
const NO_KEY = "no usable key for moonshot (the default model's provider)";

describe("models status --check failing on the default model", () => {
  it("says a typo'd default once, as the error with its hint", async () => {
    const env = stateWithDefault("moonshot/kimi-k25");
    const result = await runCli(["models", "status", "--check"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${TYPO}`);
    expect(result.stderr).toContain('hint: did you mean "moonshot/kimi-k2.5"?');
    expect(result.stdout).toContain("Default:     moonshot/kimi-k25");
    expect(`${result.stdout}${result.stderr}`.split(TYPO)).toHaveLength(2);
    expect(result.stdout).not.toContain("warning:");
  });

  it("says a default without a key once, as the error", async () => {
    const env = stateWithDefault("moonshot/kimi-k2.5");
    const result = await runCli(["models", "status", "--check"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${NO_KEY}`);
    expect(`${result.stdout}${result.stderr}`.split(NO_KEY)).toHaveLength(2);
    expect(result.stdout).toContain("missing: no usable key");
  });

  it("keeps the warning without --check (exit 0), and the problem in --check --json", async () => {
    const env = stateWithDefault("moonshot/kimi-k25");
    const plain = await runCli(["models", "status"], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`warning: ${TYPO}`);

    const json = await runCli(["models", "status", "--check", "--json"], { env });
    expect(json.code).toBe(1);
    const status = JSON.parse(json.stdout) as { ok: boolean; defaultProblem: string };
    expect(status.ok).toBe(false);
    expect(status.defaultProblem).toContain(TYPO);
  });
});
