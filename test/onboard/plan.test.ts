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
});
