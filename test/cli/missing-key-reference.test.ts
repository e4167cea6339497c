/**
 * `openclaw onboard --secret-input-mode ref` stores a profile that points at $MOONSHOT_API_KEY.
 * In a shell without the variable, `openclaw agent` says where the key was looked for: the
 * profile in the credential store (its file and line) and the variable it refers to, which is
 * what to set. Before, it pointed at models.providers.moonshot.apiKey, a key the config does not
 * have, and offered to set the profile that already exists.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardChoice } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

/** A state dir onboarded in ref mode with `MOONSHOT_API_KEY` set, as the docs' command does. */
async function onboardedByReference() {
  const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
  const onboard = await state.run(onboardChoice("moonshot-api-key", "--secret-input-mode", "ref"), {
    MOONSHOT_API_KEY: MOONSHOT_KEY,
  });
  expect(onboard.code).toBe(0);
  return state;
}

describe("agent in a shell without the variable a stored profile refers to", () => {
  it("names the profile's place in the credential store and the variable to export", async () => {
    const state = await onboardedByReference();
    const result = await state.run(["agent", "-m", "hi"], { MOONSHOT_API_KEY: "" });
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n").filter((line) => !line.startsWith("warning:"));
    // Set empty here (to keep the shell's own out), which the error says as such.
    expect(lines[0]).toBe(
      'error: no usable API key for provider "moonshot": profile moonshot:default: refers to MOONSHOT_API_KEY, which is set but empty',
    );
    expect(lines[1]).toMatch(/^ {2}at (.*)\/agents\/main\/agent\/auth-profiles\.json:\d+$/);
    expect(lines[1]).toContain(state.storePath);
    expect(lines[2]).toBe(
      'hint: export MOONSHOT_API_KEY=<key> (auth profile "moonshot:default" refers to it); or run: openclaw onboard --auth-choice moonshot-api-key',
    );
    expect(result.stderr).not.toContain("models.providers.moonshot.apiKey");
  });

  it("names the variable the profile refers to when it is not the provider's usual one", async () => {
    const state = await onboardedByReference();
    const store = state.store();
    store.profiles["moonshot:default"] = {
      type: "api_key",
      provider: "moonshot",
      keyRef: { source: "env", id: "TEAM_MOONSHOT_KEY" },
    };
    writeFileSync(state.storePath, JSON.stringify(store, null, 2));
    const result = await state.run(["agent", "-m", "hi"], { MOONSHOT_API_KEY: "" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'hint: export TEAM_MOONSHOT_KEY=<key> (auth profile "moonshot:default" refers to it); or set $MOONSHOT_API_KEY; or run: openclaw onboard --auth-choice moonshot-api-key\n',
    );
    expect(result.stderr).toContain(`  at ${state.storePath}:`);
  });
});
