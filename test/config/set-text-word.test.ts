import { describe, expect, it } from "vitest";
import { configSetTextWord, parseCliValue } from "../../src/config/index.js";
import { shellQuotedName, shellWord } from "../../src/util/shell-word.js";

describe("configSetTextWord", () => {
  it("keeps the caller's word for text config set reads as that text", () => {
    expect(configSetTextWord("Kimi K2", shellQuotedName)).toBe('"Kimi K2"');
    expect(configSetTextWord("moonshot/kimi-k2.5", shellWord)).toBe("moonshot/kimi-k2.5");
  });

  it("gives a JSON5 string in single quotes for text JSON5 reads as another value", () => {
    expect(configSetTextWord("123", shellWord)).toBe(`'"123"'`);
    expect(configSetTextWord("null", shellQuotedName)).toBe(`'"null"'`);
    expect(configSetTextWord("[Kimi's]", shellWord)).toBe(`'"[Kimi'\\''s]"'`);
  });

  it("gives words config set reads back as the text itself", () => {
    for (const text of ["123", "true", "Infinity", "0x1F", "[1]", "{a: 1}", '"K2"', "[K2"]) {
      const word = configSetTextWord(text, shellWord);
      // The word as the shell hands it over: inside single quotes, '\'' is a quote.
      const handed = word.startsWith("'") ? word.slice(1, -1).replaceAll(`'\\''`, "'") : word;
      expect(parseCliValue(handed)).toBe(text);
    }
  });
});
