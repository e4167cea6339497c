/**
 * Which endpoints limit stop sequences: Moonshot and Kimi Code (5 of at most 32 bytes, by host or
 * by provider id), not OpenAI nor a custom endpoint. A request over the limit is refused before
 * it is built, naming the entry; one within it is sent as it came.
 */
import { describe, expect, it } from "vitest";
import { defaultCompat } from "../../src/catalog/index.js";
import { buildChatRequest } from "../../src/providers/index.js";
import type { ChatRequest } from "../../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const SIX = ["1", "2", "3", "4", "5", "6"];

function withStop(stop: string | string[]): ChatRequest {
  return { messages: [{ role: "user", content: "Count to ten" }], stop };
}

/** A model on `baseUrl` under provider `provider`, with the compat that endpoint gets. */
function modelOn(baseUrl: string, provider: string) {
  const model = moonshotModel("m1", { ref: `${provider}/m1`, provider, baseUrl });
  return { ...model, compat: defaultCompat(baseUrl, provider) };
}

describe("stop sequence limits", () => {
  it("refuses more than 5, or one over 32 bytes, for Moonshot and Kimi Code", () => {
    expect(() => buildChatRequest(kimiCodeModel(), withStop(SIX), "k")).toThrow(
      "request.stop has 6 entries, and kimi-code/kimi-for-coding takes at most 5: send 5 or fewer",
    );
    // A Moonshot provider on a proxy keeps Moonshot's rules, as its other compat does.
    const proxied = modelOn("http://127.0.0.1:9/v1", "moonshot");
    expect(() => buildChatRequest(proxied, withStop("x".repeat(33)), "k")).toThrow(
      /^request\.stop "x{33}" is 33 bytes in UTF-8, and moonshot\/m1 takes at most 32 bytes a stop sequence: shorten it$/,
    );
    const stop = ["END", "é".repeat(16), "x".repeat(32), "\n", "Ω"];
    expect(buildChatRequest(moonshotModel(), withStop(stop), "k").body.stop).toEqual(stop);
  });

  it("sends any number and length to OpenAI and to a custom endpoint", () => {
    const long = [...SIX, "a stop sequence longer than thirty-two bytes"];
    for (const model of [
      modelOn("https://api.openai.com/v1", "openai"),
      modelOn("http://127.0.0.1:8000/v1", "local"),
    ]) {
      expect(buildChatRequest(model, withStop(long), "k").body.stop).toEqual(long);
    }
  });
});
