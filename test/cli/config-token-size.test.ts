/**
 * `models list` writes context windows as sizes (256k), so a person adjusting the spec page's
 * `contextWindow` may write "256k" (or `maxTokens: "32k"`) in the config or on `config set`. The
 * key takes the number of tokens itself: the hint says so and gives the number to write, the
 * built-in model's own when the size reads as it (kimi-k2.5's 256000, kimi-for-coding's 262144,
 * which models list both writes as 256k), else both readings. Before, only "a value of the kind
 * it takes" (config set), or no hint at all (config validate).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, `../fixtures/seed/${name}.json5`), "utf8");

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a model's token count written as a size", () => {
  it("config validate gives the number to write, the built-in model's when it is one", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed("moonshot")
        .replace("contextWindow: 256000", 'contextWindow: "256k"')
        .replace("maxTokens: 8192", 'maxTokens: "32k"'),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    const said = unwrapped(result.stderr);
    expect(said).toContain(
      "— contextWindow takes a number of tokens, in digits: write 256000 (no quotes, no k), as the built-in moonshot/kimi-k2.5 has it",
    );
    expect(said).toContain(
      '— maxTokens takes a number of tokens, in digits: "32k" is 32000 counted in thousands or 32768 in 1024s (models list writes both as 32k): write the one the model\'s provider gives, e.g. 32768',
    );
  });

  it("Kimi Code's 256k is 262144, as its built-in model has it", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed("kimi-code").replace("contextWindow: 262144", 'contextWindow: "256K"'),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    expect(unwrapped(result.stderr)).toContain(
      "hint: contextWindow takes a number of tokens, in digits: write 262144 (no quotes, no K), as the built-in kimi-code/kimi-for-coding has it",
    );
  });

  it("config set says what to type and writes nothing", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed("moonshot"));
    const before = state.snapshot();
    const path = "models.providers.moonshot.models[0].contextWindow";

    const size = await state.run(["config", "set", path, "256k"]);
    const grouped = await state.run(["config", "set", path, "256,000"]);

    expect(size.code).toBe(2);
    expect(unwrapped(size.stderr)).toContain(
      "hint: contextWindow takes a number of tokens, in digits: write 256000 (no quotes, no k), as the built-in moonshot/kimi-k2.5 has it; nothing was written",
    );
    expect(grouped.code).toBe(2);
    expect(unwrapped(grouped.stderr)).toContain(
      "hint: contextWindow takes a number of tokens, in digits: write 256000; nothing was written",
    );
    expect(state.snapshot()).toEqual(before);
  });
});
