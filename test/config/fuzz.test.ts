import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCatalog, resolveModelChain } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { OpenClawError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

/** The loader either returns a config or throws an OpenClawError: never anything else. */
function loadOrExplain(path: string): "ok" | "explained" {
  try {
    const loaded = loadConfig({ path, env: {} });
    const catalog = buildCatalog(loaded);
    try {
      resolveModelChain(catalog);
    } catch (error) {
      if (!(error instanceof OpenClawError)) throw error;
    }
    return "ok";
  } catch (error) {
    if (error instanceof OpenClawError) {
      expect(error.message.length).toBeGreaterThan(0);
      return "explained";
    }
    throw error;
  }
}

const keys = fc.constantFrom(
  "env",
  "agents",
  "defaults",
  "model",
  "models",
  "primary",
  "fallbacks",
  "mode",
  "providers",
  "moonshot",
  "kimi-code",
  "baseUrl",
  "apiKey",
  "api",
  "id",
  "name",
  "cost",
  "input",
  "contextWindow",
  "maxTokens",
  "headers",
  "compat",
  "gateway",
  "port",
  "auth",
  "$include",
  "alias",
  "params",
);

/** JSON-ish values biased toward the config's own keys, so fuzzing reaches deep validation. */
const configLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.constantFrom(
      "moonshot/kimi-k2.5",
      "https://api.moonshot.ai/v1",
      "${MOONSHOT_API_KEY}",
      "openai-completions",
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(keys, fc.string()), tie("value"), { maxKeys: 5 }),
  ),
}));

describe("the loader never crashes", () => {
  it("on arbitrary text", () => {
    const dir = tempDir();
    const path = join(dir, "openclaw.json");
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        writeFileSync(path, text);
        expect(["ok", "explained"]).toContain(loadOrExplain(path));
      }),
      { numRuns: 300 },
    );
  });

  it("on config-shaped values", () => {
    const dir = tempDir();
    const path = join(dir, "openclaw.json");
    fc.assert(
      fc.property(fc.dictionary(keys, configLike.value, { maxKeys: 6 }), (value) => {
        writeFileSync(path, JSON.stringify(value));
        expect(["ok", "explained"]).toContain(loadOrExplain(path));
      }),
      { numRuns: 400 },
    );
  });
});
