/**
 * The built-in model list keeps ids a provider has retired. After `models scan --add --prune` on
 * the provider page's config, against the simulator (which has retired kimi-k2-thinking and the
 * K2 previews), no error may suggest one of them: a suggestion names a model the person can use.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const RETIRED = [
  "moonshot/kimi-k2-thinking",
  "moonshot/kimi-k2-thinking-turbo",
  "moonshot/kimi-k2-0905-preview",
  "moonshot/kimi-k2-turbo-preview",
];

async function prunedSeedState() {
  const state = freshState();
  const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  writeFileSync(
    state.configPath,
    seed
      .replace('"sk-..."', JSON.stringify(MOONSHOT_KEY))
      .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl),
  );
  const scan = await state.run(["models", "scan", "--provider", "moonshot", "--add", "--prune"]);
  expect(scan.code).toBe(0);
  expect(scan.stdout + scan.stderr).toContain("moonshot/kimi-k2-thinking");
  return state;
}

function expectNoRetiredSuggested(text: string): void {
  expect(text).not.toContain("aliases add");
  expect(text).not.toContain("closest:");
  expect(text).not.toContain("did you mean");
  for (const ref of RETIRED) expect(text).not.toContain(`"${ref}"`);
}

describe("after models scan --prune on the provider page's config", () => {
  it("config set of a fallback by a retired model's name says it cannot be used, suggests nothing retired", async () => {
    const state = await prunedSeedState();
    const before = readFileSync(state.configPath, "utf8");
    const set = await state.run([
      "config",
      "set",
      "agents.defaults.model.fallbacks",
      '["Kimi K2 Thinking"]',
    ]);
    expect(set.code).toBe(2);
    expectNoRetiredSuggested(set.stderr);
    expect(set.stderr).toContain('unknown model or alias "Kimi K2 Thinking"');
    expect(set.stderr).toContain(
      '"Kimi K2 Thinking" is the name of moonshot/kimi-k2-thinking, a model of openclaw\'s built-in list your config does not offer (agents.defaults.models does not list it; a provider may have retired it)',
    );
    expect(set.stderr).toContain("openclaw models list");
    expect(set.stderr).toContain("openclaw models scan --provider moonshot");
    expect(readFileSync(state.configPath, "utf8")).toBe(before);

    // agent --model: the same for the name, and a near miss of a retired id offers none.
    const byName = await state.run(["agent", "-m", "hi", "--model", "Kimi K2 Thinking"]);
    expect(byName.code).toBe(2);
    expectNoRetiredSuggested(byName.stderr);
    expect(byName.stderr).toContain(
      "a model of openclaw's built-in list your config does not offer",
    );

    for (const typo of ["kimi-k2-thinkin", "moonshot/kimi-k2-thinkin"]) {
      const near = await state.run(["agent", "-m", "hi", "--model", typo]);
      expect(near.code).toBe(2);
      expectNoRetiredSuggested(near.stderr);
      for (const ref of RETIRED) expect(near.stderr).not.toContain(ref);
    }
    const bare = await state.run(["agent", "-m", "hi", "--model", "kimi-k2-thinkin"]);
    expect(bare.stderr).toContain(
      'hint: if "kimi-k2-thinkin" is a new model of moonshot, add it under models.providers.moonshot.models, or run: openclaw models scan --provider moonshot --add; see the models you can use with: openclaw models list',
    );

    // Named by its ref: not advised back into the allowlist, as the provider may have retired it.
    const byRef = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k2-thinking"]);
    expect(byRef.code).toBe(1);
    expect(byRef.stderr).not.toContain("models set moonshot/kimi-k2-thinking");
    expect(byRef.stderr).not.toContain('add "moonshot/kimi-k2-thinking"');
    expect(byRef.stderr.replace(/\n\s+/g, " ")).toContain(
      "hint: it is in openclaw's built-in list only: models.providers.moonshot.models does not list it, and moonshot may have retired it; see what moonshot offers now with: openclaw models scan --provider moonshot",
    );

    // A name close to a model still offered is still suggested.
    const close = await state.run(["agent", "-m", "hi", "--model", "kimi-k2.7-cod"]);
    expect(close.code).toBe(2);
    expect(close.stderr).toContain("(closest: moonshot/kimi-k2.7-code");
  });
  it("models set refuses a retired built-in model (exit 2, config unchanged) unless --force, which --help documents", async () => {
    const state = await prunedSeedState();
    const before = readFileSync(state.configPath, "utf8");
    for (const typed of ["kimi-k2-thinking", "moonshot/kimi-k2-thinking"]) {
      const set = await state.run(["models", "set", typed]);
      expect(set.code).toBe(2);
      const said = set.stderr.replace(/\n\s+/g, " ");
      expect(said).toContain(
        "error: moonshot/kimi-k2-thinking was not made the default: it is in openclaw's built-in list only: models.providers.moonshot.models does not list it, and moonshot may have retired it; see what moonshot offers now with: openclaw models scan --provider moonshot",
      );
      expect(said).toContain(
        "hint: to make it the default anyway: openclaw models set moonshot/kimi-k2-thinking --force",
      );
      expect(set.stderr).not.toContain("agents.defaults.models[");
      expect(readFileSync(state.configPath, "utf8")).toBe(before);
    }

    // A model the provider's list still has is set as before.
    const offered = await state.run(["models", "set", "kimi-k2.6"]);
    expect(offered.code).toBe(0);
    expect(offered.stdout).toContain("default model: moonshot/kimi-k2.6 (was moonshot/kimi-k2.5)");

    const help = await state.run(["models", "set", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "--force set a model of openclaw's built-in list that the provider's models list in the config leaves out (the provider may have retired it); refused without",
    );

    const forced = await state.run(["models", "set", "kimi-k2-thinking", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(
      "default model: moonshot/kimi-k2-thinking (was moonshot/kimi-k2.6)",
    );
    expect(readFileSync(state.configPath, "utf8")).toContain(
      'primary: "moonshot/kimi-k2-thinking"',
    );
  });
  it("models fallbacks add and models aliases add refuse a retired built-in model as models set does (exit 2, config unchanged) unless --force, which --help documents", async () => {
    const state = await prunedSeedState();
    const before = readFileSync(state.configPath, "utf8");
    const builtInOnly =
      "it is in openclaw's built-in list only: models.providers.moonshot.models does not list it, and moonshot may have retired it; see what moonshot offers now with: openclaw models scan --provider moonshot";

    const fallback = await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2-thinking"]);
    expect(fallback.code).toBe(2);
    const fallbackSaid = fallback.stderr.replace(/\n\s+/g, " ");
    expect(fallbackSaid).toContain(
      `error: moonshot/kimi-k2-thinking was not added as a fallback: ${builtInOnly}`,
    );
    expect(fallbackSaid).toContain(
      "hint: to add it anyway: openclaw models fallbacks add moonshot/kimi-k2-thinking --force",
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(before);

    const alias = await state.run(["models", "aliases", "add", "Thinker", "kimi-k2-thinking"]);
    expect(alias.code).toBe(2);
    const aliasSaid = alias.stderr.replace(/\n\s+/g, " ");
    expect(aliasSaid).toContain(
      `error: moonshot/kimi-k2-thinking was not given the alias "Thinker": ${builtInOnly}`,
    );
    expect(aliasSaid).toContain(
      'hint: to give it the alias anyway: openclaw models aliases add "Thinker" moonshot/kimi-k2-thinking --force',
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(before);

    for (const command of [
      ["models", "fallbacks", "add", "--help"],
      ["models", "aliases", "add", "--help"],
    ]) {
      const help = await state.run(command);
      expect(help.stdout.replace(/\s+/g, " ")).toContain(
        "of openclaw's built-in list that the provider's models list in the config leaves out (the provider may have retired it); refused without",
      );
    }

    // A model the provider's list still has is added as before.
    const offered = await state.run(["models", "fallbacks", "add", "kimi-k2.6"]);
    expect(offered.code).toBe(0);

    const forced = await state.run([
      "models",
      "fallbacks",
      "add",
      "moonshot/kimi-k2-thinking",
      "--force",
    ]);
    expect(forced.code).toBe(0);
    expect((await state.run(["models", "fallbacks", "list"])).stdout).toContain(
      "moonshot/kimi-k2-thinking",
    );
    const forcedAlias = await state.run([
      "models",
      "aliases",
      "add",
      "Thinker",
      "kimi-k2-thinking",
      "--force",
    ]);
    expect(forcedAlias.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toContain('alias: "Thinker"');
  });
});
