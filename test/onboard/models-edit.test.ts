import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { addAlias, removeAlias } from "../../src/onboard/index.js";
import { freshState } from "./harness.js";

function refusal(alias: string): OpenClawError {
  try {
    addAlias({}, alias, "moonshot/kimi-k2.5");
  } catch (error) {
    expect(error).toBeInstanceOf(OpenClawError);
    return error as OpenClawError;
  }
  throw new Error(`expected alias ${JSON.stringify(alias)} to be refused`);
}

describe("models aliases add", () => {
  it("refuses an alias carrying ESC or a newline, and shows it escaped, never raw", () => {
    const error = refusal("ev\u001b[2Jil\nX");
    expect(error.code).toBe("alias.invalid");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("control character");
    expect(error.message).toContain("\\u001b[2Jil\\nX");
    expect(error.message).not.toMatch(/\p{Cc}/u);
    expect(refusal("tab\there").code).toBe("alias.invalid");
  });

  it("refuses invisible and text-direction characters (U+202E, a zero-width space), shown escaped", () => {
    for (const alias of ["kimi\u202Eevil", "ki\u200Bmi"]) {
      const error = refusal(alias);
      expect(error.code).toBe("alias.invalid");
      expect(error.message).toContain("invisible or text-direction character");
      expect(error.message).not.toMatch(/[\u200B\u202E]/);
    }
    // An emoji ZWJ sequence is a name, not a trick: it is kept as written, joiner and all.
    const config = {};
    expect(addAlias(config, "👩\u200D💻 coder", "moonshot/kimi-k2.5").changed).toBe(true);
    expect(config).toEqual({
      agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "👩\u200D💻 coder" } } } },
    });
  });

  it("still refuses an empty alias and one with a '/', and takes a plain name", () => {
    expect(refusal("  ").message).toContain("empty");
    expect(refusal("moonshot/kimi-k2.5").message).toContain('"/"');
    const config = {};
    expect(addAlias(config, "Kimi ✨", "moonshot/kimi-k2.5").changed).toBe(true);
    expect(config).toEqual({
      agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi ✨" } } } },
    });
  });

  it("keeps every alias when several are added at once by separate processes", async () => {
    const state = freshState();
    writeFileSync(state.configPath, "{ agents: { defaults: { models: {} } } }\n");
    const models = [
      "kimi-k2.5",
      "kimi-k2-0905-preview",
      "kimi-k2-turbo-preview",
      "kimi-k2-thinking",
    ];
    const results = await Promise.all(
      models.map((id, index) =>
        state.run(["models", "aliases", "add", `Alias ${index}`, `moonshot/${id}`]),
      ),
    );
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    const config = state.config() as {
      agents: { defaults: { models: Record<string, { alias?: string }> } };
    };
    expect(models.map((id) => config.agents.defaults.models[`moonshot/${id}`]?.alias)).toEqual([
      "Alias 0",
      "Alias 1",
      "Alias 2",
      "Alias 3",
    ]);
  });
});

describe("models aliases remove", () => {
  it("names the alias as the config writes it, not as it was typed", async () => {
    const config = {
      agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } } } },
    };
    const result = removeAlias(config, "  kimi k2.5 ");
    expect(result.message).toBe('removed alias "Kimi K2.5" (was moonshot/kimi-k2.5)');
    // Its only entry emptied: taken away, so that no allowlist is left behind.
    expect(config.agents.defaults).toEqual({});

    const state = freshState();
    writeFileSync(
      state.configPath,
      '{ agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } } } } }\n',
    );
    const removed = await state.run(["models", "aliases", "remove", "kimi k2.5", "--json"]);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({
      ok: true,
      changed: true,
      alias: "Kimi K2.5",
      message: expect.stringMatching(/^removed alias "Kimi K2.5" \(was moonshot\/kimi-k2.5\);/),
    });
  });
});
