/**
 * Where a provider's side requests (`/models`, `/usages`…) go: under `/v1` for an
 * `anthropic-messages` base URL that lacks it, as its chat requests go to `/v1/messages`.
 */
import { describe, expect, it } from "vitest";
import { sideRequestBase, sideRequestUrl } from "../../src/providers/endpoint-url.js";
import { modelsListRequest } from "../../src/providers/models-list-request.js";

describe("sideRequestBase", () => {
  it("adds /v1 to an anthropic-messages base without it, and leaves one that has it", () => {
    expect(sideRequestBase("https://api.kimi.com/coding", "anthropic-messages")).toBe(
      "https://api.kimi.com/coding/v1",
    );
    expect(sideRequestBase("https://api.kimi.com/coding/", "anthropic-messages")).toBe(
      "https://api.kimi.com/coding/v1",
    );
    expect(sideRequestBase("https://api.kimi.com/coding/v1", "anthropic-messages")).toBe(
      "https://api.kimi.com/coding/v1",
    );
    expect(sideRequestBase("https://api.anthropic.com", "anthropic-messages")).toBe(
      "https://api.anthropic.com/v1",
    );
  });

  it("leaves every other api's base as written", () => {
    expect(sideRequestBase("https://api.kimi.com/coding", "openai-completions")).toBe(
      "https://api.kimi.com/coding",
    );
    expect(sideRequestBase("http://127.0.0.1:8000", undefined)).toBe("http://127.0.0.1:8000");
  });

  it("keeps a base's query after the path it joins", () => {
    expect(
      sideRequestUrl("http://proxy.test/coding?tenant=a", "anthropic-messages", "/models"),
    ).toBe("http://proxy.test/coding/v1/models?tenant=a");
  });

  it("says the list's request as it is asked", () => {
    expect(modelsListRequest("https://api.kimi.com/coding", "anthropic-messages")).toBe(
      "GET /coding/v1/models",
    );
    expect(modelsListRequest("https://api.kimi.com/coding/v1")).toBe("GET /coding/v1/models");
  });
});
