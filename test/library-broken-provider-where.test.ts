/**
 * The library's error for a model whose provider a config problem disables (`model.provider_broken`):
 * its `where` is the problem's place, as a config error's is — `file:line` for a file, the dotted
 * path for a config object — and its message names the model asked for. The ref in `where` sent
 * a program that shows "where to fix it" to the model instead of the setting.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawError, openRuntime, resolveModel } from "../src/index.js";
import { thrownBy } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

const request = { messages: [{ role: "user" as const, content: "hi" }] };

const config = {
  models: {
    providers: {
      moonshot: {
        baseUrl: "not a url",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
};

function asError(value: unknown): OpenClawError {
  expect(value).toBeInstanceOf(OpenClawError);
  return value as OpenClawError;
}

describe("a model of a provider a config problem disables, through the library", () => {
  it("from a config object: where is the problem's dotted path, the message names the model", async () => {
    const { runtime, catalog } = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const named = asError(
      await runtime.complete({ model: "moonshot/kimi-k2.5", request }).catch((e: unknown) => e),
    );
    const defaulted = asError(await runtime.complete({ request }).catch((e: unknown) => e));
    const resolved = asError(thrownBy(() => resolveModel(catalog, "moonshot/kimi-k2.5")));
    for (const error of [named, defaulted, resolved]) {
      expect(error.toJSON()).toEqual({
        code: "model.provider_broken",
        message:
          'provider "moonshot" in "moonshot/kimi-k2.5" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "not a url"',
        where: "models.providers.moonshot.baseUrl",
        hint: 'write the full URL, for example "https://api.moonshot.ai/v1"',
      });
    }
  });

  it("from a file: where is the file and line the problem is written at", async () => {
    const dir = tempDir();
    const configPath = join(dir, "openclaw.json");
    writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: dir } });
    const error = asError(
      await runtime.complete({ model: "moonshot/kimi-k2.5", request }).catch((e: unknown) => e),
    );
    expect(error.code).toBe("model.provider_broken");
    expect(error.where).toBe(`${configPath}:5`);
    expect(error.message).toBe(
      `provider "moonshot" in "moonshot/kimi-k2.5" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "not a url" (${configPath}:5)`,
    );
  });
});
