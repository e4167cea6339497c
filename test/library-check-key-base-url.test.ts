/**
 * A program's `checkKey` given a target.baseUrl that is no http(s) URL: refused before anything
 * is sent (code `usage`, `where` `target.baseUrl`), with the URL to write. Before, it resolved
 * with `status: "unreachable"`, `could not reach lab to check the key: ERR_INVALID_URL`, and the
 * hint to check the network or proxy, which sent the developer after the wrong problem.
 */
import { describe, expect, it } from "vitest";
import { checkKey, isOpenClawError } from "../src/index.js";

async function refusal(baseUrl: string, provider?: string) {
  const target = { label: "lab", baseUrl, ...(provider ? { provider } : {}) };
  const error = await checkKey({ target, key: "sk-fake-abc-01" }).then(
    (result) => result,
    (thrown: unknown) => thrown,
  );
  if (!isOpenClawError(error))
    throw new Error(`expected an OpenClawError, got ${JSON.stringify(error)}`);
  return error;
}

describe("checkKey's target.baseUrl", () => {
  it("with a mistyped scheme is refused, naming the field and the URL to write", async () => {
    const error = await refusal("htp:/localhost:8000/v1");
    expect(error.code).toBe("usage");
    expect(error.where).toBe("target.baseUrl");
    expect(error.message).toBe(
      `checkKey's target.baseUrl must be an http(s) URL, got "htp:/localhost:8000/v1"`,
    );
    expect(error.hint).toBe(
      'write the endpoint\'s full URL, for example "https://api.moonshot.ai/v1"',
    );
    expect(error.hint).not.toContain("network");
  });

  it("without its scheme is told the URL with one", async () => {
    expect((await refusal("api.moonshot.ai/v1")).hint).toBe(
      'write the URL with its scheme: "https://api.moonshot.ai/v1"',
    );
    expect((await refusal("localhost:8000/v1")).hint).toBe(
      'write the URL with its scheme: "http://localhost:8000/v1"',
    );
  });

  it("left empty names the provider's own URL, and a key pasted there is masked", async () => {
    const empty = await refusal("", "kimi-code");
    expect(empty.message).toBe(
      "checkKey's target.baseUrl must be an http(s) URL, got an empty string",
    );
    expect(empty.hint).toContain("https://api.kimi.com/coding/v1");
    const pasted = await refusal("sk-kimi-fakeG01");
    expect(JSON.stringify(pasted)).not.toContain("fakeG01");
  });
});
