/**
 * Which adjustment notes chat says once (see chat-standing-notes.ts): it knows them by their
 * makers' words, so each maker's note, built as a request from the config makes it, is checked
 * here; a note about the conversation sent, or a thinking level asked, is not taken for one.
 */
import { describe, expect, it } from "vitest";
import {
  isConfigCausedNote,
  isThinkingLevelNote,
  standingNotesSaidOnce,
} from "../../src/cli/chat-standing-notes.js";
import { buildChatRequest } from "../../src/providers/index.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { FixedSamplingRules } from "../../src/runtime/fixed-sampling.js";
import { sampledRequest } from "../../src/runtime/known-fixed-sampling.js";
import { moonshotModel } from "../helpers/models.js";

const user: ChatMessage = { role: "user", content: "hi" };

function notesOf(...args: Parameters<typeof buildChatRequest>): readonly string[] {
  return buildChatRequest(...args).adjustments;
}

describe("the notes a chat says once", () => {
  it("knows each note a model's params cause", () => {
    const known = sampledRequest(
      new FixedSamplingRules(),
      moonshotModel("kimi-k2.5", {
        params: { temperature: 0.7 },
        compat: { fixedSampling: "moonshot" },
      }),
      { messages: [user] },
    ).known;
    const lowered = notesOf(
      moonshotModel("kimi-k3", { params: { temperature: 1.6 }, compat: { maxTemperature: 1 } }),
      { messages: [user] },
      "sk-fake-abc-01",
    );
    const fields = notesOf(
      moonshotModel("kimi-k2-turbo-preview", {
        params: {
          service_tier: "flex",
          verbosity: "low",
          prediction: { type: "content" },
          response_format: {
            type: "json_schema",
            json_schema: {
              name: "answer",
              schema: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" },
            },
          },
        },
      }),
      { messages: [user] },
      "sk-fake-abc-01",
    );
    const noTools = notesOf(
      moonshotModel("kimi-k2-turbo-preview", { compat: { supportsTools: false } }),
      {
        messages: [user],
        tools: [{ type: "function", function: { name: "read", parameters: { type: "object" } } }],
      },
      "sk-fake-abc-01",
    );
    const all = [known, ...lowered, ...fields, ...noTools];
    expect(all).toHaveLength(7);
    for (const note of all) expect([note, isConfigCausedNote(note ?? "")]).toEqual([note, true]);
  });

  it("does not take a note about the conversation or a thinking level for one", () => {
    const notes = notesOf(
      moonshotModel("kimi-k2-thinking"),
      {
        messages: [user, { role: "assistant", content: "" }, user],
        thinking: "high",
        thinkingAsked: 'thinking "high"',
      },
      "sk-fake-abc-01",
    );
    expect(notes).toHaveLength(2);
    for (const note of notes) expect([note, isConfigCausedNote(note)]).toEqual([note, false]);
  });

  it("knows each note of a thinking level /think sets", () => {
    const asked = (
      model: Parameters<typeof buildChatRequest>[0],
      thinking: "high" | "medium" | "off",
    ) => notesOf(model, { messages: [user], thinking }, "sk-fake-abc-01");
    const notes = [
      ...asked(moonshotModel("kimi-k2-thinking"), "high"),
      ...asked(moonshotModel("kimi-k2.5"), "high"),
      ...asked(moonshotModel("kimi-k2-thinking", { compat: { alwaysThinks: true } }), "off"),
      ...asked(
        moonshotModel("kimi-k3", {
          reasoning: true,
          compat: { thinkingFormat: "moonshot-effort" },
        }),
        "medium",
      ),
      ...asked(
        moonshotModel("kimi-k3", {
          reasoning: true,
          compat: { thinkingFormat: "moonshot-effort" },
        }),
        "off",
      ),
      ...asked(moonshotModel("other", { compat: { thinkingFormat: "openai" } }), "high"),
    ];
    expect(notes).toHaveLength(6);
    for (const note of notes) expect([note, isThinkingLevelNote(note)]).toEqual([note, true]);
  });

  it("says such a note once per model and text, any other each time", () => {
    const say = standingNotesSaidOnce();
    const note = "temperature 1.6 lowered to 1, the highest moonshot/kimi-k3 accepts";
    expect([say("moonshot/kimi-k3", note), say("moonshot/kimi-k3", note)]).toEqual([true, false]);
    const other = "left out the empty assistant message at index 1 (no text and no tool calls)";
    expect([say("moonshot/kimi-k3", other), say("moonshot/kimi-k3", other)]).toEqual([true, true]);
  });
});
