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

describe("a size written in Chinese units (万, 千)", () => {
  it("config validate and config set give the number to write: 25.6万 and 256千 are 256000", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed("moonshot").replace("contextWindow: 256000", 'contextWindow: "25.6万"'),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    expect(unwrapped(result.stderr)).toContain(
      'models.providers.moonshot.models[0].contextWindow: expected an integer ≥ 1, found the string "25.6万"',
    );
    expect(unwrapped(result.stderr)).toContain(
      "contextWindow takes a number of tokens, in digits: write 256000",
    );

    writeFileSync(state.configPath, seed("moonshot"));
    const before = state.snapshot();
    const set = await state.run([
      "config",
      "set",
      "models.providers.moonshot.models[0].contextWindow",
      "256千",
    ]);
    expect(set.code).toBe(2);
    expect(unwrapped(set.stderr)).toContain(
      "hint: contextWindow takes a number of tokens, in digits: write 256000; nothing was written",
    );
    expect(state.snapshot()).toEqual(before);
  });
});

describe("a model's params.maxTokens, temperature and topP", () => {
  const withParams = (params: string) =>
    seed("moonshot").replace(
      '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" }',
      `"moonshot/kimi-k2.5": { alias: "Kimi K2.5", params: ${params} }`,
    );

  it("config validate refuses a size, a negative or a fractional cap and a quoted number, at file:line", async () => {
    const state = freshState();
    const path = 'agents.defaults.models["moonshot/kimi-k2.5"].params';
    writeFileSync(state.configPath, withParams('{ maxTokens: "32k", temperature: "0.6" }'));
    const size = await state.run(["config", "validate"]);
    expect(size.code).toBe(1);
    const said = unwrapped(size.stderr);
    expect(said).toContain(
      `${path}.maxTokens: expected an integer ≥ 1, found the string "32k" (${state.configPath}:8) — params.maxTokens takes a number of tokens, in digits: write 32000 ("32k" counted in thousands, as the default cap of 32000 is), or 32768 if you meant it in 1024s`,
    );
    expect(said).toContain(
      `${path}.temperature: expected a number ≥ 0, found the string "0.6" (${state.configPath}:8) — write it without quotes: 0.6`,
    );

    for (const [written, found] of [
      ["-1", "the number -1"],
      ["1000.5", "the number 1000.5"],
      ['"3.2万"', 'the string "3.2万"'],
    ] as const) {
      writeFileSync(state.configPath, withParams(`{ maxTokens: ${written} }`));
      const result = await state.run(["config", "validate"]);
      expect(result.code).toBe(1);
      expect(unwrapped(result.stderr)).toContain(
        `${path}.maxTokens: expected an integer ≥ 1, found ${found}`,
      );
    }
    expect(unwrapped((await state.run(["config", "validate"])).stderr)).toContain(
      "params.maxTokens takes a number of tokens, in digits: write 32000",
    );
    writeFileSync(state.configPath, withParams("{ maxTokens: -1 }"));
    expect(unwrapped((await state.run(["config", "validate"])).stderr)).toContain(
      `write a whole number of tokens above 0 (e.g. 32000), or leave it out to send the default (the model's maxTokens, up to 32000): openclaw config unset '${path}.maxTokens'`,
    );
  });

  it("config set refuses 32k and writes nothing; other params keys are taken as written", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed("moonshot"));
    const before = state.snapshot();
    const path = 'agents.defaults.models["moonshot/kimi-k2.5"].params';
    const size = await state.run(["config", "set", `${path}.maxTokens`, "32k"]);
    expect(size.code).toBe(2);
    expect(unwrapped(size.stderr)).toContain(
      "params.maxTokens takes a number of tokens, in digits: write 32000",
    );
    expect(state.snapshot()).toEqual(before);

    const other = await state.run(["config", "set", `${path}.presence_penalty`, "0.5"]);
    expect(other.code).toBe(0);
    const number = await state.run(["config", "set", `${path}.maxTokens`, "32000"]);
    expect(number.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toContain("maxTokens: 32000");
  });
});

describe("a size or a full-width number written without quotes in the file", () => {
  it("config validate names it at its line and column with the number to write", async () => {
    const state = freshState();
    const line = seed("moonshot")
      .split("\n")
      .findIndex((text) => text.includes("contextWindow: 256000"));
    const cases = [
      [
        "25.6万",
        '"25.6万" is a size, not a number JSON5 reads',
        "write the number of tokens in digits: 256000",
      ],
      [
        "256k",
        '"256k" is a size, not a number JSON5 reads',
        "write the number of tokens in digits: 256000 counted in thousands, or 262144 in 1024s",
      ],
      [
        "２５６０００",
        "this number is written in full-width digits, which JSON5 does not read",
        "hint: write it in ASCII digits: 256000",
      ],
    ] as const;
    for (const [written, reason, hint] of cases) {
      writeFileSync(
        state.configPath,
        seed("moonshot").replace("contextWindow: 256000", `contextWindow: ${written}`),
      );
      const result = await state.run(["config", "validate"]);
      expect(result.code).toBe(1);
      const said = unwrapped(result.stderr);
      expect(said).toContain(`${state.configPath}:${line + 1}:28: ${reason}`);
      expect(said).toContain(hint);
    }
  });

  it("config set of full-width digits says to write them in ASCII; full-width sizes read as sizes", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed("moonshot"));
    const path = "models.providers.moonshot.models[0].contextWindow";
    const digits = await state.run(["config", "set", path, "２５６０００"]);
    expect(digits.code).toBe(2);
    expect(unwrapped(digits.stderr)).toContain(
      "hint: write it in ASCII digits, without quotes: 256000; nothing was written",
    );
    const size = await state.run(["config", "set", path, "２５．６万"]);
    expect(unwrapped(size.stderr)).toContain(
      "hint: contextWindow takes a number of tokens, in digits: write 256000; nothing was written",
    );
  });
});

describe("a model's params under a name every request sets itself", () => {
  it("config validate warns that max_tokens (the API's name) is dropped and gives the maxTokens to write", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed("moonshot").replace(
        '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" }',
        '"moonshot/kimi-k2.5": { alias: "Kimi K2.5", params: { max_tokens: 16000, stream: false } }',
      ),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(0);
    const said = unwrapped(result.stdout + result.stderr);
    const path = 'agents.defaults.models["moonshot/kimi-k2.5"].params';
    expect(said).toContain(
      `! ${path}.max_tokens: is not sent: the output cap sent is params.maxTokens, so this value is dropped from every request (${state.configPath}:8)`,
    );
    expect(said).toContain(
      `hint: write it as maxTokens: openclaw config set '${path}.maxTokens' 16000, then openclaw config unset '${path}.max_tokens'`,
    );
    expect(said).toContain(
      `! ${path}.stream: is not sent: each request sets whether it streams, so this value is dropped from every request`,
    );
  });
});
