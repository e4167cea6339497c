/**
 * The spec page's note says to adjust `contextWindow` when Moonshot publishes another limit; a
 * reader editing the file may write it once on the provider, beside `baseUrl`. `config validate`
 * (and every command reading the config) said "is not a known key" with the provider's keys, none
 * of which is `contextWindow`: nothing said where it goes. The hint now says it is set for each
 * model, with the index each model has, and, moved there, the config is valid.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const seed = () =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8").replace(
    '"sk-..."',
    '"sk-fake-moon-0001"',
  );

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a model's key written on its provider in the seed snippet", () => {
  it("config validate says it is set for each model, with their indexes; moved there, it is valid", async () => {
    const state = freshState();
    const onProvider = seed().replace(
      'api: "openai-completions",',
      'api: "openai-completions",\n        contextWindow: 128000,',
    );
    writeFileSync(state.configPath, onProvider);
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    const said = unwrapped(result.stderr + result.stdout);
    expect(said).toContain(
      `models.providers.moonshot.contextWindow: is not a known key (${state.configPath}:24)`,
    );
    expect(said).toContain(
      "contextWindow is set for each model, not for its provider: move it into the models it applies to, under this provider's models (models[0] is kimi-k2.5, models[1] is kimi-k2-0905-preview, models[2] is kimi-k2-turbo-preview, models[3] is kimi-k2-thinking, models[4] is kimi-k2-thinking-turbo), e.g. models[0].contextWindow",
    );

    // Moved into the first model, in place of its own.
    writeFileSync(
      state.configPath,
      seed().replace("contextWindow: 256000", "contextWindow: 128000"),
    );
    const valid = await state.run(["config", "validate"]);
    expect(valid.code).toBe(0);
  });

  it("a key of neither keeps the usual hint", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed().replace(
        'api: "openai-completions",',
        'api: "openai-completions",\n        region: "cn",',
      ),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    expect(unwrapped(result.stderr + result.stdout)).toContain("known keys here: baseUrl");
  });
});
