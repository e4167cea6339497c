/**
 * The catalog's lookups and loadCatalog as a JavaScript program calls them, through the
 * package's entry: a wrong argument is an OpenClawError (code `usage`) naming it and what to
 * pass, not a TypeError from deep inside, and a loadCatalog option it does not take is refused
 * rather than read past (the default config loaded instead of the one named); so is one
 * loadConfig or loadConfigObject does not take, and a path given in the options' place.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Catalog,
  loadCatalog,
  loadConfig,
  loadConfigObject,
  resolveDefaultChain,
  resolveModel,
  resolveModelChain,
  resolveRef,
} from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

const env = { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-state" };

describe("the catalog's lookups, given the wrong thing", () => {
  const catalog = loadCatalog({ env });

  it("a model name that is not a string names the argument and what to pass", () => {
    const error = refusal(() => resolveModel(catalog, 42 as unknown as string));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("input");
    expect(error.message).toBe(
      "resolveModel needs a model ref or alias as a string, got the number 42",
    );
    expect(error.hint).toMatch(/^pass one such as "moonshot\/kimi-k2.5"/);
    expect(refusal(() => resolveRef(catalog, null as unknown as string)).message).toMatch(
      /^resolveRef needs a model ref or alias as a string, got null/,
    );
    // Left out, it is the default chain's own answer (this config names no default).
    expect(refusal(() => resolveModelChain(catalog, undefined)).code).toBe("model.no_default");
  });

  it("a catalog left out, or a config in its place, says which to pass", () => {
    const missing = refusal(() =>
      resolveModel(undefined as unknown as Catalog, "moonshot/kimi-k2.5"),
    );
    expect(missing.code).toBe("usage");
    expect(missing.where).toBe("catalog");
    expect(missing.message).toBe("resolveModel needs a catalog first, got nothing");
    expect(missing.hint).toMatch(/loadCatalog\(\)/);
    const config = { models: { providers: {} } } as unknown as Catalog;
    expect(refusal(() => resolveDefaultChain(config)).message).toMatch(
      /^resolveDefaultChain needs a catalog first, got an object that is not one/,
    );
  });
});

describe("loadCatalog's options", () => {
  it("configPath (openRuntime's name) is refused with path suggested, not read past", () => {
    const dir = tempDir();
    const file = join(dir, "mine.json");
    writeFileSync(file, JSON.stringify({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } }));
    const error = refusal(() => loadCatalog({ configPath: file, env } as never));
    expect(error.code).toBe("usage");
    expect(error.message).toBe('loadCatalog has no option "configPath" (did you mean path?)');
    expect(loadCatalog({ path: file, env }).primary).toBe("moonshot/kimi-k2.5");
  });
});

describe("loadConfig's and loadConfigObject's options", () => {
  const mine = (): string => {
    const file = join(tempDir(), "mine.json");
    writeFileSync(file, JSON.stringify({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } }));
    return file;
  };

  it("a name loadConfig does not take (configPath, file) is refused, not read past", () => {
    const file = mine();
    // Before, each loaded the default config (here: none, an empty one) without a word.
    const configPath = refusal(() => loadConfig({ configPath: file, env } as never));
    expect(configPath.code).toBe("usage");
    expect(configPath.where).toBe("configPath");
    expect(configPath.message).toBe('loadConfig has no option "configPath" (did you mean path?)');
    const named = refusal(() => loadConfig({ file, env } as never));
    // validateConfig's name for the file: the name loadConfig takes for it is said.
    expect(named.message).toBe('loadConfig has no option "file" (did you mean path?)');
    expect(named.hint).toBe(
      "spell it path, or leave it out: the options loadConfig takes are path, env, ifMissing, providerProblems",
    );
    expect(loadConfig({ path: file, env }).config.agents?.defaults?.model).toBe(
      "moonshot/kimi-k2.5",
    );
  });

  it("the file's path given in the options' place says how to give it", () => {
    const file = mine();
    for (const call of [loadConfig, loadCatalog] as const) {
      const error = refusal(() => call(file as never));
      expect(error.code).toBe("usage");
      expect(error.message).toBe(`${call.name} takes an options object {...}, got a string`);
      expect(error.hint).toBe(
        `give the config file as its path option: ${call.name}({ path: ${JSON.stringify(file)} })`,
      );
    }
  });

  it("a name loadConfigObject does not take (evn) is refused, with env suggested", () => {
    const object = { agents: { defaults: { model: "${MY_MODEL}" } } };
    const error = refusal(() =>
      loadConfigObject(object, { evn: { MY_MODEL: "moonshot/kimi-k2.5" } } as never),
    );
    expect(error.code).toBe("usage");
    expect(error.message).toBe('loadConfigObject has no option "evn" (did you mean env?)');
    expect(
      loadConfigObject(object, { env: { MY_MODEL: "moonshot/kimi-k2.5" } }).config.agents?.defaults
        ?.model,
    ).toBe("moonshot/kimi-k2.5");
  });
});
