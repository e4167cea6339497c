/**
 * Rotating a key with `config set models.providers.moonshot.apiKey sk-new` after onboarding: the
 * stored profile `moonshot:default` comes first in the key order, so the new key is never sent.
 * `config set` says so (exit 0: the write succeeded), names the source that wins and what to run,
 * shows keys only masked, and gives scripts `keyNotUsed` in --json. No warning when the key
 * written is the one used.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecrets, freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const NEW_KEY = "sk-test-moonshot-ai-0002";
const SET_KEY = ["config", "set", "models.providers.moonshot.apiKey", NEW_KEY];

/** Stderr's lines joined back into one text, as the terminal wrapped them. */
function unwrapped(text: string): string {
  return text.replace(/\n {2,}/g, " ");
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai", keys: { ai: [MOONSHOT_KEY, NEW_KEY] } });
});
afterAll(async () => {
  await sim.close();
});

describe("config set of a provider's apiKey", () => {
  it("warns when the onboarded profile wins, naming it and the fix, with --json's keyNotUsed", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);

    const set = await state.run(SET_KEY, { COLUMNS: "80" });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("✓ models.providers.moonshot.apiKey = sk-…0002");
    expectNoSecrets(set, MOONSHOT_KEY, NEW_KEY);
    // Wrapped to the terminal as the other warnings are: further lines under the text.
    const lines = set.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^warning: /);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {9}\S/);
    expect(unwrapped(set.stderr)).toContain(
      `warning: models.providers.moonshot.apiKey (sk-…0002) is not used: moonshot takes its key from auth profile "moonshot:default" in ${state.storePath}:4 (sk-…0001), which comes before apiKey in the key order; to use the new key, store it in the profile with: openclaw onboard --auth-choice moonshot-api-key (it asks for the key); or delete "moonshot:default" from ${state.storePath} so that apiKey is used`,
    );
    expect(state.config()).toMatchObject({
      models: { providers: { moonshot: { apiKey: NEW_KEY } } },
    });

    const json = await state.run([...SET_KEY, "--json"]);
    expect(json.code).toBe(0);
    expectNoSecrets(json, MOONSHOT_KEY, NEW_KEY);
    expect(json.stderr).toBe("");
    const report = JSON.parse(json.stdout);
    expect(report.keyNotUsed).toEqual([
      {
        provider: "moonshot",
        path: "models.providers.moonshot.apiKey",
        key: "sk-…0002",
        winningSource: `auth profile "moonshot:default" in ${state.storePath}:4`,
        winningKey: "sk-…0001",
        fix: `store it in the profile with: openclaw onboard --auth-choice moonshot-api-key (it asks for the key); or delete "moonshot:default" from ${state.storePath} so that apiKey is used`,
      },
    ]);
    expect(report.warnings).toEqual([expect.stringContaining("is not used")]);
  });

  it("warns when MOONSHOT_API_KEY from the shell wins", async () => {
    const state = freshState();
    const set = await state.run(SET_KEY, { MOONSHOT_API_KEY: MOONSHOT_KEY });
    expect(set.code).toBe(0);
    expectNoSecrets(set, MOONSHOT_KEY, NEW_KEY);
    expect(unwrapped(set.stderr)).toContain(
      "warning: models.providers.moonshot.apiKey (sk-…0002) is not used: moonshot takes its key from $MOONSHOT_API_KEY from the shell (sk-…0001), which comes before apiKey in the key order; to use the new key, unset MOONSHOT_API_KEY",
    );
  });

  it("warns when the config's env block sets the variable, naming the unset that removes it", async () => {
    const state = freshState();
    const block = await state.run(["config", "set", "env.vars.MOONSHOT_API_KEY", MOONSHOT_KEY]);
    expect(block.code).toBe(0);
    const set = await state.run(SET_KEY);
    expect(set.code).toBe(0);
    expectNoSecrets(set, MOONSHOT_KEY, NEW_KEY);
    expect(unwrapped(set.stderr)).toContain(
      "moonshot takes its key from the config's env.vars.MOONSHOT_API_KEY (sk-…0001), which comes before apiKey in the key order; to use the new key, remove the config's variable with: openclaw config unset env.vars.MOONSHOT_API_KEY",
    );
  });

  it("says nothing when no earlier source wins, or the winner holds the same key", async () => {
    const state = freshState();
    const set = await state.run(SET_KEY);
    expect(set.code).toBe(0);
    expect(set.stderr).toBe("");
    const json = JSON.parse((await state.run([...SET_KEY, "--json"])).stdout);
    expect(json.keyNotUsed).toBeUndefined();
    expect(json.warnings).toEqual([]);

    // `apiKey: "${MOONSHOT_API_KEY}"` read beside that variable: the same key, used.
    const reference = await state.run(
      ["config", "set", "models.providers.moonshot.apiKey", "${MOONSHOT_API_KEY}"],
      { MOONSHOT_API_KEY: NEW_KEY },
    );
    expect(reference.code).toBe(0);
    expect(reference.stderr).not.toContain("not used");

    // A setting beside the key is no key written.
    const other = await state.run(
      ["config", "set", "models.providers.moonshot.baseUrl", sim.moonshotBaseUrl],
      { MOONSHOT_API_KEY: MOONSHOT_KEY },
    );
    expect(other.code).toBe(0);
    expect(other.stderr).not.toContain("not used");
  });
});

describe("config set of a key in the config's env block", () => {
  it("warns when the onboarded profile wins over env.MOONSHOT_API_KEY, with --json's keyNotUsed", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);

    const set = await state.run(["config", "set", "env.MOONSHOT_API_KEY", NEW_KEY]);
    expect(set.code).toBe(0);
    expectNoSecrets(set, MOONSHOT_KEY, NEW_KEY);
    expect(unwrapped(set.stderr)).toContain(
      `warning: env.MOONSHOT_API_KEY (sk-…0002) is not used: moonshot takes its key from auth profile "moonshot:default" in ${state.storePath}:4 (sk-…0001), which comes before the config's env block in the key order; to use the new key, store it in the profile with: openclaw onboard --auth-choice moonshot-api-key (it asks for the key); or delete "moonshot:default" from ${state.storePath} so that the config's env block is used`,
    );
    expect(state.config()).toMatchObject({ env: { MOONSHOT_API_KEY: NEW_KEY } });

    const json = await state.run(["config", "set", "env.MOONSHOT_API_KEY", NEW_KEY, "--json"]);
    expect(json.code).toBe(0);
    expectNoSecrets(json, MOONSHOT_KEY, NEW_KEY);
    expect(JSON.parse(json.stdout).keyNotUsed).toEqual([
      expect.objectContaining({
        provider: "moonshot",
        path: "env.MOONSHOT_API_KEY",
        key: "sk-…0002",
        winningKey: "sk-…0001",
      }),
    ]);
  });

  it("warns when the shell's variable of that name fills it in first; silent when the block's key is used", async () => {
    const state = freshState();
    const reference = ["config", "set", "models.providers.moonshot.apiKey", "${MOONSHOT_API_KEY}"];
    expect((await state.run(reference)).code).toBe(0);

    const shadowed = await state.run(["config", "set", "env.vars.MOONSHOT_API_KEY", NEW_KEY], {
      MOONSHOT_API_KEY: MOONSHOT_KEY,
    });
    expect(shadowed.code).toBe(0);
    expectNoSecrets(shadowed, MOONSHOT_KEY, NEW_KEY);
    expect(unwrapped(shadowed.stderr)).toContain(
      "warning: env.vars.MOONSHOT_API_KEY (sk-…0002) is not used: moonshot takes its key from $MOONSHOT_API_KEY from the shell (sk-…0001), which comes before the config's env block in the key order; to use the new key, unset MOONSHOT_API_KEY",
    );

    // No shell variable: the block's key is the one apiKey's ${MOONSHOT_API_KEY} reads.
    const used = await state.run(["config", "set", "env.vars.MOONSHOT_API_KEY", NEW_KEY]);
    expect(used.code).toBe(0);
    expect(used.stderr).not.toContain("not used");
  });
});
