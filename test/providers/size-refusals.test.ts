/**
 * Refusals of a request too big, in the words Moonshot and Kimi Code use beyond "exceeded model
 * token limit": they are context-length failures (a fallback with more room may take the
 * request; retrying the same does not help), and the hint says what to shorten.
 */
import { describe, expect, it } from "vitest";
import { classifyProviderError } from "../../src/providers/index.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const body = (type: string, message: string) => JSON.stringify({ error: { type, message } });

describe("a request too big for the provider", () => {
  it("over Kimi's size limit for messages (kimi-code#1862) says so, in bytes, not tokens", () => {
    const error = classifyProviderError({
      status: 400,
      body: body("invalid_request_error", "total message size 2100954 exceeds limit 2097152"),
      model: kimiCodeModel(),
    });
    expect(error.errorClass).toBe("context_length");
    expect(error.hint).toContain("2,100,954 bytes, over the 2,097,152");
    expect(error.hint).toContain("shorten the conversation");
    expect(error.hint).toContain("lowering maxTokens does not help");
  });

  it("refused with a 413 and no counts says the size is over the provider's limit, not the window", () => {
    const error = classifyProviderError({
      status: 413,
      body: body("invalid_request_error", "Request Entity Too Large"),
      model: moonshotModel(),
    });
    expect(error.errorClass).toBe("context_length");
    expect(error.hint).toContain("HTTP 413, a limit on its size in bytes");
    expect(error.hint).toContain("lowering maxTokens does not help");
    expect(error.hint).not.toContain("lower maxTokens,");
  });

  it("over an older model's length (MoonshotAI-Cookbook#18) is a context-length failure", () => {
    const error = classifyProviderError({
      status: 400,
      body: body("invalid_request_error", "model max length exceeded, max length:8192"),
      model: moonshotModel(),
    });
    expect(error.errorClass).toBe("context_length");
    expect(error.hint).toContain("lower maxTokens");
  });
});

describe("tool schemas too big for Moonshot", () => {
  it("(kimi-cli#2475) get a hint about their size, not about schema rules a rewrite fixes", () => {
    const error = classifyProviderError({
      status: 400,
      body: body(
        "invalid_request_error",
        "Invalid request: tools.function.parameters is not a valid moonshot flavored json schema, details: <At path 'root': schema exceeds maximum allowed size>",
      ),
      model: moonshotModel(),
    });
    expect(error.errorClass).toBe("bad_request");
    expect(error.hint).toContain("larger than Moonshot takes");
    expect(error.hint).toContain("send fewer tools");
    expect(error.hint).not.toContain("fix the schema at that path");
  });
});
