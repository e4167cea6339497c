import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

/**
 * The caret under a quoted line must sit under the character the error names as a terminal draws
 * the line: a tab moves to the next tab stop and a Chinese character takes two cells (the page
 * this config follows is Chinese, and so are many people's model names and comments).
 */
function syntaxError(text: string): { line: string; caret: string } {
  const dir = tempFiles({ "openclaw.json": text });
  try {
    loadConfig({ path: join(dir, "openclaw.json"), env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const [, line, caret] = (error as ConfigError).message.split("\n");
    return { line: line ?? "", caret: caret ?? "" };
  }
  throw new Error("expected a syntax error");
}

/** Where a terminal with 8-column tab stops draws the first character after `prefix`. */
function drawnColumn(prefix: string): number {
  let column = 0;
  for (const char of prefix)
    column = char === "\t" ? (Math.floor(column / 8) + 1) * 8 : column + displayWidth(char);
  return column;
}

describe("the caret under a quoted line", () => {
  it("is under the character named when the line is indented with tabs (CRLF file)", () => {
    const { line, caret } = syntaxError(
      '{\r\n\tmodels: {\r\n\t\tmode: "merge" x,\r\n\t},\r\n}\r\n',
    );
    expect(line).toBe('    \t\tmode: "merge" x,');
    const before = line.slice(0, line.indexOf(" x,") + 1);
    expect(drawnColumn(caret.slice(0, caret.indexOf("^")))).toBe(drawnColumn(before));
  });

  it("is under the character named after Chinese text on the line", () => {
    const { line, caret } = syntaxError(
      '{\n  models: { providers: { moonshot: { models: [{ id: "k", name: "月之暗面 K2" oops }] } } },\n}\n',
    );
    const before = line.slice(0, line.indexOf("oops"));
    expect(drawnColumn(caret.slice(0, caret.indexOf("^")))).toBe(drawnColumn(before));
  });
});
