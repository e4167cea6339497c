import { describe, expect, it } from "vitest";
import { belowSingleValueHint, lostQuotesHint } from "../../src/config/typed-value-hints.js";

describe("lostQuotesHint", () => {
  it("quotes again each string of an unquoted list, keeping numbers and true/false", () => {
    const text = "[moonshot/kimi-k2.5, kimi-code/kimi-for-coding, 3, true]";
    expect(
      lostQuotesHint(["agents", "defaults", "model", "fallbacks"], { value: text, text }),
    ).toBe(
      `this list reached openclaw without the quotes around its strings (the shell removes them); quote the whole value in single quotes, its strings in double quotes: openclaw config set agents.defaults.model.fallbacks '["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding", 3, true]'`,
    );
  });

  it("does not repeat a secret of an unquoted object: its value is left for the person to fill in", () => {
    const text = "{X-Org: acme, Authorization: Bearer sk-abcdefghijklmnopqrstuvwx}";
    const hint = lostQuotesHint(["models", "providers", "moonshot", "headers"], {
      value: text,
      text,
    });
    expect(hint).toContain(
      `openclaw config set models.providers.moonshot.headers '{"X-Org": "acme", Authorization: "…"}' (your values between the double quotes)`,
    );
    expect(hint).not.toContain("sk-abcdefghijklmnopqrstuvwx");
  });

  it("says how to quote a nested value it cannot rebuild, and nothing for a value JSON5 read", () => {
    const text = "{a: [b]}";
    expect(lostQuotesHint(["agents", "defaults", "models"], { value: text, text })).toMatch(
      /quote the whole value in single quotes, its strings in double quotes: openclaw config set agents\.defaults\.models '<value>'$/,
    );
    expect(lostQuotesHint(["gateway", "port"], { value: [1], text: "[1]" })).toBeUndefined();
  });
});

describe("belowSingleValueHint", () => {
  it("names the key of one value a path goes below, or nothing when the path stops there", () => {
    expect(belowSingleValueHint("gateway.port", ["gateway", "port", "x"])).toBe(
      "gateway.port takes an integer from 1 to 65535, and has no keys below it: openclaw config set gateway.port <value>",
    );
    expect(belowSingleValueHint("gateway.port", ["gateway", "port"])).toBeUndefined();
    expect(belowSingleValueHint("gateway", ["gateway", "port"])).toBeUndefined();
  });
});
