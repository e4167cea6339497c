import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  type Catalog,
  ModelRefError,
  parseModelRef,
  resolveModel,
  resolveModelChain,
} from "../../src/catalog/index.js";
import { loadConfig, MissingVariableError } from "../../src/config/index.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";

const seedText = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");

function catalogFrom(text: string, env: Record<string, string> = {}): Catalog {
  const dir = tempFiles({ "openclaw.json": text });
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env }));
}

function refError(catalog: Catalog, input: string): ModelRefError {
  try {
    resolveModel(catalog, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelRefError);
    return error as ModelRefError;
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe("the Moonshot snippet", () => {
  const catalog = catalogFrom(seedText("moonshot.json5"));

  it("makes moonshot/kimi-k2.5 the primary", () => {
    const [primary] = resolveModelChain(catalog);
    expect(primary?.ref).toBe("moonshot/kimi-k2.5");
    expect(primary?.baseUrl).toBe("https://api.moonshot.ai/v1");
    expect(primary?.contextWindow).toBe(256000);
    expect(primary?.maxTokens).toBe(8192);
  });

  it.each([
    ["Kimi K2.5", "moonshot/kimi-k2.5"],
    ["kimi k2", "moonshot/kimi-k2-0905-preview"],
    ["KIMI K2 TURBO", "moonshot/kimi-k2-turbo-preview"],
    ["kimi K2 thinking", "moonshot/kimi-k2-thinking"],
    ["Kimi K2 Thinking Turbo", "moonshot/kimi-k2-thinking-turbo"],
  ])("resolves alias %s case-insensitively to %s", (alias, ref) => {
    const model = resolveModel(catalog, alias);
    expect(model.ref).toBe(ref);
  });

  it("marks the thinking models as reasoning models with Moonshot's thinking format", () => {
    const model = resolveModel(catalog, "moonshot/kimi-k2-thinking");
    expect(model.reasoning).toBe(true);
    expect(model.compat.thinkingFormat).toBe("moonshot");
    expect(model.compat.supportsDeveloperRole).toBe(false);
  });

  it("gives Kimi K3 models on Moonshot's endpoints Moonshot's reasoning_effort, unless the config says otherwise", () => {
    const added = catalogFrom(`{
      models: { providers: {
        moonshot: { baseUrl: "https://api.moonshot.ai/v1", api: "openai-completions",
          models: [{ id: "kimi-k3", name: "Kimi K3", reasoning: true },
                   { id: "kimi-k3-256k", name: "Kimi K3 256K", reasoning: true },
                   { id: "kimi-k2.6", name: "Kimi K2.6", reasoning: true },
                   { id: "kimi-k3-own", name: "Mine", reasoning: true, compat: { thinkingFormat: "moonshot" } }] },
        "kimi-code": { baseUrl: "https://api.kimi.com/coding/v1", api: "openai-completions",
          models: [{ id: "k3", name: "K3", reasoning: true }] },
        elsewhere: { baseUrl: "https://llm.example.com/v1", api: "openai-completions",
          models: [{ id: "kimi-k3", name: "Kimi K3 hosted elsewhere", reasoning: true }] },
      } },
    }`);
    const format = (ref: string) => resolveModel(added, ref).compat.thinkingFormat;
    expect(format("moonshot/kimi-k3")).toBe("moonshot-effort");
    expect(format("moonshot/kimi-k3-256k")).toBe("moonshot-effort");
    expect(format("kimi-code/k3")).toBe("moonshot-effort");
    expect(format("moonshot/kimi-k2.6")).toBe("moonshot");
    expect(format("moonshot/kimi-k3-own")).toBe("moonshot");
    expect(format("elsewhere/kimi-k3")).toBe("none");
  });

  it("says where the key will come from, in order, without reading it", () => {
    const model = resolveModel(catalog, "moonshot/kimi-k2.5");
    expect(model.keySources).toEqual([
      { kind: "profile", profileId: "moonshot:default" },
      // The snippet's env block sets it (the shell does not): a wrong key is fixed in the file.
      { kind: "env", variable: "MOONSHOT_API_KEY", fromEnvBlock: true },
      {
        kind: "config",
        path: "models.providers.moonshot.apiKey",
        template: "${MOONSHOT_API_KEY}",
        variables: ["MOONSHOT_API_KEY"],
      },
    ]);
    expect(JSON.stringify(model)).not.toContain("sk-...");
  });

  it("lower-cases the provider id and keeps the model id's case", () => {
    expect(parseModelRef("MoonShot/Kimi-K2.5")).toEqual({
      provider: "moonshot",
      model: "Kimi-K2.5",
    });
    expect(resolveModel(catalog, "MOONSHOT/kimi-k2.5").ref).toBe("moonshot/kimi-k2.5");
  });

  it("resolves a ref in any case, as the guide says model names match (MOONSHOT/KIMI-K2.5)", () => {
    expect(resolveModel(catalog, "MOONSHOT/KIMI-K2.5").ref).toBe("moonshot/kimi-k2.5");
    expect(resolveModel(catalog, "moonshot/Kimi-K2-Thinking").alias).toBe("Kimi K2 Thinking");
  });

  it("prefers the exact case, and refuses a spelling that fits several models only in case", () => {
    const twins = catalogFrom(`{ models: { providers: { m: { baseUrl: "https://m.test/v1",
      models: [ { id: "Big", name: "Upper" }, { id: "big", name: "Lower" } ] } } } }`);
    expect(resolveModel(twins, "m/Big").name).toBe("Upper");
    expect(resolveModel(twins, "m/big").name).toBe("Lower");
    const error = refError(twins, "m/BIG");
    expect(error.code).toBe("model.ambiguous");
    expect(error.suggestions).toEqual(["m/Big", "m/big"]);
  });

  it("offers the closest ref first in the hint for an unknown model", () => {
    const error = refError(catalog, "moonshot/kimi-k2.6");
    expect(error.code).toBe("model.unknown");
    expect(error.hint).toMatch(/^did you mean "moonshot\/kimi-k2\.5"\? /);
    const far = refError(catalog, "moonshot/qwerty-uiop-zzzz");
    expect(far.hint).toMatch(/^add it under models\.providers\.moonshot\.models/);
  });

  it("never lets an alias spelled like a ref take that ref over", () => {
    const hijacked = catalogFrom(`{ agents: { defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: { "moonshot/kimi-k2.5": {},
        "moonshot/kimi-k2-thinking": { alias: "moonshot/kimi-k2.5" } } } } }`);
    expect(resolveModel(hijacked, "moonshot/kimi-k2.5").ref).toBe("moonshot/kimi-k2.5");
    expect(resolveModel(hijacked, "MOONSHOT/KIMI-K2.5").ref).toBe("moonshot/kimi-k2.5");
    expect(resolveModelChain(hijacked)[0]?.ref).toBe("moonshot/kimi-k2.5");
  });

  it("takes no alias config validate refuses: one with a / or under openclaw/", () => {
    const written = catalogFrom(`{ agents: { defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: { "moonshot/kimi-k2.5": { alias: "fast/one" },
        "moonshot/kimi-k2-thinking": { alias: "openclaw/deep" } } } } }`);
    const slash = refError(written, "fast/one");
    expect(slash.code).toBe("model.alias_unusable");
    expect(slash.message).toBe(
      'alias "fast/one" (for moonshot/kimi-k2.5) is not usable: it contains "/", so it reads as a model ref',
    );
    expect(slash.hint).toMatch(
      /^name the model by its ref, moonshot\/kimi-k2\.5, and give it a name without "\/"/,
    );
    const reserved = refError(written, "OpenClaw/Deep");
    expect(reserved.code).toBe("model.alias_unusable");
    expect(reserved.hint).toContain("openclaw models set moonshot/kimi-k2-thinking");
  });

  it("splits a ref on the first slash", () => {
    expect(parseModelRef("openrouter/moonshotai/kimi-k2")).toEqual({
      provider: "openrouter",
      model: "moonshotai/kimi-k2",
    });
  });

  it("enforces the allowlist built from agents.defaults.models", () => {
    const error = refError(catalog, "kimi-code/kimi-for-coding");
    expect(error.code).toBe("model.not_allowed");
    expect(error.hint).toContain("agents.defaults.models");
  });

  it("lists close matches for an unknown model", () => {
    const error = refError(catalog, "moonshot/kimi-k2-thinkng");
    expect(error.suggestions).toContain("moonshot/kimi-k2-thinking");
    expect(error.message).toContain("closest: moonshot/kimi-k2-thinking");
  });

  it("lists close matches for an unknown provider", () => {
    const error = refError(catalog, "moonshoot/kimi-k2.5");
    expect(error.code).toBe("model.unknown_provider");
    // The close provider's model of the same id, not the provider alone.
    expect(error.suggestions[0]).toBe("moonshot/kimi-k2.5");
    expect(error.hint).toMatch(/^did you mean "moonshot\/kimi-k2\.5"\? /);
    expect(refError(catalog, "moonshoot/kimi-nothing").suggestions[0]).toBe("moonshot");
  });
});

describe("a config without aliases (nothing onboarded)", () => {
  it('offers kimi-code/kimi-for-coding for "Kimi Code", the alias onboarding would have set', () => {
    const catalog = catalogFrom("{}");
    const error = refError(catalog, "Kimi Code");
    expect(error.code).toBe("model.unknown");
    expect(error.suggestions[0]).toBe("kimi-code/kimi-for-coding");
    expect(error.message).toContain("(closest: kimi-code/kimi-for-coding");
    expect(error.hint).toBe(
      'write the ref, e.g. "kimi-code/kimi-for-coding", or make the name an alias: openclaw models aliases add "Kimi Code" kimi-code/kimi-for-coding',
    );
    // A provider's id (in any case) is said to be one, with its models' refs, not made an alias.
    const provider = refError(catalog, "Moonshot");
    expect(provider.message).toMatch(
      /^"moonshot" is a provider, not a model or alias \(some of its models: /,
    );
    expect(provider.hint).toMatch(
      /^name one of its models by its ref: "moonshot\/kimi-k2\.5", .*; see them all with: openclaw models list --all$/,
    );
    expect(refError(catalog, "kimi-code").hint).toBe(
      'name its model by its ref: "kimi-code/kimi-for-coding"',
    );
  });
});

describe("the Kimi Code snippet", () => {
  const catalog = catalogFrom(seedText("kimi-code.json5"));
  const model = resolveModelChain(catalog)[0]!;

  it("resolves kimi-code/kimi-for-coding with the seed's header and compat", () => {
    expect(model.ref).toBe("kimi-code/kimi-for-coding");
    expect(model.baseUrl).toBe("https://api.kimi.com/coding/v1");
    expect(model.headers).toEqual({ "User-Agent": "KimiCLI/0.77" });
    expect(model.compat.supportsDeveloperRole).toBe(false);
    expect(model.contextWindow).toBe(262144);
    expect(model.maxTokens).toBe(32768);
    expect(model.alias).toBe("Kimi Code");
  });

  it("uses its own key variable, never Moonshot's", () => {
    const variables = model.keySources.flatMap((source) =>
      source.kind === "env" ? [source.variable] : source.kind === "config" ? source.variables : [],
    );
    // Its own variable first, then kimi-cli's KIMI_API_KEY (OpenClaw reads both), then the config's.
    expect(variables).toEqual(["KIMICODE_API_KEY", "KIMI_API_KEY", "KIMICODE_API_KEY"]);
  });
});

describe("merging with the built-in catalog", () => {
  it("keeps built-in models, lets the user override fields and merges headers", () => {
    const catalog = catalogFrom(`{ models: { providers: { moonshot: {
      headers: { "X-Team": "a" },
      models: [ { id: "kimi-k2.5", name: "Kimi K2.5", contextWindow: 128000 }, { id: "kimi-k2.6", name: "Kimi K2.6" } ] } } } }`);
    const provider = catalog.providers.get("moonshot")!;
    expect(provider.models.map((model) => model.id)).toEqual([
      "kimi-k2.5",
      "kimi-k2-0905-preview",
      "kimi-k2-turbo-preview",
      "kimi-k2-thinking",
      "kimi-k2-thinking-turbo",
      "kimi-k2.6",
    ]);
    expect(resolveModel(catalog, "moonshot/kimi-k2.5").contextWindow).toBe(128000);
    expect(resolveModel(catalog, "moonshot/kimi-k2.6").contextWindow).toBe(200000);
    expect(resolveModel(catalog, "moonshot/kimi-k2.6").headers).toEqual({ "X-Team": "a" });
    expect(catalog.providers.has("kimi-code")).toBe(true);
  });

  it("uses only the user's providers in replace mode", () => {
    const catalog =
      catalogFrom(`{ models: { mode: "replace", providers: { local: { baseUrl: "http://127.0.0.1:9/v1",
      models: [ { id: "m", name: "M" } ] } } } }`);
    expect([...catalog.providers.keys()]).toEqual(["local"]);
    expect(resolveModel(catalog, "m").ref).toBe("local/m");
  });

  it("effective headers: provider < model", () => {
    const catalog = catalogFrom(
      `{ models: { providers: { "kimi-code": { headers: { "User-Agent": "Other/1", "X-A": "p" } } } } }`,
    );
    expect(resolveModel(catalog, "kimi-code/kimi-for-coding").headers).toEqual({
      "User-Agent": "KimiCLI/0.77",
      "X-A": "p",
    });
  });

  it("gives OpenAI's own endpoint the developer role and max_completion_tokens", () => {
    const catalog = catalogFrom(
      `{ models: { providers: { openai: { baseUrl: "https://api.openai.com/v1", models: [ { id: "gpt-x", name: "X" } ] } } } }`,
    );
    const model = resolveModel(catalog, "openai/gpt-x");
    expect(model.compat.supportsDeveloperRole).toBe(true);
    expect(model.compat.maxTokensField).toBe("max_completion_tokens");
    expect(model.compat.maxTemperature).toBeUndefined();
  });

  it("caps temperature at 1 on Moonshot and Kimi Code, unless the config lifts it", () => {
    const builtin = catalogFrom("{}");
    expect(resolveModel(builtin, "moonshot/kimi-k2-0905-preview").compat.maxTemperature).toBe(1);
    expect(resolveModel(builtin, "kimi-code/kimi-for-coding").compat.maxTemperature).toBe(1);
    const lifted = catalogFrom(
      `{ models: { providers: { moonshot: { compat: { maxTemperature: 2 } } } } }`,
    );
    expect(resolveModel(lifted, "moonshot/kimi-k2-0905-preview").compat.maxTemperature).toBe(2);
  });

  it("derives a per-conversation cache key for Kimi Code only, unless the config says none", () => {
    const builtin = catalogFrom("{}");
    expect(resolveModel(builtin, "kimi-code/kimi-for-coding").compat.promptCacheKey).toBe(
      "conversation",
    );
    expect(resolveModel(builtin, "moonshot/kimi-k2.5").compat.promptCacheKey).toBeUndefined();
    const off = catalogFrom(
      `{ models: { providers: { "kimi-code": { compat: { promptCacheKey: "none" } } } } }`,
    );
    expect(resolveModel(off, "kimi-code/kimi-for-coding").compat.promptCacheKey).toBe("none");
  });

  it("rewrites tool schemas for Moonshot and Kimi Code only, unless the config says none", () => {
    const builtin = catalogFrom("{}");
    expect(resolveModel(builtin, "moonshot/kimi-k2.5").compat.toolSchema).toBe("moonshot");
    expect(resolveModel(builtin, "kimi-code/kimi-for-coding").compat.toolSchema).toBe("moonshot");
    const configured = catalogFrom(
      `{ models: { providers: {
          moonshot: { compat: { toolSchema: "none" } },
          mine: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions",
                  models: [ { id: "m", name: "M" } ] } } } }`,
    );
    expect(resolveModel(configured, "moonshot/kimi-k2.5").compat.toolSchema).toBe("none");
    expect(resolveModel(configured, "mine/m").compat.toolSchema).toBeUndefined();
  });

  it("keeps a provider without baseUrl from breaking the others", () => {
    const catalog = catalogFrom(
      `{ models: { providers: { broken: { models: [ { id: "x", name: "X" } ] } } } }`,
    );
    expect(catalog.problems[0]?.path).toBe("models.providers.broken.baseUrl");
    expect(resolveModel(catalog, "moonshot/kimi-k2.5").ref).toBe("moonshot/kimi-k2.5");
    expect(refError(catalog, "broken/x").code).toBe("model.provider_broken");
  });

  it("expands ${VAR} in base URLs when the model is resolved, naming a missing variable", () => {
    const catalog = catalogFrom(
      `{ models: { providers: { moonshot: { baseUrl: "\${PROXY}/v1" } } } }`,
    );
    expect(() => resolveModel(catalog, "moonshot/kimi-k2.5")).toThrow(MissingVariableError);
    const withProxy = catalogFrom(
      `{ models: { providers: { moonshot: { baseUrl: "\${PROXY}/v1" } } } }`,
      { PROXY: "http://127.0.0.1:8080" },
    );
    expect(resolveModel(withProxy, "moonshot/kimi-k2.5").baseUrl).toBe("http://127.0.0.1:8080/v1");
    // Other providers are unaffected by the missing variable.
    expect(resolveModel(catalog, "kimi-code/kimi-for-coding").ref).toBe(
      "kimi-code/kimi-for-coding",
    );
  });

  it("resolves a bare model id to the configured provider, not the unconfigured China twin", () => {
    const catalog = catalogFrom(seedText("moonshot.json5"));
    expect(resolveModel(catalog, "kimi-k2.5").ref).toBe("moonshot/kimi-k2.5");
    const bare = catalogFrom("{}");
    expect(refError(bare, "kimi-k2.5").code).toBe("model.ambiguous");
  });

  it("walks the primary and its fallbacks for openclaw/default", () => {
    const catalog = catalogFrom(
      `{ agents: { defaults: { model: { primary: "Moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] } } } }`,
    );
    expect(resolveModelChain(catalog, "openclaw").map((model) => model.ref)).toEqual([
      "moonshot/kimi-k2.5",
      "kimi-code/kimi-for-coding",
    ]);
    expect(
      resolveModelChain(catalog, "moonshot/kimi-k2-thinking").map((model) => model.ref),
    ).toEqual(["moonshot/kimi-k2-thinking"]);
  });

  it("says how to pick a model when none is configured", () => {
    expect(() => resolveModelChain(catalogFrom("{}"))).toThrow(
      "no default model is set (agents.defaults.model.primary)",
    );
  });
});

describe("a model's name where a ref or alias belongs", () => {
  it("is not resolved, but suggested with the name, on a fresh install (README's example)", () => {
    // A fresh install: the default config path, in a state directory with nothing in it yet.
    const fresh = buildCatalog(loadConfig({ env: { OPENCLAW_STATE_DIR: tempDir("fresh-") } }));
    const error = refError(fresh, "Kimi K2 Thinking");
    expect(error.code).toBe("model.unknown");
    expect(error.message).toBe(
      'unknown model or alias "Kimi K2 Thinking" (closest: moonshot/kimi-k2-thinking, moonshot-cn/kimi-k2-thinking (both named "Kimi K2 Thinking"))',
    );
    expect(error.suggestions.slice(0, 2)).toEqual([
      "moonshot/kimi-k2-thinking",
      "moonshot-cn/kimi-k2-thinking",
    ]);
    expect(error.hint).toBe(
      'write the ref, e.g. "moonshot/kimi-k2-thinking", or make the name an alias: openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2-thinking',
    );
  });

  it("suggests only the configured provider's model, in any case", () => {
    const catalog = catalogFrom(
      '{ models: { providers: { moonshot: { apiKey: "${MOONSHOT_API_KEY}" } } } }',
    );
    expect(refError(catalog, "kimi k2 thinking").message).toContain(
      '(closest: moonshot/kimi-k2-thinking (named "Kimi K2 Thinking"))',
    );
  });
});

describe("a model name of kilobytes", () => {
  const catalog = catalogFrom(seedText("moonshot.json5"));

  it("is refused with its start and length, and no close match", () => {
    // Matched as before, a name holding a real ref got that ref as a close match, and the
    // refusal printed the whole name back.
    const bare = refError(catalog, `kimi-k2.5${"x".repeat(2048)}`);
    expect(bare.message).toContain(
      `unknown model or alias "kimi-k2.5xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (2057 characters)`,
    );
    expect(bare.suggestions).toEqual([]);
    const ref = refError(catalog, `moonshot/kimi-k2.5${"x".repeat(2048)}`);
    expect(ref.message).toContain(
      `unknown model "kimi-k2.5xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (2057 characters) for provider "moonshot"`,
    );
    expect(ref.suggestions).toEqual([]);
    // Where it was given (the CLI's "at" line) is shortened the same way.
    expect(ref.where).toBe('"moonshot/kimi-k2.5xxxxxxxxxxxxxxxxxxxxxx…" (2066 characters)');
  });
});
