import { describe, expect, it } from "vitest";
import { applyProviderSetup, type ProviderSetup } from "../../src/onboard/index.js";

const MOONSHOT: ProviderSetup = {
  providerId: "moonshot",
  baseUrl: "https://api.moonshot.ai/v1",
  api: "openai-completions",
  models: [
    { id: "kimi-k2.5", name: "Kimi K2.5" },
    { id: "kimi-k2-thinking", name: "Kimi K2 Thinking", reasoning: true },
  ],
  aliases: { "moonshot/kimi-k2.5": "Kimi K2.5", "moonshot/kimi-k2-thinking": "Kimi K2 Thinking" },
  primary: "moonshot/kimi-k2.5",
};

describe("applyProviderSetup", () => {
  it("builds a full provider block on an empty config", () => {
    const plan = applyProviderSetup({}, MOONSHOT);
    expect(plan.config).toEqual({
      models: {
        providers: {
          moonshot: {
            baseUrl: "https://api.moonshot.ai/v1",
            api: "openai-completions",
            models: MOONSHOT.models,
          },
        },
      },
      agents: {
        defaults: {
          models: {
            "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
            "moonshot/kimi-k2-thinking": { alias: "Kimi K2 Thinking" },
          },
          model: { primary: "moonshot/kimi-k2.5" },
        },
      },
    });
    expect(plan.modelsAdded).toEqual(["kimi-k2.5", "kimi-k2-thinking"]);
    expect(plan.providerModels).toEqual(["kimi-k2.5", "kimi-k2-thinking"]);
  });

  it("keeps the user's entries, aliases, extra fields and fallbacks, and does not mutate its input", () => {
    const original = {
      gateway: { port: 1234 },
      agents: {
        defaults: {
          model: {
            primary: "kimi-code/kimi-for-coding",
            fallbacks: ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"],
          },
          models: {
            "Moonshot/kimi-k2-thinking": { alias: "Kimi K2.5", params: { temperature: 1 } },
          },
        },
      },
      models: {
        providers: {
          moonshot: { headers: { "X-Org": "me" }, models: [{ id: "kimi-k2.5", name: "Mine" }] },
        },
      },
    };
    const frozen = JSON.stringify(original);
    const plan = applyProviderSetup(original, MOONSHOT);
    expect(JSON.stringify(original)).toBe(frozen);
    const config = plan.config as typeof original & {
      models: {
        providers: { moonshot: { baseUrl: string; models: { id: string; name: string }[] } };
      };
    };
    expect(config.gateway).toEqual({ port: 1234 });
    expect(config.models.providers.moonshot.headers).toEqual({ "X-Org": "me" });
    expect(config.models.providers.moonshot.models).toEqual([
      { id: "kimi-k2.5", name: "Mine" },
      { id: "kimi-k2-thinking", name: "Kimi K2 Thinking", reasoning: true },
    ]);
    // "Kimi K2.5" was already the user's alias for another model: it stays theirs, and the new
    // model is still listed (so an allowlist does not shut it out), just without an alias.
    expect(config.agents.defaults.models).toEqual({
      "Moonshot/kimi-k2-thinking": { alias: "Kimi K2.5", params: { temperature: 1 } },
      "moonshot/kimi-k2.5": {},
    });
    expect(plan.changes.join("\n")).toContain(
      'alias "Kimi K2.5" already names moonshot/kimi-k2-thinking',
    );
    // The new primary leaves the fallback list; the other fallback stays.
    expect(config.agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2.5",
      fallbacks: ["kimi-code/kimi-for-coding"],
    });
    expect(plan.previousPrimary).toBe("kimi-code/kimi-for-coding");
    // What onboarding compares with the provider's model list: the user's models and the new one.
    expect(plan.modelsAdded).toEqual(["kimi-k2-thinking"]);
    expect(plan.providerModels).toEqual(["kimi-k2.5", "kimi-k2-thinking"]);
  });

  it("turns a plain-string model selection into {primary}", () => {
    const plan = applyProviderSetup(
      { agents: { defaults: { model: "kimi-code/kimi-for-coding" } } },
      MOONSHOT,
    );
    expect(
      (plan.config as { agents: { defaults: { model: unknown } } }).agents.defaults.model,
    ).toEqual({
      primary: "moonshot/kimi-k2.5",
    });
  });

  it("changes nothing on a second run", () => {
    const once = applyProviderSetup({}, MOONSHOT);
    const twice = applyProviderSetup(once.config, MOONSHOT);
    expect(twice.config).toEqual(once.config);
    expect(twice.changes).toEqual([]);
  });

  describe("with an $include", () => {
    const included = {
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2-thinking", fallbacks: ["kimi-code/kimi-for-coding"] },
          models: {
            "moonshot/kimi-k2.5": { alias: "Fast" },
            "moonshot/kimi-k2-thinking": { params: { temperature: 1 } },
          },
        },
      },
      models: {
        providers: {
          moonshot: {
            baseUrl: "https://api.moonshot.ai/v1",
            api: "openai-completions",
            models: [{ id: "kimi-k2.5", name: "Mine", contextWindow: 128000 }],
          },
        },
      },
    };
    const root = { $include: "./moonshot.json5" };
    const sources = { merged: { ...included }, file: "openclaw.json", included: "moonshot.json5" };

    it("writes into the main file only what the loaded config lacks, and says what it overrides", () => {
      const plan = applyProviderSetup(root, MOONSHOT, sources);
      // The provider, its model and the alias exist in the include: untouched, not reported.
      // A missing model is not added by a list that would replace the included one.
      expect(plan.config).toEqual({
        $include: "./moonshot.json5",
        agents: {
          defaults: {
            models: { "moonshot/kimi-k2-thinking": { alias: "Kimi K2 Thinking" } },
            model: { primary: "moonshot/kimi-k2.5" },
          },
        },
      });
      expect(plan.modelsAdded).toEqual([]);
      expect(plan.aliasesAdded).toEqual({ "moonshot/kimi-k2-thinking": "Kimi K2 Thinking" });
      expect(plan.changes).toEqual([
        "aliases: Kimi K2 Thinking → moonshot/kimi-k2-thinking",
        "primary model: moonshot/kimi-k2.5 (was moonshot/kimi-k2-thinking, set in moonshot.json5; openclaw.json now overrides it)",
      ]);
      expect(plan.warnings).toEqual([
        "moonshot: model kimi-k2-thinking not added: moonshot's models are listed in moonshot.json5, and a list in openclaw.json would replace that one (add them there if you want them listed)",
      ]);
      // The include's fallbacks still apply (the main file's selection merges over them).
      expect(plan.fallbacks).toEqual(["kimi-code/kimi-for-coding"]);
    });

    it("leaves a config the include already sets up entirely alone", () => {
      const complete = {
        agents: {
          defaults: {
            model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] },
            models: {
              "moonshot/kimi-k2.5": { alias: "Fast" },
              "moonshot/kimi-k2-thinking": { alias: "Deep" },
            },
          },
        },
        models: {
          providers: {
            moonshot: {
              ...included.models.providers.moonshot,
              models: [{ id: "kimi-k2.5" }, { id: "kimi-k2-thinking" }],
            },
          },
        },
      };
      const plan = applyProviderSetup(root, MOONSHOT, { ...sources, merged: complete });
      expect(plan.config).toEqual(root);
      expect(plan.changes).toEqual([]);
      expect(plan.warnings).toEqual([]);
    });

    it("overrides an included baseUrl of the other region in the main file, and says so", () => {
      const plan = applyProviderSetup(
        root,
        { ...MOONSHOT, baseUrl: "https://api.moonshot.cn/v1" },
        sources,
      );
      expect(plan.config).toMatchObject({
        models: { providers: { moonshot: { baseUrl: "https://api.moonshot.cn/v1" } } },
      });
      expect(plan.changes).toContain(
        "moonshot: baseUrl https://api.moonshot.ai/v1 → https://api.moonshot.cn/v1 (the old one is set in moonshot.json5; openclaw.json now overrides it)",
      );
    });
  });

  it("does not normalise a selection that already has the primary", () => {
    const original = { agents: { defaults: { model: "moonshot/kimi-k2.5" } } };
    const plan = applyProviderSetup(original, { ...MOONSHOT, aliases: {} });
    expect(plan.config).toMatchObject(original);
    expect(plan.changes).not.toContainEqual(expect.stringContaining("primary model"));
  });
});
