/**
 * A model has one alias: `models aliases add K25 moonshot/kimi-k2.5` replaces the "Kimi K2.5"
 * onboarding wrote (and says so). Removing K25 afterwards leaves the model with no alias at all,
 * which the config then shows; `models aliases remove` says so and gives the command that names
 * the model again, after what the removal did to the allowlist.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

/** The config onboarding writes for Moonshot: its model, with the alias "Kimi K2.5". */
function onboardedState() {
  const state = freshState();
  writeFileSync(
    state.configPath,
    JSON.stringify({
      models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1" } } },
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2.5" },
          models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } },
        },
      },
    }),
  );
  return state;
}

describe("models aliases remove of a model's only alias", () => {
  it("says the model has no alias now and how to give it its name back", async () => {
    const state = onboardedState();
    const add = await state.run(["models", "aliases", "add", "K25", "moonshot/kimi-k2.5"]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('(replaces "Kimi K2.5")');
    const remove = await state.run(["models", "aliases", "remove", "K25"]);
    expect(remove.code).toBe(0);
    expect(remove.stdout).toBe(
      'removed alias "K25" (was moonshot/kimi-k2.5); agents.defaults.models has no entry left, so it is no longer an allowlist: every configured model can be used; moonshot/kimi-k2.5 has no alias now (a model has one at most); to give it one: openclaw models aliases add "Kimi K2.5" moonshot/kimi-k2.5\n',
    );
    const list = await state.run(["models", "aliases", "list"]);
    expect(list.stdout).toContain("No aliases.");

    // The command it gives works, and "Kimi K2.5" names the model again.
    const again = await state.run(["models", "aliases", "add", "Kimi K2.5", "moonshot/kimi-k2.5"]);
    expect(again.code).toBe(0);
    const status = await state.run(["models", "status", "--json"]);
    expect(status.stdout).toContain('"Kimi K2.5"');
  });

  it("does not offer the name just removed: a placeholder instead", async () => {
    const state = onboardedState();
    const remove = await state.run(["models", "aliases", "remove", "Kimi K2.5", "--json"]);
    expect(remove.code).toBe(0);
    const report = JSON.parse(remove.stdout) as { message: string };
    expect(report.message).toMatch(
      /; moonshot\/kimi-k2\.5 has no alias now \(a model has one at most\); to give it one: openclaw models aliases add <name> moonshot\/kimi-k2\.5$/,
    );
  });
});
