import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";

/**
 * The spec page is Chinese, and its reader edits the snippets with a Chinese input method at
 * hand: left on, it types `：` for `:`, `，` for `,`, `“”` for `"`. The error must say that this is
 * the mistake and which ASCII character to type, not only that a character is invalid.
 */
const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");

/** The seed snippet with one piece of it retyped, which must be found exactly once. */
function retyped(name: string, from: string, to: string): string {
  const text = seed(name);
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function loadError(text: string): ConfigError {
  const dir = tempFiles({ "openclaw.json": text });
  try {
    loadConfig({ path: join(dir, "openclaw.json"), env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected the config to be rejected");
}

describe("punctuation typed with a Chinese input method on", () => {
  it("a full-width colon is named, with the ASCII colon to type instead", () => {
    const error = loadError(
      retyped("moonshot.json5", 'primary: "moonshot/kimi-k2.5"', 'primary： "moonshot/kimi-k2.5"'),
    );
    expect(error.message).toMatch(
      /openclaw\.json:5:23: invalid character '：' \(a full-width colon, as a Chinese input method types it\)\n/,
    );
    expect(error.hint).toMatch(/^type the ASCII colon \(:\) in its place: JSON5 takes only ASCII/);
    expect(error.hint).toContain("switch the input method to English");
  });

  it("a full-width comma, a full-width brace and a Chinese bracket each name their ASCII one", () => {
    const comma = loadError(
      retyped("kimi-code.json5", 'name: "Kimi For Coding",', 'name: "Kimi For Coding"，'),
    );
    expect(comma.message).toContain("invalid character '，' (a full-width comma");
    expect(comma.hint).toMatch(/^type the ASCII comma \(,\) in its place/);
    const brace = loadError(
      retyped("kimi-code.json5", '{ alias: "Kimi Code" }', '{ alias: "Kimi Code" ｝'),
    );
    expect(brace.hint).toMatch(/^type the ASCII brace \(\}\) in its place/);
    const bracket = loadError(retyped("kimi-code.json5", 'input: ["text"]', 'input: 【"text"]'));
    expect(bracket.message).toContain("invalid character '【' (a Chinese bracket");
    expect(bracket.hint).toMatch(/^type the ASCII bracket \(\[\) in its place/);
  });

  it("a curly opening quote is named, with the straight quote to type instead", () => {
    const error = loadError(
      retyped("moonshot.json5", '{ alias: "Kimi K2" }', '{ alias: “Kimi K2" }'),
    );
    expect(error.message).toContain("invalid character '“' (a curly quote");
    expect(error.hint).toMatch(/^type the ASCII double quote \("\) in its place/);
  });

  it("a curly closing quote, hidden by the masked key, is named with its column", () => {
    const error = loadError(
      retyped(
        "kimi-code.json5",
        'KIMICODE_API_KEY: "sk-..."',
        'KIMICODE_API_KEY: "sk-kimi-0123456789”',
      ),
    );
    expect(error.message).toContain("this string is never closed: its line ends first");
    // The key is starred out in the quoted line, the quote with it: the hint has to name it.
    expect(error.message).not.toContain("0123456789");
    expect(error.hint).toMatch(
      /^the '”' at column 47 \(a curly quote, [^)]*\) does not end a string: if it is meant to, type the ASCII double quote \("\) in its place; else close the string/,
    );
  });

  it("other invalid characters keep the general JSON5 hint", () => {
    const error = loadError(retyped("moonshot.json5", '{ alias: "Kimi K2" }', "{ alias: 12x }"));
    expect(error.message).toContain("invalid character 'x'\n");
    expect(error.hint).toMatch(/^the config is JSON5: check for a missing comma/);
  });

  it("the CLI says it, exit 1, with the file, line and column", async () => {
    const state = tempDir();
    const dir = tempFiles({
      "openclaw.json": retyped(
        "moonshot.json5",
        '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" },',
        '"moonshot/kimi-k2.5"： { alias: "Kimi K2.5" },',
      ),
    });
    const result = await runCli(["models", "list"], {
      env: { OPENCLAW_CONFIG_PATH: join(dir, "openclaw.json"), OPENCLAW_STATE_DIR: state },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${join(dir, "openclaw.json")}:8:29: invalid character '：' (a full-width colon, as a Chinese input method types it)`,
    );
    expect(result.stderr).toContain("hint: type the ASCII colon (:) in its place");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
