/**
 * `models status --probe` on the Moonshot page's own config (the simulator in the API's place):
 * - four of its five models are ids the provider's GET /models no longer lists (they answer 404);
 *   doctor --probe and the gateway's start-up line said so, the status that probed the same list
 *   did not. It now gives doctor's warning and hint, in text, --plain and --json.
 * - with --check and a rejected key, the probe's message and hint were printed in the provider's
 *   block and again as the closing error; the error now says them once.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

const RETIRED = [
  "moonshot/kimi-k2-0905-preview",
  "moonshot/kimi-k2-turbo-preview",
  "moonshot/kimi-k2-thinking",
  "moonshot/kimi-k2-thinking-turbo",
];
/** The line of each one's models[] entry in the page's config. */
const LINES = [36, 45, 54, 63];
/** doctor's warning for them, the config at `configPath`. */
function unlistedMessage(configPath: string): string {
  const named = RETIRED.map((ref, index) => `${ref} (${configPath}:${LINES[index]})`);
  return `moonshot: ${named.join(", ")} are not in the models your key can use (GET /v1/models): ids it retired, or ones this key may not use, whatever openclaw's own list says; requests naming them are still sent, and get the provider's answer (a retired id answers 404); the closest ids it can use: kimi-k2.5, kimi-k2.6, kimi-k2.7-code`;
}
const PRUNE_HINT =
  "see what the key may use with: openclaw models scan --provider moonshot; take the models it no longer lists out of the config with: openclaw models scan --provider moonshot --prune";

/** The page's config, its key `key`, pointed at the simulator. */
function pageConfigWithKey(key: string): Record<string, string> {
  const spec = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  const config = spec
    .replace('"sk-..."', JSON.stringify(key))
    .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl);
  // Both replacements must have happened, or the test would probe the real endpoint's address.
  expect(config).toContain(sim.moonshotBaseUrl);
  expect(config).toContain(key);
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), config, { mode: 0o600 });
  return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "1000" };
}

describe("models status --probe, configured models the provider no longer lists", () => {
  it("names the page config's retired ids with doctor's hint, in text, --plain and --json", async () => {
    const env = pageConfigWithKey(sim.keys.moonshot);
    const configPath = join(env.OPENCLAW_STATE_DIR ?? "", "openclaw.json");
    const UNLISTED = unlistedMessage(configPath);
    const text = await runCli(["models", "status", "--probe", "--check"], { env });
    // A warning: the default (kimi-k2.5) is listed and its key works.
    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines).toContain(`  ! ${UNLISTED}`);
    expect(lines).toContain(`    hint: ${PRUNE_HINT}`);

    const plain = await runCli(["models", "status", "--probe", "--plain"], { env });
    for (const ref of RETIRED) expect(plain.stdout).toContain(`unlisted\tmoonshot\t${ref}\n`);
    expect(plain.stdout).not.toContain("unlisted\tmoonshot\tmoonshot/kimi-k2.5\n");

    const json = await runCli(["models", "status", "--probe", "--json"], { env });
    const status = JSON.parse(json.stdout) as { ok: boolean; unlistedModels: unknown };
    expect(status.ok).toBe(true);
    expect(status.unlistedModels).toEqual([
      {
        provider: "moonshot",
        models: RETIRED,
        details: RETIRED.map((ref, index) => ({
          ref,
          writtenAt: {
            path: `models.providers.moonshot.models[${index + 1}].id`,
            file: configPath,
            line: LINES[index],
          },
          closest: ["kimi-k2.5", "kimi-k2.6", "kimi-k2.7-code"],
        })),
        message: UNLISTED,
        hint: PRUNE_HINT,
      },
    ]);
  });

  it("says nothing of the kind without --probe, or when every configured model is listed", async () => {
    const env = pageConfigWithKey(sim.keys.moonshot);
    const unprobed = await runCli(["models", "status", "--json"], { env });
    expect(JSON.parse(unprobed.stdout)).toMatchObject({ probes: null, unlistedModels: null });

    const dir = tempDir();
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        agents: {
          defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2.5": {} } },
        },
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      }),
    );
    const listed = { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: sim.keys.moonshot };
    const text = await runCli(["models", "status", "--probe"], { env: listed });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain("does not list");
    const json = await runCli(["models", "status", "--probe", "--json"], { env: listed });
    expect((JSON.parse(json.stdout) as { unlistedModels: unknown }).unlistedModels).toEqual([]);
  });
});

describe("models status --probe --check with a rejected key", () => {
  it("says the probe's message and hint once, as the error; without --check, in the provider's block", async () => {
    const env = pageConfigWithKey("sk-not-a-key-the-simulator-takes-0000");
    const rejected = `${sim.moonshotBaseUrl} rejected the key (401`;
    const hint = "hint: check that the key was copied whole and has not been revoked";

    const check = await runCli(["models", "status", "--probe", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `error: the key for moonshot (the default model's provider) was not accepted: ${rejected}`,
    );
    expect(check.stderr).toContain(hint);
    const both = `${check.stdout}${check.stderr}`;
    expect(both.split(rejected)).toHaveLength(2);
    expect(both.split(hint)).toHaveLength(2);
    expect(check.stdout).toContain(
      "  ✗ probe: failed: the error: line on stderr says why and what to do",
    );

    const status = await runCli(["models", "status", "--probe"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`  ✗ probe: ${rejected}`);
    expect(status.stdout).toContain(`    ${hint}`);
  });
});
