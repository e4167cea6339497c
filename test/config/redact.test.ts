/**
 * What `config get`, `config set`'s echo and an inspected config show of a value: keys masked
 * by their name or their shape, while addresses and model names stay readable.
 */
import { describe, expect, it } from "vitest";
import { redactConfigValue } from "../../src/config/redact.js";

const ACCOUNT = "0123456789abcdef0123456789abcdef";

describe("redactConfigValue", () => {
  it("shows a URL whose path holds a long id (a Cloudflare account), with or without its scheme", () => {
    const url = `https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/moonshot/openai`;
    expect(redactConfigValue(url, ["models", "providers", "cf", "baseUrl"])).toBe(url);
    const bare = `gateway.ai.cloudflare.com/v1/${ACCOUNT}/moonshot`;
    expect(redactConfigValue(bare, ["models", "providers", "cf", "baseUrl"])).toBe(bare);
  });

  it("masks a key in a URL's query or password, and a key pasted where a URL belongs", () => {
    const path = ["models", "providers", "cf", "baseUrl"];
    expect(redactConfigValue(`https://x.test/v1?key=${ACCOUNT}`, path)).toBe("…cdef");
    expect(redactConfigValue("https://user:hunter2pass@x.test/v1", path)).not.toContain("hunter2");
    expect(redactConfigValue("sk-test-moonshot-ai-0001", path)).toBe("sk-…0001");
    expect(redactConfigValue(`a1${ACCOUNT}`, path)).toBe("…cdef");
  });

  it("shows model ids, names and refs with long runs of letters and digits; masks a key there", () => {
    const id = "ft-kimi-k2-abc123def456ghi789jkl012mno";
    expect(redactConfigValue(id, ["models", "providers", "m", "models", 0, "id"])).toBe(id);
    expect(redactConfigValue(`m/${id}`, ["agents", "defaults", "model", "fallbacks", 0])).toBe(
      `m/${id}`,
    );
    expect(redactConfigValue("sk-test-moonshot-ai-0001", ["models", "x", "name"])).toBe("sk-…0001");
  });
});
