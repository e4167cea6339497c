import { describe, expect, it } from "vitest";
import {
  FixedSamplingRules,
  fixedSamplingFrom,
  refusesThinkingKeep,
  refusesThinkingSwitch,
  sentSampling,
  withoutThinkingKeep,
  withoutThinkingSwitch,
} from "../../src/runtime/fixed-sampling.js";
import { moonshotModel } from "../helpers/models.js";

const user = { role: "user" as const, content: "hi" };

describe("refusesThinkingSwitch", () => {
  it("recognises a refusal of the thinking switch, not the other refusals that speak of thinking", () => {
    expect(refusesThinkingSwitch("Invalid request: thinking cannot be disabled for model x")).toBe(
      true,
    );
    expect(refusesThinkingSwitch("thinking is not supported for this model")).toBe(true);
    // Kimi K2.7 Code (oh-my-pi #3852).
    expect(
      refusesThinkingSwitch("invalid thinking: only type=enabled is allowed for this model"),
    ).toBe(true);
    expect(
      refusesThinkingSwitch(
        "thinking is enabled but reasoning_content is missing in assistant tool call message at index 1",
      ),
    ).toBe(false);
    expect(refusesThinkingSwitch("tool_choice 'required' is incompatible with thinking")).toBe(
      false,
    );
    expect(refusesThinkingSwitch("invalid temperature: only 1 is allowed")).toBe(false);
  });

  it("tells a refusal of thinking.keep (kimi-k2.5, vercel/ai#18449) from one of the switch", () => {
    const keep = 'thinking.keep is not supported by model "kimi-k2.5"';
    expect(refusesThinkingKeep(keep)).toBe(true);
    expect(refusesThinkingSwitch(keep)).toBe(false);
    expect(refusesThinkingKeep("invalid thinking: only type=enabled is allowed")).toBe(false);
  });

  it("a request without keep keeps its switch and its other thinking options", () => {
    const request = {
      messages: [{ role: "user" as const, content: "hi" }],
      thinking: "off" as const,
      thinkingOptions: { keep: "all", budget: 1 },
    };
    expect(withoutThinkingKeep(request)).toEqual({
      messages: request.messages,
      thinking: "off",
      thinkingOptions: { budget: 1 },
    });
    expect(withoutThinkingKeep({ ...request, thinkingOptions: { keep: "all" } })).toEqual({
      messages: request.messages,
      thinking: "off",
    });
  });

  it("a request without the switch leaves the whole thinking object out", () => {
    const request = {
      messages: [{ role: "user" as const, content: "hi" }],
      thinking: "off" as const,
      thinkingOptions: { keep: "all" },
    };
    // Marked, so that no "off" for a forced tool choice is sent in its place either.
    expect(withoutThinkingSwitch(request)).toEqual({
      messages: request.messages,
      noThinkingSwitch: true,
    });
  });
});

describe("fixed sampling values", () => {
  it("reads the parameter and its one allowed value from the provider's refusal", () => {
    expect(
      fixedSamplingFrom(
        "moonshot (api.moonshot.ai, international) rejected the request for model kimi-k2.5: 400 invalid_request_error invalid temperature: only 0.6 is allowed for this model",
      ),
    ).toEqual({ param: "temperature", value: 0.6 });
    expect(fixedSamplingFrom("invalid top_p: only 0.95 is allowed for this model")).toEqual({
      param: "top_p",
      value: 0.95,
    });
    expect(fixedSamplingFrom("Invalid Temperature: only 1 is allowed")).toEqual({
      param: "temperature",
      value: 1,
    });
    for (const other of [
      "invalid temperature: must be in [0, 1]",
      "Invalid request: tools[0] must be a function tool with a name",
      "invalid seed: only 1 is allowed",
      "temperature only 0.6 is allowed",
    ])
      expect([other, fixedSamplingFrom(other)]).toEqual([other, undefined]);
  });

  it("knows what a request sends: the caller's value, else the model's configured params", () => {
    const plain = moonshotModel();
    const configured = moonshotModel("kimi-k2.5", { params: { temperature: 0.3, top_p: 0.8 } });
    expect(sentSampling(plain, { messages: [user] }, "temperature")).toBeUndefined();
    expect(sentSampling(configured, { messages: [user] }, "temperature")).toBe(0.3);
    expect(sentSampling(configured, { messages: [user], temperature: 0.7 }, "temperature")).toBe(
      0.7,
    );
    expect(sentSampling(configured, { messages: [user] }, "top_p")).toBe(0.8);
    expect(
      sentSampling(
        plain,
        { messages: [user], extraBody: { presence_penalty: 0.5 } },
        "presence_penalty",
      ),
    ).toBe(0.5);
  });

  it("applies what it learned per model and thinking state, and leaves other requests alone", () => {
    const rules = new FixedSamplingRules();
    const k25 = moonshotModel();
    const turbo = moonshotModel("kimi-k2-turbo-preview");
    const asked = { messages: [user], temperature: 0.7, topP: 0.9 };
    // The config calls kimi-k2.5 non-reasoning: asked nothing, it thinks (its "default" state);
    // told not to, it does not.
    const off = { ...asked, thinking: "off" as const };
    expect(rules.apply(k25, false, asked)).toBe(asked);

    rules.learn(k25, false, asked, { param: "temperature", value: 1 });
    rules.learn(k25, false, off, { param: "temperature", value: 0.6 });
    rules.learn(k25, false, off, { param: "top_p", value: 0.95 });
    rules.learn(k25, true, asked, { param: "temperature", value: 1 });
    expect(rules.apply(k25, false, asked)).toMatchObject({ temperature: 1, topP: 0.9 });
    expect(rules.apply(k25, false, off)).toMatchObject({ temperature: 0.6, topP: 0.95 });
    expect(rules.apply(k25, true, asked)).toMatchObject({ temperature: 1, topP: 0.9 });
    expect(asked).toEqual({ messages: [user], temperature: 0.7, topP: 0.9 });
    // Another model, or a request that leaves the value to the provider, is not touched.
    expect(rules.apply(turbo, false, asked)).toBe(asked);
    const unset = { messages: [user] };
    expect(rules.apply(k25, false, unset)).toBe(unset);
  });

  it("treats a model found to think unasked as a reasoning model, as the config now resolves it", () => {
    const rules = new FixedSamplingRules();
    const k25 = moonshotModel();
    const asked = { messages: [user], temperature: 0.7 };
    expect(rules.effective(k25)).toBe(k25);
    // Learned while it thought unasked (the "default" state), then found out.
    rules.learn(k25, false, asked, { param: "temperature", value: 1 });
    rules.learnThinksUnasked(k25);
    const view = rules.effective(k25);
    expect([view.reasoning, view.ref, rules.effective(k25)]).toEqual([true, k25.ref, view]);
    expect(rules.apply(view, true, asked)).toMatchObject({ temperature: 1 });
    // After a config reload the model resolves anew (here at another address): its view follows.
    const moved = moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.cn/v1" });
    expect(rules.effective(moved)).toMatchObject({
      reasoning: true,
      baseUrl: "https://api.moonshot.cn/v1",
    });
    const other = moonshotModel("kimi-k2-turbo-preview");
    expect(rules.effective(other)).toBe(other);
    // Only Moonshot's way of thinking teaches this: another endpoint's model stays as configured.
    const elsewhere = moonshotModel("deepseek-reasoner", {
      ref: "deepseek/deepseek-reasoner",
      compat: { thinkingFormat: "none" },
    });
    rules.learnThinksUnasked(elsewhere);
    expect(rules.effective(elsewhere)).toBe(elsewhere);
  });
});
