/**
 * A default chain written with aliases (`primary: "Kimi K2.5", fallbacks: ["Kimi K2"]`) is a valid
 * config: status, the runtime and a prune read the aliases as the models they name. The models
 * edits must read them so too, or the command a prune tells you to run fails.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

/** The page's Moonshot config with its default chain written by alias. */
function chainByAlias(baseUrl?: string): StateDir {
  const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
  copyFileSync(SEED, state.configPath);
  let text = readFileSync(state.configPath, "utf8").replace(
    'model: { primary: "moonshot/kimi-k2.5" }',
    'model: { primary: "Kimi K2.5", fallbacks: ["Kimi K2"] }',
  );
  if (baseUrl) text = text.replace("https://api.moonshot.ai/v1", baseUrl);
  expect(text).toContain('fallbacks: ["Kimi K2"]');
  writeFileSync(state.configPath, text);
  return state;
}

function chain(state: StateDir): unknown {
  const config = state.config() as { agents: { defaults: { model: unknown } } };
  return config.agents.defaults.model;
}

describe("models edits on a default chain written with aliases", () => {
  it("fallbacks list shows the model an alias names, with the alias beside it (--json: written)", async () => {
    const state = chainByAlias();
    const text = await state.run(["models", "fallbacks", "list"]);
    // Before: '1. Kimi K2', where models status shows the ref.
    expect(text.stdout).toBe('1. moonshot/kimi-k2-0905-preview (written as "Kimi K2")\n');
    expect(text.code).toBe(0);
    const json = await state.run(["models", "fallbacks", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      fallbacks: ["moonshot/kimi-k2-0905-preview"],
      written: ["Kimi K2"],
      problems: [],
    });
  });

  it("fallbacks remove takes out a fallback named by its alias, given its ref", async () => {
    const state = chainByAlias();
    const removed = await state.run([
      "models",
      "fallbacks",
      "remove",
      "moonshot/kimi-k2-0905-preview",
    ]);
    expect(removed.stderr).toBe("");
    expect(removed.stdout).toBe("removed fallback moonshot/kimi-k2-0905-preview\n");
    expect(removed.code).toBe(0);
    expect(chain(state)).toEqual({ primary: "Kimi K2.5", fallbacks: [] });
  });

  it("fallbacks remove takes it out given the alias itself", async () => {
    const state = chainByAlias();
    const removed = await state.run(["models", "fallbacks", "remove", "kimi k2"]);
    expect(removed.code).toBe(0);
    expect(chain(state)).toEqual({ primary: "Kimi K2.5", fallbacks: [] });
  });

  it("fallbacks add of the model a fallback alias names says it is already one", async () => {
    const state = chainByAlias();
    const before = state.snapshot();
    const added = await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2-0905-preview"]);
    expect(added.stderr).toBe("");
    expect(added.stdout).toBe("moonshot/kimi-k2-0905-preview is already a fallback (#1)\n");
    expect(added.code).toBe(0);
    expect(state.snapshot()).toEqual(before);
  });

  it("fallbacks add of the model the primary alias names is refused as the default", async () => {
    const state = chainByAlias();
    const added = await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2.5"]);
    expect(added.stderr).toContain(
      "error: moonshot/kimi-k2.5 is the default model, so it cannot also be its fallback",
    );
    expect(added.code).toBe(2);
  });

  it("set of the model a fallback alias names moves it out of the fallbacks", async () => {
    const state = chainByAlias();
    const set = await state.run(["models", "set", "moonshot/kimi-k2-0905-preview"]);
    // Nothing on stderr but that the id is retired (retired-model-edit-warning.test.ts).
    expect(set.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^warning: moonshot\/kimi-k2-0905-preview \(now the default model\) is a model id moonshot retired in 2026 per openclaw's list/,
      ),
    ]);
    expect(set.stdout).toBe(
      "default model: moonshot/kimi-k2-0905-preview (was Kimi K2.5); it is no longer fallback #1\n",
    );
    expect(set.code).toBe(0);
    expect(chain(state)).toEqual({ primary: "moonshot/kimi-k2-0905-preview", fallbacks: [] });
  });

  it("set of the model the primary alias names changes nothing", async () => {
    const state = chainByAlias();
    const before = state.snapshot();
    const set = await state.run(["models", "set", "moonshot/kimi-k2.5"]);
    expect(set.stdout).toBe("the default model is already moonshot/kimi-k2.5\n");
    expect(set.code).toBe(0);
    expect(state.snapshot()).toEqual(before);
  });
});

describe("models scan --prune with a fallback written as an alias", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ region: "ai" });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("the command its refusal names works, and the prune then goes through", async () => {
    const state = chainByAlias(sim.moonshotBaseUrl);
    const refused = await state.run(["models", "scan", "--prune"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "hint: first run: openclaw models fallbacks remove moonshot/kimi-k2-0905-preview; then again: openclaw models scan --prune",
    );
    const removed = await state.run([
      "models",
      "fallbacks",
      "remove",
      "moonshot/kimi-k2-0905-preview",
    ]);
    expect(removed.code).toBe(0);
    const pruned = await state.run(["models", "scan", "--prune"]);
    expect(pruned.code).toBe(0);
    const config = JSON5.parse(readFileSync(state.configPath, "utf8")) as {
      agents: { defaults: { model: unknown; models: Record<string, unknown> } };
    };
    expect(config.agents.defaults.model).toEqual({ primary: "Kimi K2.5", fallbacks: [] });
    expect(Object.keys(config.agents.defaults.models)).toEqual(["moonshot/kimi-k2.5"]);
  });
});

describe("models aliases edits of an alias the default chain names a model by", () => {
  it("aliases remove is refused, naming the entry and the command that writes the ref", async () => {
    const state = chainByAlias();
    const before = state.snapshot();
    const removed = await state.run(["models", "aliases", "remove", "kimi k2"]);
    expect(removed.stderr).toBe(
      'error: alias "Kimi K2" is how the config names fallback #1, moonshot/kimi-k2-0905-preview: without it, agents.defaults.model.fallbacks[0] would name no model\n' +
        "hint: first write it as the ref: openclaw config set 'agents.defaults.model.fallbacks[0]' moonshot/kimi-k2-0905-preview\n",
    );
    expect(removed.code).toBe(2);
    expect(state.snapshot()).toEqual(before);
  });

  it("aliases add of a new name for the primary's model is refused the same way", async () => {
    const state = chainByAlias();
    const before = state.snapshot();
    const added = await state.run(["models", "aliases", "add", "K25", "moonshot/kimi-k2.5"]);
    expect(added.stderr).toContain(
      "hint: first write it as the ref: openclaw config set 'agents.defaults.model.primary' moonshot/kimi-k2.5\n",
    );
    expect(added.code).toBe(2);
    expect(state.snapshot()).toEqual(before);
  });

  it("the hinted command, then the removal, both work", async () => {
    const state = chainByAlias();
    const set = await state.run([
      "config",
      "set",
      "agents.defaults.model.fallbacks[0]",
      "moonshot/kimi-k2-0905-preview",
    ]);
    expect(set.code).toBe(0);
    const removed = await state.run(["models", "aliases", "remove", "Kimi K2"]);
    expect(removed.stderr).toBe("");
    expect(removed.code).toBe(0);
    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(0);
  });

  it("an alias the chain does not use goes as before", async () => {
    const state = chainByAlias();
    const removed = await state.run(["models", "aliases", "remove", "Kimi K2 Turbo"]);
    expect(removed.stderr).toBe("");
    expect(removed.stdout).toContain(
      'removed alias "Kimi K2 Turbo" (was moonshot/kimi-k2-turbo-preview)',
    );
    expect(removed.code).toBe(0);
    const config = state.config() as {
      agents: { defaults: { models: Record<string, { alias?: string }> } };
    };
    expect(config.agents.defaults.models["moonshot/kimi-k2-turbo-preview"]?.alias).toBeUndefined();
    // The chain's own aliases are untouched.
    expect(chain(state)).toEqual({ primary: "Kimi K2.5", fallbacks: ["Kimi K2"] });
    expect(config.agents.defaults.models["moonshot/kimi-k2.5"]?.alias).toBe("Kimi K2.5");
  });
});
