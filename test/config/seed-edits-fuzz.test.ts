/**
 * The configs people copy (the docs page's, test/fixtures/seed) edited wrong at random: the loader
 * either loads the result or throws a ConfigError naming the file and line. Never a TypeError or
 * RangeError (the CLI would call it a bug in openclaw). Fixed seed: the same edits every run.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { editedText } from "../helpers/text-mutations.js";
import { tempDir } from "../helpers/tmp.js";

const root = join(import.meta.dirname, "../..");

const seedDir = join(root, "test/fixtures/seed");
/** The configs of the docs page (moonshot.json5, kimi-code.json5). */
const seeds = readdirSync(seedDir).map((name) => readFileSync(join(seedDir, name), "utf8"));

describe("a config copied from the docs page and edited wrong", () => {
  it("loads, or is refused naming the file and line", () => {
    const dir = tempDir();
    const path = join(dir, "openclaw.json");
    let refused = 0;
    expect(seeds.length).toBeGreaterThanOrEqual(2);
    fc.assert(
      fc.property(editedText(seeds), (text) => {
        writeFileSync(path, text);
        try {
          loadConfig({ path, env: { MOONSHOT_API_KEY: "sk-test-moonshot-0001" } });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          refused++;
          expect(error.where).toMatch(/:\d+$/);
          expect(error.message).not.toMatch(/bug in openclaw|internal/i);
        }
      }),
      { numRuns: 400, seed: 20261202 },
    );
    expect(refused).toBeGreaterThan(50);
  });
});
