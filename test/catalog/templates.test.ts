/**
 * The catalog over a config using `${VAR}`: values expanded at load are used as such, and a value
 * naming an unset variable stops only what needs it, with the variable and the path.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyResolver, inspectKeySources } from "../../src/auth/index.js";
import {
  buildCatalog,
  type Catalog,
  resolveEndpoint,
  resolveModel,
  resolveModelChain,
} from "../../src/catalog/index.js";
import { type Env, loadConfig, MissingVariableError } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

const FAKE_KEY = "sk-test-moonshot-ai-0001";

function catalogFrom(text: string, env: Env = {}): Catalog {
  const dir = tempFiles({ "openclaw.json": text });
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env }));
}

function missing(run: () => unknown): MissingVariableError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MissingVariableError);
    return error as MissingVariableError;
  }
  throw new Error("expected a MissingVariableError");
}

const TWO_PROVIDERS = `{
  agents: { defaults: { model: { primary: "\${PRIMARY}" } } },
  models: { providers: {
    moonshot: { apiKey: "\${MOONSHOT_API_KEY}" },
    "kimi-code": { apiKey: "\${KIMICODE_API_KEY}" },
    Custom: {
      baseUrl: "\${CUSTOM_BASE}/v1",
      headers: { "X-Team": "\${TEAM}" },
      models: [
        { id: "fast", name: "Fast", headers: { "X-Only-Slow": "\${SLOW_ONLY}" } },
        { id: "slow", name: "Slow", headers: { "X-Only-Slow": "\${SLOW_ONLY}" } },
      ],
    },
  } },
}`;

describe("a model chosen through ${VAR}", () => {
  it("resolves the primary the env block names", () => {
    const catalog = catalogFrom(
      `{ env: { PRIMARY: "moonshot/kimi-k2.5" }, agents: { defaults: { model: { primary: "\${PRIMARY}" } } } }`,
    );
    expect(catalog.primary).toBe("moonshot/kimi-k2.5");
    expect(resolveModelChain(catalog).map((model) => model.ref)).toEqual(["moonshot/kimi-k2.5"]);
  });

  it("says which variable is missing when the primary is needed, not 'unknown model'", () => {
    const catalog = catalogFrom(TWO_PROVIDERS, {});
    const error = missing(() => resolveModelChain(catalog));
    expect(error.message).toBe(
      "environment variable PRIMARY is not set (used at agents.defaults.model.primary)",
    );
    // A model named explicitly does not need the primary.
    expect(resolveModelChain(catalog, "moonshot/kimi-k2.5")[0]?.ref).toBe("moonshot/kimi-k2.5");
  });

  it("says where a wrong ref came from, and never prints one from a variable holding a key", () => {
    const shown = catalogFrom(TWO_PROVIDERS, { PRIMARY: "moonshot/kimi-k9" });
    expect(() => resolveModelChain(shown)).toThrow(
      /unknown model "kimi-k9" for provider "moonshot" \(from agents\.defaults\.model\.primary: "\$\{PRIMARY\}"\)/,
    );
    const hidden = catalogFrom(
      `{ agents: { defaults: { model: { primary: "\${MOONSHOT_API_KEY}", fallbacks: ["\${NEXT_MODEL}"] } } } }`,
      { MOONSHOT_API_KEY: FAKE_KEY, NEXT_MODEL: FAKE_KEY },
    );
    try {
      resolveModelChain(hidden);
      expect.unreachable();
    } catch (error) {
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).toContain('agents.defaults.model.primary ("${MOONSHOT_API_KEY}")');
      expect(text).not.toContain("sk-test");
    }
  });
});

describe("a provider value naming an unset variable", () => {
  it("does not stop other providers, nor the model list", () => {
    const catalog = catalogFrom(TWO_PROVIDERS, { MOONSHOT_API_KEY: FAKE_KEY });
    expect(catalog.problems).toEqual([]);
    expect(catalog.providers.has("custom")).toBe(true);
    expect(resolveModel(catalog, "moonshot/kimi-k2.5").baseUrl).toBe("https://api.moonshot.ai/v1");
    // kimi-code's apiKey is unset: the model still resolves, its config key source says why.
    const kimi = resolveModel(catalog, "kimi-code/kimi-for-coding");
    const config = inspectKeySources(kimi, { env: {} }).find(
      (status) => status.source.kind === "config",
    );
    expect(config).toMatchObject({ state: "missing", detail: "KIMICODE_API_KEY not set" });
  });

  it("is refused where it is used, with the variable and the path as written", () => {
    const catalog = catalogFrom(TWO_PROVIDERS, { TEAM: "blue" });
    expect(missing(() => resolveModel(catalog, "custom/fast")).message).toBe(
      "environment variable CUSTOM_BASE is not set (used at models.providers.Custom.baseUrl)",
    );
    const provider = catalog.providers.get("custom")!;
    expect(missing(() => resolveEndpoint(catalog, provider)).configPath).toBe(
      "models.providers.Custom.baseUrl",
    );
  });

  it("in one model's entry does not stop the provider's other models", () => {
    const catalog = catalogFrom(TWO_PROVIDERS, {
      CUSTOM_BASE: "https://c.example.test",
      TEAM: "blue",
    });
    const fast = catalogFrom(
      TWO_PROVIDERS.replace(
        `{ id: "fast", name: "Fast", headers: { "X-Only-Slow": "\${SLOW_ONLY}" } }`,
        `{ id: "fast", name: "Fast" }`,
      ),
      { CUSTOM_BASE: "https://c.example.test", TEAM: "blue" },
    );
    expect(resolveModel(fast, "custom/fast")).toMatchObject({
      baseUrl: "https://c.example.test/v1",
      headers: { "X-Team": "blue" },
    });
    expect(missing(() => resolveModel(catalog, "custom/slow")).configPath).toBe(
      "models.providers.Custom.models[1].headers.X-Only-Slow",
    );
  });

  it("in a model's params stops only that model", () => {
    const catalog = catalogFrom(
      `{ agents: { defaults: { models: {
          "moonshot/kimi-k2.5": { params: { user: "\${TEAM_USER}" } },
          "moonshot/kimi-k2-turbo-preview": {},
      } } } }`,
    );
    expect(resolveModel(catalog, "moonshot/kimi-k2-turbo-preview").ref).toBe(
      "moonshot/kimi-k2-turbo-preview",
    );
    expect(missing(() => resolveModel(catalog, "moonshot/kimi-k2.5")).configPath).toBe(
      'agents.defaults.models["moonshot/kimi-k2.5"].params.user',
    );
  });
});

describe("the apiKey template", () => {
  it("stays as written in the catalog (no secret there), and the key resolves from it once", () => {
    const catalog = catalogFrom(
      `{ models: { providers: { custom: {
          baseUrl: "https://c.example.test/v1",
          apiKey: "\${TEAM_KEY}",
          models: [{ id: "m", name: "M" }],
      } } } }`,
      { TEAM_KEY: FAKE_KEY },
    );
    const model = resolveModel(catalog, "custom/m");
    expect(catalog.providers.get("custom")?.apiKeyTemplate).toBe("${TEAM_KEY}");
    expect(JSON.stringify(model)).not.toContain(FAKE_KEY);
    const key = createKeyResolver({ env: catalog.source.env })(model);
    expect(key?.value).toBe(FAKE_KEY);
    expect(key?.source).toMatchObject({ kind: "config", path: "models.providers.custom.apiKey" });
  });
});
