/**
 * Which adjustment notes chat says once (see chat-standing-notes.ts): it knows them by their
 * makers' words, so each maker's note, built as a request from the config makes it, is checked
 * here, as is each repair conversation-repair makes of a message the history holds; a note
 * about a thinking level asked is not taken for a config one.
 */
import { describe, expect, it } from "vitest";
import {
  isConfigCausedNote,
  isHistoryRepairNote,
  isThinkingLevelNote,
  standingNotesSaidOnce,
} from "../../src/cli/chat-standing-notes.js";
import { repairConversation } from "../../src/providers/conversation-repair.js";
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

  it("knows each repair of a message the history holds", () => {
    const call = {
      id: "functions.read:0",
      type: "function" as const,
      function: { name: "read", arguments: "{}" },
    };
    const history: ChatMessage[] = [
      { role: "system", content: "" },
      user,
      { role: "assistant", content: "" },
      user,
      { role: "assistant", content: "", tool_calls: [call] },
      user,
      { role: "assistant", content: "", tool_calls: [{ ...call, id: "functions.read:1" }] },
      { role: "tool", tool_call_id: "functions.read:1", content: "" },
      user,
    ];
    const notes: string[] = [];
    repairConversation(history, notes, "https://api.kimi.com/coding/v1");
    expect(notes).toHaveLength(4);
    for (const note of notes) expect([note, isHistoryRepairNote(note)]).toEqual([note, true]);
    const configNote = "temperature 1.6 lowered to 1, the highest moonshot/kimi-k3 accepts";
    expect(isHistoryRepairNote(configNote)).toBe(false);
  });

  it("says such a note once per model and text, any other each time", () => {
    const say = standingNotesSaidOnce();
    const note = "temperature 1.6 lowered to 1, the highest moonshot/kimi-k3 accepts";
    expect([say("moonshot/kimi-k3", note), say("moonshot/kimi-k3", note)]).toEqual([true, false]);
    const repair =
      "left out the empty assistant message at index 1 (no text and no tool calls; Moonshot refuses them)";
    expect([say("moonshot/kimi-k3", repair), say("moonshot/kimi-k3", repair)]).toEqual([
      true,
      false,
    ]);
    // A second empty answer: both are named, said again.
    const more = repair.replace("message at index 1", "messages at index 1, 3");
    expect(say("moonshot/kimi-k3", more)).toBe(true);
    const other =
      'sent the developer message as "system": moonshot/kimi-k3 does not accept the developer role';
    expect([say("moonshot/kimi-k3", other), say("moonshot/kimi-k3", other)]).toEqual([true, true]);
  });
});
