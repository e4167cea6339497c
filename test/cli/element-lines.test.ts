/**
 * Every `file:line` the CLI prints for a value inside a list names the element's own line: not
 * the line of the list's `[`, nor an earlier element holding the same key. One command of each
 * family that names places: config validate, a command refusing an invalid config, the config
 * edits' refusals, doctor's warnings and `models scan --prune`'s refusal.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineWith } from "../helpers/config-lines.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

/** Fallbacks one to a line, below the line of the list's `[`. */
const FALLBACKS = `{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5",
    fallbacks: [
      "moonshot/kimi-k2.6",
      "moonshot/no-such-model",
    ],
  } } },
  models: {
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        models: [
          { id: "kimi-k2.5", name: "Kimi K2.5", cost: { input: 1 } },
          {
            id: "kimi-k2-extra",
            name: "Extra",
            cost: {
              input: "cheap",
            },
          },
        ],
      },
    },
  },
}
`;

describe("a value inside a list, as the CLI places it", () => {
  it("config validate names each fallback's own line, in text and in --json", async () => {
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    const text = FALLBACKS.replace('"cheap"', "2");
    writeFileSync(state.configPath, text);
    const first = lineWith(text, '"moonshot/kimi-k2.6"');
    const second = lineWith(text, '"moonshot/no-such-model"');

    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      `✗ agents.defaults.model.fallbacks[1]: fallback 2 cannot be used: unknown model "no-such-model" for provider "moonshot" (${state.configPath}:${second})`,
    );
    expect(validate.stdout).toContain(
      `✗ agents.defaults.model.fallbacks[0]: fallback 1 cannot be used: unknown model "kimi-k2.6"`,
    );
    const json = await state.run(["config", "validate", "--json"]);
    expect(JSON.parse(json.stdout).problems).toMatchObject([
      { path: "agents.defaults.model.fallbacks[0]", file: state.configPath, line: first },
      { path: "agents.defaults.model.fallbacks[1]", file: state.configPath, line: second },
    ]);
  });

  it("a command naming a provider's invalid setting names the line of the element's key", async () => {
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(state.configPath, FALLBACKS);
    // A bad value inside one provider disables that provider only: models list still runs.
    const list = await state.run(["models", "list"]);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain(
      `warning: models.providers.moonshot.models[1].cost.input: expected a number ≥ 0, found the string "cheap" (${state.configPath}:${lineWith(FALLBACKS, '"cheap"')}): provider moonshot is disabled`,
    );
  });

  describe("with the list in an included file", () => {
    const INCLUDED = `{
  agents: { defaults: { model: {
    fallbacks: [
      "moonshot/kimi-k2.5",
      "moonshot/kimi-k2-turbo-preview",
    ],
  } } },
  models: {
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        models: [
          { id: "kimi-k2.5", name: "Kimi K2.5" },
          {
            id: "kimi-k2-extra",
            name: "\${EXTRA_NAME}",
          },
        ],
      },
    },
  },
}
`;
    function includingState() {
      const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
      writeFileSync(
        state.configPath,
        `{\n  $include: "./models.json5",\n  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },\n}\n`,
      );
      writeFileSync(join(state.dir, "models.json5"), INCLUDED);
      return { state, included: join(state.dir, "models.json5") };
    }

    it("config unset of an element says which line of the included file to remove", async () => {
      const { state, included } = includingState();
      const line = lineWith(INCLUDED, '"moonshot/kimi-k2-turbo-preview"');
      const unset = await state.run(["config", "unset", "agents.defaults.model.fallbacks[1]"]);
      expect(unset.code).toBe(1);
      expect(unset.stderr).toContain(
        `error: agents.defaults.model.fallbacks[1] is set in ${included}:${line}, which openclaw.json includes with $include`,
      );
      expect(unset.stderr).toContain(
        `hint: remove it from ${included} (line ${line}) in an editor`,
      );
    });

    it("config set refused inside the included list points the hint at the element's field", async () => {
      const { state, included } = includingState();
      const listLine = lineWith(INCLUDED, "models: [");
      const set = await state.run([
        "config",
        "set",
        "models.providers.moonshot.models[1].name",
        "X",
      ]);
      expect(set.code).toBe(2);
      // The message names where the list is; the hint, the line to change.
      expect(set.stderr).toContain(
        `is in the list models.providers.moonshot.models, which is set in ${included}:${listLine} (included by openclaw.json with $include)`,
      );
      expect(set.stderr).toContain(
        `hint: change it in ${included} (line ${lineWith(INCLUDED, "EXTRA_NAME")}) in an editor`,
      );
      // A new element has no line of its own yet: the list's.
      const add = await state.run([
        "config",
        "set",
        "models.providers.moonshot.models[2]",
        '{id: "d", name: "D"}',
      ]);
      expect(add.code).toBe(2);
      expect(add.stderr).toContain(
        `hint: change it in ${included} (line ${listLine}) in an editor`,
      );
    });

    it("doctor's warning about an unset variable names the element's line", async () => {
      const { state, included } = includingState();
      const doctor = await state.run(["doctor"]);
      expect(doctor.stdout).toContain(
        `models.providers.moonshot.models[1].name: uses EXTRA_NAME, which is not set: this value cannot be used until it is (${included}:${lineWith(INCLUDED, "EXTRA_NAME")})`,
      );
    });
  });

  describe("models scan --prune", () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ region: "ai" });
    });
    afterAll(async () => {
      await sim?.close();
    });

    it("refused for a gone fallback, is at that fallback's own line", async () => {
      const state = freshState({ SIM_URL: sim.moonshotBaseUrl, MOONSHOT_API_KEY: MOONSHOT_KEY });
      const text = `{
  models: {
    providers: {
      moonshot: {
        baseUrl: "\${SIM_URL}",
        models: [
          { id: "kimi-k2.5", name: "Kimi K2.5" },
          { id: "kimi-k2-turbo-preview", name: "Kimi K2 Turbo" },
        ],
      },
    },
  },
  agents: {
    defaults: {
      model: {
        primary: "moonshot/kimi-k2.5",
        fallbacks: [
          "moonshot/kimi-k2.5",
          "moonshot/kimi-k2-turbo-preview",
        ],
      },
    },
  },
}
`;
      writeFileSync(state.configPath, text);
      const where = `${state.configPath}:${lineWith(text, '"moonshot/kimi-k2-turbo-preview",')}: agents.defaults.model.fallbacks[1]`;

      const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
      expect(prune.code).toBe(1);
      expect(prune.stderr).toContain(`  at ${where}\n`);
      const json = await state.run([
        "models",
        "scan",
        "--provider",
        "moonshot",
        "--prune",
        "--json",
      ]);
      expect(JSON.parse(json.stdout).error).toMatchObject({ code: "models.prune_refused", where });
    });
  });
});
