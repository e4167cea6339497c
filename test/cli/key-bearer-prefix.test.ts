/**
 * A key given as an Authorization header's value (`Bearer sk-…`, copied from a curl command or a
 * browser's network panel) is said to be that, with the fix: keep what comes after "Bearer ".
 * Before, it was "contains whitespace" and the hint said to copy the key again without
 * surrounding spaces, which a key copied again the same way does not fix. Onboarding refuses it
 * (exit 2, nothing written); in the config's env block, the run's hint names that line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const KEY = "sk-fake-test-key-0001";
const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a key with the Authorization header's Bearer in front", () => {
  it("is refused by onboard --moonshot-api-key, saying what to keep", async () => {
    const state = freshState();
    const result = await state.run(
      onboardWithKey("moonshot-api-key", `Bearer ${KEY}`, "--skip-health"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: the key from --moonshot-api-key for moonshot starts with "Bearer ": that is an Authorization header\'s value copied whole, not the key alone\nhint: give only what comes after "Bearer "\n',
    );
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("in $MOONSHOT_API_KEY, lowercase, is refused with its own code in --json", async () => {
    const state = freshState();
    const result = await state.run(onboardChoice("moonshot-api-key", "--skip-health", "--json"), {
      MOONSHOT_API_KEY: `bearer ${KEY}`,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain(KEY);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: "auth.key_bearer" },
    });
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("in the seed snippet's env block: the hint names its line and the fix; fixed, it answers", async () => {
    const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
    const withKey = (key: string) =>
      seed
        .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl)
        .replace('"sk-..."', JSON.stringify(key));
    const state = freshState();
    writeFileSync(state.configPath, withKey(`Bearer ${sim.keys.moonshot}`));
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `env MOONSHOT_API_KEY: starts with "Bearer ": that is an Authorization header's value copied whole, not the key alone (${state.configPath}:2)`,
    );
    expect(said).toContain(
      `hint: keep only the key at env.MOONSHOT_API_KEY (${state.configPath}:2), without the "Bearer " before it; `,
    );
    expect(said).not.toContain(sim.keys.moonshot);

    writeFileSync(state.configPath, withKey(sim.keys.moonshot));
    const fixed = await state.run(["agent", "-m", "hi"]);
    expect(fixed.code).toBe(0);
  });
});
