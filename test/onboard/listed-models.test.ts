/**
 * Which built-in models onboarding writes: with the key check's list, those it has; without one,
 * none the built-in list marks retired (their requests fail with 404), and the default always,
 * which is never one of them.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_PROVIDERS, retiredMark } from "../../src/catalog/index.js";
import {
  keepListedModels,
  retiredLeftOutChange,
  withoutUnlisted,
} from "../../src/onboard/listed-models.js";

const moonshot = BUILTIN_PROVIDERS.find((provider) => provider.id === "moonshot");
const models = (moonshot?.models ?? []).map((model) => ({ id: model.id, name: model.name }));
const aliases = Object.fromEntries(
  (moonshot?.models ?? []).map((model) => [`moonshot/${model.id}`, model.alias]),
);

describe("keepListedModels", () => {
  it("with no list, leaves out the ids marked retired and keeps the default", () => {
    const chosen = keepListedModels("moonshot", models, aliases, "kimi-k2.5", []);
    expect(chosen.models.map((model) => model.id)).toEqual(["kimi-k2.5"]);
    expect(chosen.aliases).toEqual({ "moonshot/kimi-k2.5": "Kimi K2.5" });
    expect(chosen.leftOut).toEqual([
      "kimi-k2-0905-preview",
      "kimi-k2-turbo-preview",
      "kimi-k2-thinking",
      "kimi-k2-thinking-turbo",
    ]);
    expect(retiredLeftOutChange("moonshot", chosen.leftOut)).toBe(
      "moonshot: not added: kimi-k2-0905-preview, kimi-k2-turbo-preview, kimi-k2-thinking, kimi-k2-thinking-turbo, which moonshot retired in 2026 per openclaw's list (requests to them fail with 404); kimi-k2.5 replaces them",
    );
  });

  it("keeps a retired id the endpoint still lists (a proxy may serve it)", () => {
    const chosen = keepListedModels("moonshot-cn", models, {}, "kimi-k2.5", [
      { id: "kimi-k2-thinking" },
    ]);
    expect(chosen.models.map((model) => model.id)).toEqual(["kimi-k2.5", "kimi-k2-thinking"]);
  });

  it("never leaves out a built-in provider's default: none is marked retired", () => {
    for (const provider of BUILTIN_PROVIDERS) {
      expect(retiredMark(provider.id, provider.defaultModel), provider.id).toBeUndefined();
      const all = provider.models.map((model) => ({ id: model.id, name: model.name }));
      const chosen = keepListedModels(provider.id, all, {}, provider.defaultModel, []);
      expect(chosen.models.map((model) => model.id)).toContain(provider.defaultModel);
    }
  });

  it("says nothing of an empty left-out list", () => {
    expect(retiredLeftOutChange("moonshot", [])).toBeUndefined();
  });
});

describe("withoutUnlisted", () => {
  it("with no list, takes out the retired ids, which no allowlist makes usable", () => {
    const refs = ["moonshot/kimi-k2.5", "moonshot/kimi-k2-thinking", "kimi-code/kimi-for-coding"];
    expect(withoutUnlisted("moonshot", refs, [])).toEqual([
      "moonshot/kimi-k2.5",
      "kimi-code/kimi-for-coding",
    ]);
    expect(withoutUnlisted("moonshot", refs, [{ id: "kimi-k2-thinking" }])).toEqual([
      "moonshot/kimi-k2-thinking",
      "kimi-code/kimi-for-coding",
    ]);
  });
});
