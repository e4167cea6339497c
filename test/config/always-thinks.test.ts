/**
 * `compat.alwaysThinks`: the built-in kimi-for-coding has it (it refuses thinking off), a config
 * can set it on a model of its own or clear it, and a value that is not a boolean is refused at
 * its file and line, as the other compat keys are.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog, resolveModel } from "../../src/catalog/index.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");

function load(text: string) {
  const dir = tempFiles({ "openclaw.json": text });
  return loadConfig({ path: join(dir, "openclaw.json"), env: {} });
}

function alwaysThinks(text: string, ref: string): boolean | undefined {
  return resolveModel(loadCatalog(load(text)), ref).compat.alwaysThinks;
}

describe("compat.alwaysThinks", () => {
  it("is set on kimi-for-coding by the built-in catalog, under the spec's own snippet", () => {
    expect(alwaysThinks(seed("kimi-code.json5"), "kimi-code/kimi-for-coding")).toBe(true);
    expect(alwaysThinks(seed("moonshot.json5"), "moonshot/kimi-k2.5")).toBeUndefined();
  });

  it("can be cleared for kimi-for-coding and set on a model of one's own", () => {
    const config = `{
      models: {
        providers: {
          "kimi-code": { models: [{ id: "kimi-for-coding", name: "K", compat: { alwaysThinks: false } }] },
          mine: {
            baseUrl: "http://127.0.0.1:1/v1",
            models: [{ id: "thinker", name: "T", reasoning: true, compat: { alwaysThinks: true } }],
          },
        },
      },
    }`;
    expect(alwaysThinks(config, "kimi-code/kimi-for-coding")).toBe(false);
    expect(alwaysThinks(config, "mine/thinker")).toBe(true);
  });

  it("refuses a value that is not a boolean, at its file and line", () => {
    const text = `{
  models: {
    providers: {
      mine: {
        baseUrl: "http://127.0.0.1:1/v1",
        models: [{ id: "thinker", name: "T",
          compat: { alwaysThinks: "yes" } }],
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
    expect(message).toContain("openclaw.json:7");
    expect(message).toContain("models.providers.mine.models[0].compat.alwaysThinks");
  });
});
