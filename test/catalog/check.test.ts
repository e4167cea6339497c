import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  aliasNameProblem,
  BUILTIN_PROVIDERS,
  buildCatalog,
  type Catalog,
  checkCatalog,
  configuredProviders,
  resolveModel,
} from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

function catalogFrom(text: string, env: Record<string, string> = {}): Catalog {
  const dir = tempFiles({ "openclaw.json": text });
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env }));
}

describe("checkCatalog", () => {
  it("finds nothing wrong with a config whose refs all name models", () => {
    const catalog = catalogFrom(`{ agents: { defaults: {
      model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] },
      models: { "Moonshot/kimi-k2.5": { alias: "K" } } } } }`);
    expect(checkCatalog(catalog)).toEqual([]);
  });

  it("fails a primary and a fallback that name nothing, at their dotted paths", () => {
    const catalog = catalogFrom(`{ agents: { defaults: { model: {
      primary: "ghost/model-x", fallbacks: ["moonshot/kimi-k2.5", "moonshot/kimi-k9"] } } } }`);
    expect(checkCatalog(catalog)).toEqual([
      {
        level: "error",
        path: "agents.defaults.model.primary",
        message: 'the default model cannot be used: unknown provider "ghost" in "ghost/model-x"',
        hint: "list providers with: openclaw models list --all",
      },
      expect.objectContaining({
        level: "error",
        path: "agents.defaults.model.fallbacks[1]",
        message: expect.stringContaining('fallback 2 cannot be used: unknown model "kimi-k9"'),
      }),
    ]);
    // The short form of the primary is reported where it is written.
    const short = catalogFrom(`{ agents: { defaults: { model: "ghost/model-x" } } }`);
    expect(checkCatalog(short).map((finding) => finding.path)).toEqual(["agents.defaults.model"]);
  });

  it("warns about an agents.defaults.models entry (and its alias) that names nothing", () => {
    const catalog = catalogFrom(`{ agents: { defaults: { models: {
      "nope/x": { alias: "N" }, "moonshot/kimi-k2.5": {} } } } }`);
    expect(checkCatalog(catalog)).toEqual([
      expect.objectContaining({
        level: "warning",
        path: 'agents.defaults.models["nope/x"]',
        message: 'unknown provider "nope" in "nope/x": its alias "N" names nothing',
      }),
    ]);
  });

  it("fails a model id listed twice, naming both places, and uses the first listing", () => {
    const catalog = catalogFrom(`{ models: { providers: { m: { baseUrl: "https://m.test/v1",
      models: [ { id: "a", name: "First" }, { id: "b", name: "B" }, { id: "a", name: "Second" } ] } } } }`);
    expect(checkCatalog(catalog)).toEqual([
      {
        level: "error",
        path: "models.providers.m.models[2].id",
        message: 'model id "a" is listed twice, at models[0] and models[2]: models[2] is ignored',
        hint: "remove one of the two entries, or give one of them another id",
      },
    ]);
    expect(resolveModel(catalog, "m/a").name).toBe("First");
  });

  it("includes a provider that cannot be used, and leaves a ref naming an unset variable to its use", () => {
    const catalog = catalogFrom(`{ agents: { defaults: { model: { primary: "\${PRIMARY}" } } },
      models: { providers: { m: { models: [ { id: "a", name: "A" } ] } } } }`);
    expect(checkCatalog(catalog)).toEqual([
      expect.objectContaining({ level: "error", path: "models.providers.m.baseUrl" }),
    ]);
  });

  it("never shows a ref from ${VAR} that might be a secret", () => {
    const catalog = catalogFrom(
      `{ agents: { defaults: { model: { primary: "\${MOONSHOT_API_KEY}" } } } }`,
      {
        MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001",
      },
    );
    const [finding] = checkCatalog(catalog);
    expect(finding?.path).toBe("agents.defaults.model.primary");
    expect(finding?.message).toContain("${MOONSHOT_API_KEY}");
    expect(JSON.stringify(checkCatalog(catalog))).not.toContain("sk-test");
  });

  it("fails an alias spelled like a ref, at its dotted path, as models aliases add refuses it", () => {
    const catalog = catalogFrom(`{ agents: { defaults: { models: {
      "moonshot/kimi-k2.5": {}, "moonshot/kimi-k2-thinking": { alias: "moonshot/kimi-k2.5" },
      "moonshot/kimi-k2-turbo-preview": { alias: "fast/one" } } } } }`);
    expect(checkCatalog(catalog)).toEqual([
      {
        level: "error",
        path: 'agents.defaults.models["moonshot/kimi-k2-thinking"].alias',
        message:
          'alias "moonshot/kimi-k2.5" is the ref of another model: that ref names its own model, never moonshot/kimi-k2-thinking',
        hint: expect.stringContaining('without "/"'),
      },
      expect.objectContaining({
        level: "error",
        path: 'agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias',
        message: 'alias "fast/one" is not usable: it contains "/", so it reads as a model ref',
      }),
    ]);
  });

  it("fails an alias named openclaw (any case), which always names the default chain, with its file and line", () => {
    const dir = tempFiles({
      "openclaw.json": `{ agents: { defaults: { models: {
  "moonshot/kimi-k2.5": {},
  "moonshot/kimi-k2-turbo-preview": { alias: " OpenClaw " },
} } } }`,
    });
    const file = join(dir, "openclaw.json");
    const findings = checkCatalog(buildCatalog(loadConfig({ path: file, env: {} })));
    expect(findings).toEqual([
      {
        level: "error",
        path: 'agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias',
        message: expect.stringContaining('alias " OpenClaw " is not usable: the name "openclaw"'),
        hint: expect.stringContaining(`${file}:3: pick another name`),
      },
    ]);
    expect(findings[0]?.message).toContain("always names the default model");
    expect(findings[0]?.hint).toContain("openclaw models set moonshot/kimi-k2-turbo-preview");
  });

  it("finds no built-in model whose suggested alias is unusable, so onboarding never writes one", () => {
    const aliases = BUILTIN_PROVIDERS.flatMap((provider) => provider.models.map((m) => m.alias));
    expect(aliases.length).toBeGreaterThan(0);
    expect(aliases.filter((alias) => aliasNameProblem(alias) !== undefined)).toEqual([]);
    expect(aliasNameProblem("OPENCLAW")).toContain("reserved");
    expect(aliasNameProblem("openclaw/default")).toContain("reserved");
    expect(aliasNameProblem("OpenClaw Fast")).toBeUndefined();
  });

  it("fails an alias carrying control characters (ESC, newline), shown escaped", () => {
    const catalog = catalogFrom(`{ agents: { defaults: { models: {
      "moonshot/kimi-k2.5": { alias: "ev\\u001b[2Jil\\nX" } } } } }`);
    const findings = checkCatalog(catalog);
    expect(findings).toEqual([
      expect.objectContaining({
        level: "error",
        path: 'agents.defaults.models["moonshot/kimi-k2.5"].alias',
        message: expect.stringContaining("control character"),
      }),
    ]);
    expect(JSON.stringify(findings)).not.toContain("\u001b");
    expect(findings[0]?.message).not.toMatch(/\p{Cc}/u);
  });

  it("counts the providers the config defines or changes, not built-in ones left alone", () => {
    const catalog = catalogFrom(`{ models: { providers: {
      moonshot: { apiKey: "\${MOONSHOT_API_KEY}" },
      m: { baseUrl: "https://m.test/v1", models: [ { id: "a", name: "A" } ] } } } }`);
    expect(catalog.providers.size).toBe(4);
    expect(configuredProviders(catalog)).toEqual(["moonshot", "m"]);
  });
});
