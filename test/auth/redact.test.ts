import { describe, expect, it } from "vitest";
import {
  checkKeyShape,
  isPlaceholderKey,
  maskKey,
  redactSecrets,
  redactValue,
} from "../../src/auth/index.js";

describe("masking and redaction", () => {
  it("masks keys to prefix and last four", () => {
    expect(maskKey("sk-test-moonshot-ai-0001")).toBe("sk-…0001");
    expect(maskKey("sk-kimi-test-key-00000042")).toBe("sk-kimi-…0042");
    expect(maskKey("short")).toBe("…");
  });

  it("removes known keys and key-shaped strings from text and values", () => {
    const key = "sk-test-moonshot-ai-0001";
    const text = `401 for ${key}; header Authorization: Bearer abcdefghijklmnop; other sk-test-unknown-key-9999`;
    const out = redactSecrets(text, [key]);
    expect(out).not.toContain(key);
    expect(out).not.toContain("abcdefghijklmnop");
    expect(out).not.toContain("sk-test-unknown-key-9999");
    expect(out).toContain("sk-…0001");
    expect(redactValue({ a: [key] }, [key])).toEqual({ a: ["sk-…0001"] });
    const kimi = "sk-kimi-test-key-00000042";
    expect(redactSecrets(`bad key ${kimi}`, [kimi])).toBe("bad key sk-kimi-…0042");
    expect(redactSecrets("short ak-1234 key")).toBe("short ak-*** key");
  });

  it("flags keys for the wrong provider by prefix", () => {
    expect(checkKeyShape("moonshot", "sk-kimi-test-0001")?.code).toBe("key_kimi_for_moonshot");
    expect(checkKeyShape("kimi-code", "sk-test-moonshot-ai-0001")?.code).toBe(
      "key_moonshot_for_kimi",
    );
    expect(checkKeyShape("moonshot", "")?.code).toBe("key_empty");
    expect(checkKeyShape("moonshot", "sk-test\n0001")?.message).toContain("line break");
    expect(checkKeyShape("moonshot", "sk-test-moonshot-ai-0001")).toBeUndefined();
    expect(checkKeyShape("custom", "anything-goes-1234")).toBeUndefined();
    // A placeholder with a space in it is a placeholder, not a key with whitespace.
    expect(checkKeyShape("moonshot", "<your key>")?.code).toBe("key_placeholder");
    expect(checkKeyShape("custom", "YOUR_API_KEY")?.code).toBe("key_placeholder");
  });

  it("knows the docs' placeholders from keys", () => {
    for (const placeholder of [
      "sk-...",
      "sk-…",
      "sk-xxx",
      "sk-XXXXXXXX",
      "sk-***",
      "<your key>",
      "<MOONSHOT_API_KEY>",
      "YOUR_API_KEY",
      "your-api-key-here",
      "sk-your-key-here",
      "your moonshot api key",
      "paste your key here",
      "REPLACE_ME",
    ])
      expect(isPlaceholderKey(placeholder), placeholder).toBe(true);
    for (const key of [
      "sk-test-moonshot-ai-0001",
      "sk-kimi-test-key-00000042",
      "sk-x1",
      "yourkey-8f3a9c",
      "my-api-key-1234",
    ])
      expect(isPlaceholderKey(key), key).toBe(false);
  });
});
