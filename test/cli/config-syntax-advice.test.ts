/**
 * Syntax slips a person makes editing the provider page's config by hand, as the CLI reports
 * them: a comma left out after an entry (JSON5 names only the first character of the next one,
 * on a line with nothing wrong in it), a comment started with # as YAML writes one, and a quote
 * JSON5 names escaped ('\"').
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const PAGE = readFileSync(
  path.join(import.meta.dirname, "../../docs/providers/moonshot.md"),
  "utf8",
);

/** The page's Moonshot snippet, as a person copies it. */
function moonshotSnippet(): string {
  const section = PAGE.slice(PAGE.indexOf("\n## Config: Moonshot API\n"));
  const match = /```json5\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error("no json5 snippet under ## Config: Moonshot API");
  return match[1];
}

/** Runs `args` against a config holding `text`; the line numbers of `text` (from 1) by content. */
async function withConfig(text: string, args: string[]) {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), text);
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir } });
}

function lineOf(text: string, content: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(content));
  if (index < 0) throw new Error(`no line with ${content}`);
  return index + 1;
}

describe("a syntax slip in the config", () => {
  it("a comma left out after an entry is pointed at where it goes, on the line before", async () => {
    const entry = '"moonshot/kimi-k2.5": { alias: "Kimi K2.5" }';
    const text = moonshotSnippet().replace(`${entry},`, entry);
    const line = lineOf(text, entry);
    const column = (text.split("\n")[line - 1] ?? "").indexOf(entry) + entry.length + 1;

    for (const args of [
      ["config", "validate"],
      ["models", "list"],
    ]) {
      const result = await withConfig(text, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `openclaw.json:${line}:${column}: a comma is missing here, between this value and the next entry, on line ${line + 1}\n`,
      );
      expect(result.stderr).toContain(`    ${" ".repeat(column - 1)}^\n`);
      expect(result.stderr).toContain('hint: add a "," where the caret points');
      expect(result.stderr).not.toContain("invalid character");
    }
  });

  it("a comma left out before a comment line still points after the value", async () => {
    const text = '{\n  env: { MOONSHOT_API_KEY: "sk-..." }\n  // the models\n  models: {},\n}\n';
    const result = await withConfig(text, ["config", "validate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "openclaw.json:2:38: a comma is missing here, between this value and the next entry, on line 4\n",
    );
  });

  it("a missing colon is not called a missing comma", async () => {
    const result = await withConfig('{\n  models: {\n    mode "merge",\n  },\n}\n', [
      "config",
      "validate",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("openclaw.json:3:10: invalid character '\"'\n");
    expect(result.stderr).not.toContain("a comma is missing");
  });

  it("a comment started with # says how JSON5 writes one", async () => {
    const result = await withConfig('{\n  # my keys\n  env: { MOONSHOT_API_KEY: "sk-..." },\n}\n', [
      "config",
      "validate",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "openclaw.json:2:3: invalid character '#': a comment in JSON5 does not start with #\n",
    );
    expect(result.stderr).toContain("hint: write a comment as // to the end of the line");
  });

  it("a quote JSON5 names is shown as typed, without a backslash", async () => {
    const result = await withConfig("{\n  env: { A: 'x' 'y' },\n}\n", ["config", "validate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`openclaw.json:2:17: invalid character "'"\n`);
    expect(result.stderr).not.toContain("\\'");
  });
});
