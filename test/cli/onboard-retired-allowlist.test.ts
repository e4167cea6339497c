/**
 * Onboarding again over a config without an allowlist makes one (the default model's alias): the
 * warning about models it shuts out names only models the provider still lists. The built-in ids
 * its GET /models no longer has were never usable, and listing them again would only lead to 404s.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

// As the real API does today (and `npm run simulator` by default): only current ids are listed.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

function endpoints(): Record<string, string> {
  return { OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl };
}

describe("onboard again over a config without an allowlist", () => {
  it("does not name retired built-in ids as 'could be used before' nor suggest listing them", async () => {
    const state = freshState(endpoints());
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);
    expect((await state.run(["models", "aliases", "add", "X", "moonshot/kimi-k2.5"])).code).toBe(0);
    expect((await state.run(["models", "aliases", "remove", "X"])).code).toBe(0);
    const again = await state.run([...ONBOARD_MOONSHOT]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("could be used before");
    expect(again.stderr).not.toContain('agents.defaults.models["moonshot/kimi-k2-0905-preview"]');
    expect(again.stdout).toContain("agents.defaults.models now has an entry");
  });

  it("still names a listed model the new allowlist shuts out", async () => {
    const state = freshState(endpoints());
    writeFileSync(
      state.configPath,
      `{\n  env: { MOONSHOT_API_KEY: "${MOONSHOT_KEY}" },\n  models: { providers: { moonshot: { baseUrl: "${sim.moonshotBaseUrl}", models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }, { id: "kimi-k2.6", name: "Kimi K2.6" }] } } },\n  agents: { defaults: { model: "moonshot/kimi-k2.5" } },\n}\n`,
    );
    const again = await state.run([...ONBOARD_MOONSHOT]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /warning: moonshot\/kimi-k2\.6(, [^\n]*)? could be used before and (is|are) now refused: agents\.defaults\.models is an allowlist/,
    );
    expect(again.stderr).toContain(
      `openclaw config set 'agents.defaults.models["moonshot/kimi-k2.6"]' '{}'`,
    );
    expect(again.stderr).not.toContain("moonshot/kimi-k2-0905-preview");
  });
});
