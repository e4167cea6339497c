/**
 * Earlier reasoning without a signature over api anthropic-messages (see
 * src/providers/replayed-thinking.ts): left out of its turn rather than sent as a thinking block
 * with an empty signature, which Anthropic refuses; when the turn left without thinking is the
 * last one and called tools, thinking goes off for the request where the model can stop thinking.
 * Each built request is put to the simulator's checks of the Messages format, which follow
 * Anthropic's documented rules.
 */
import { describe, expect, it } from "vitest";
import { buildAnthropicRequest } from "../../src/providers/anthropic-request.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { kimiCodeModel } from "../helpers/models.js";
import { checkMessages, simThinkingSignature } from "../simulator/anthropic.js";
import { CURRENT_SIM_MODELS, type SimModel } from "../simulator/models.js";

type Json = Record<string, unknown>;

const SIM_KIMI_CODE = CURRENT_SIM_MODELS.find((model) => model.id === "kimi-for-coding");
if (!SIM_KIMI_CODE) throw new Error("the simulator serves kimi-for-coding");

/** The simulator's kimi-for-coding, or one like it that can stop thinking. */
function simModels(canStopThinking: boolean): ReadonlyMap<string, SimModel> {
  const model: SimModel = canStopThinking
    ? { ...(SIM_KIMI_CODE as SimModel), thinking: "optional" }
    : (SIM_KIMI_CODE as SimModel);
  return new Map([[model.id, model]]);
}

function anthropicModel(alwaysThinks: boolean) {
  return kimiCodeModel({
    api: "anthropic-messages",
    baseUrl: "https://api.kimi.com/coding",
    compat: alwaysThinks ? { alwaysThinks: true } : {},
  });
}

const CALL = {
  id: "call_1",
  type: "function" as const,
  function: { name: "list_dir", arguments: '{"path":"."}' },
};

function toolTurn(reasoning: string, signature?: string): ChatMessage {
  return {
    role: "assistant",
    content: null,
    reasoning_content: reasoning,
    ...(signature !== undefined ? { reasoning_signature: signature } : {}),
    tool_calls: [CALL],
  };
}

const RESULT: ChatMessage = { role: "tool", tool_call_id: "call_1", content: "(empty)" };

function build(messages: ChatMessage[], alwaysThinks: boolean) {
  return buildAnthropicRequest(
    anthropicModel(alwaysThinks),
    { messages, maxTokens: 8192 },
    "sk-test-a1",
    { stream: false },
  );
}

const blockTypes = (body: Json, at: number): unknown[] =>
  ((body.messages as { content: Json[] }[])[at]?.content ?? []).map((block) => block.type);

describe("earlier reasoning over api anthropic-messages", () => {
  it("sends a turn's kept signature, found on the message, not an empty one", () => {
    const reasoning = "Look at the folder.";
    const built = build(
      [
        { role: "user", content: "What is here?" },
        toolTurn(reasoning, simThinkingSignature(reasoning)),
        RESULT,
      ],
      true,
    );
    expect((built.body.messages as { content: Json[] }[])[1]?.content[0]).toEqual({
      type: "thinking",
      thinking: reasoning,
      signature: simThinkingSignature(reasoning),
    });
    expect(checkMessages(built.body, simModels(false))).not.toHaveProperty("status");
  });

  it("leaves unsigned reasoning of an earlier, finished turn out, and the request is taken", () => {
    const built = build(
      [
        { role: "user", content: "What is here?" },
        toolTurn("Moonshot's reasoning, unsigned."),
        RESULT,
        { role: "assistant", content: "The folder is empty." },
        { role: "user", content: "And now?" },
      ],
      true,
    );
    expect(blockTypes(built.body, 1)).toEqual(["tool_use"]);
    expect(built.body.thinking).toMatchObject({ type: "enabled" });
    expect(built.adjustments).toEqual([]);
    expect(checkMessages(built.body, simModels(false))).not.toHaveProperty("status");
  });

  it("turns thinking off when the unsigned turn is the last one and called tools", () => {
    const built = build(
      [{ role: "user", content: "What is here?" }, toolTurn("Unsigned reasoning."), RESULT],
      false,
    );
    expect(blockTypes(built.body, 1)).toEqual(["tool_use"]);
    expect(built.body.thinking).toEqual({ type: "disabled" });
    expect(built.adjustments).toEqual([
      expect.stringMatching(
        /^thinking off for this request: the last tool-call turn has no signed thinking/,
      ),
    ]);
    expect(checkMessages(built.body, simModels(true))).not.toHaveProperty("status");
  });

  it("keeps thinking on for a model that always thinks, and says the API may refuse", () => {
    const built = build(
      [{ role: "user", content: "What is here?" }, toolTurn("Unsigned reasoning."), RESULT],
      true,
    );
    expect(blockTypes(built.body, 1)).toEqual(["tool_use"]);
    expect(built.body.thinking).toMatchObject({ type: "enabled" });
    expect(built.adjustments).toEqual([
      expect.stringContaining("kimi-code/kimi-for-coding cannot think off"),
    ]);
    // As Anthropic documents: the last tool-call turn must start with its thinking block.
    expect(checkMessages(built.body, simModels(false))).toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "a final `assistant` message must start with a thinking block",
      ),
    });
  });
});
