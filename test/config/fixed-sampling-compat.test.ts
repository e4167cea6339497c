/**
 * `compat.fixedSampling`: "moonshot" (the default at Moonshot's and Kimi Code's addresses, and for
 * their built-in provider ids) sends the sampling values Moonshot fixes on kimi-k2.5; a config
 * says "none" for an endpoint that takes others; any other value is refused at its file and line,
 * as the other compat keys are.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog, resolveModel } from "../../src/catalog/index.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

function load(text: string) {
  const dir = tempFiles({ "openclaw.json": text });
  return loadConfig({ path: join(dir, "openclaw.json"), env: {} });
}

function fixedSampling(text: string, ref: string): string | undefined {
  return resolveModel(loadCatalog(load(text)), ref).compat.fixedSampling;
}

describe("compat.fixedSampling", () => {
  it('is "moonshot" for Moonshot\'s models, unset elsewhere, and a config can say "none"', () => {
    const config = `{
      models: {
        providers: {
          "moonshot-cn": { compat: { fixedSampling: "none" } },
          mine: { baseUrl: "http://127.0.0.1:1/v1", models: [{ id: "kimi-k2.5", name: "K" }] },
        },
      },
    }`;
    expect(fixedSampling(config, "moonshot/kimi-k2.5")).toBe("moonshot");
    expect(fixedSampling(config, "moonshot-cn/kimi-k2.5")).toBe("none");
    expect(fixedSampling(config, "mine/kimi-k2.5")).toBeUndefined();
  });

  it('refuses a value other than "moonshot" or "none", at its file and line', () => {
    const text = `{
  models: {
    providers: {
      moonshot: {
        models: [{ id: "kimi-k2.5", name: "K",
          compat: { fixedSampling: false } }],
      },
    },
  },
}`;
    let caught: unknown;
    try {
      load(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain("openclaw.json:6");
    expect(message).toContain("models.providers.moonshot.models[0].compat.fixedSampling");
  });
});
