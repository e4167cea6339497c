/**
 * The spec page's notes say to adjust `contextWindow` (and pricing) in `models.providers` when
 * Moonshot publishes other limits. Typed on the provider (`models.providers.moonshot.contextWindow`)
 * or with the model's id as the list's index (`…models["kimi-k2.5"]`), `config set` answered that
 * `"moonshot.contextWindow"` was probably one key with a dot in its name and offered
 * `models.providers["moonshot.contextWindow"]`, a provider nobody meant, although the file has
 * the provider `moonshot`. It now says the key is set for each model, with the index each model
 * has, and the command that works.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

function seedState(): StateDir {
  const state = freshState();
  writeFileSync(
    state.configPath,
    readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8"),
  );
  return state;
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("config set of a model's key on the seed snippet's provider", () => {
  it("contextWindow on the provider: set for each model, by index; the command given works", async () => {
    const state = seedState();
    const before = state.snapshot();
    const result = await state.run([
      "config",
      "set",
      "models.providers.moonshot.contextWindow",
      "128000",
    ]);
    expect(result.code).toBe(2);
    const said = unwrapped(result.stderr);
    expect(said).not.toContain("one key with a dot");
    expect(said).toContain(
      "error: models.providers.moonshot.contextWindow is not a key of the config (the path given on the command line): contextWindow is set for each model, in models.providers.moonshot.models",
    );
    expect(said).toContain(
      "hint: set it for a model by its index in that list (models[0] is kimi-k2.5, models[1] is kimi-k2-0905-preview, models[2] is kimi-k2-turbo-preview, models[3] is kimi-k2-thinking, models[4] is kimi-k2-thinking-turbo): openclaw config set 'models.providers.moonshot.models[0].contextWindow' <value>",
    );
    expect(state.snapshot()).toEqual(before);

    const followed = await state.run([
      "config",
      "set",
      "models.providers.moonshot.models[0].contextWindow",
      "128000",
    ]);
    expect(followed.code).toBe(0);
    const got = await state.run([
      "config",
      "get",
      "models.providers.moonshot.models[0].contextWindow",
    ]);
    expect(got.stdout.trim()).toBe("128000");
  });

  it("a model named by its id: its index", async () => {
    const state = seedState();
    const result = await state.run([
      "config",
      "set",
      'models.providers.moonshot.models["kimi-k2-thinking"].maxTokens',
      "16384",
    ]);
    expect(result.code).toBe(2);
    const said = unwrapped(result.stderr);
    expect(said).toContain(
      'models.providers.moonshot.models["kimi-k2-thinking"] is not a key of the config (the path given on the command line): models.providers.moonshot.models is a list, whose elements are written [0], [1]…, not by model id',
    );
    expect(said).toContain(
      "hint: kimi-k2-thinking is models[3]: openclaw config set 'models.providers.moonshot.models[3].maxTokens' <value>",
    );
  });

  it("a provider without a models list in the file: the model is added with its id and name", async () => {
    const state = seedState();
    const result = await state.run([
      "config",
      "set",
      "models.providers.kimi-code.maxTokens",
      "16384",
    ]);
    expect(result.code).toBe(2);
    expect(unwrapped(result.stderr)).toContain(
      `hint: add the model to that list with its id and name: openclaw config set 'models.providers.kimi-code.models' '[{id: "<model id>", name: "<name>", maxTokens: <value>}]'`,
    );
  });

  it("a word after a provider the file has is not glued to it as one key", async () => {
    const state = seedState();
    const result = await state.run(["config", "set", "models.providers.moonshot.baseurl", "x"]);
    expect(result.code).toBe(2);
    const said = unwrapped(result.stderr);
    expect(said).not.toContain('models.providers["moonshot.baseurl"]');
    expect(said).toContain('did you mean "baseUrl"?');
  });
});
