/**
 * x-openclaw-notes quote a forced `tool_choice` as the client wrote it: a Responses client's
 * `{"type":"function","name":…}` and an Anthropic client's `{"type":"any"}` or
 * `{"type":"tool","name":…}`, not the chat-completions form the upstream request was built from,
 * which the client never sent. Real sockets, the official `openai` and `@anthropic-ai/sdk`
 * clients; moonshot/kimi-k2.5 gets thinking sent as off to keep the forced choice, which is noted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env.close();
});

const MODEL = "moonshot/kimi-k2.5";

function forcedNote(notes: string[]): string {
  const note = notes.find((text) => text.startsWith("thinking sent as off"));
  expect(note, notes.join("\n")).toBeDefined();
  return note ?? "";
}

describe("a note about a forced tool_choice", () => {
  it("quotes an Anthropic client's own tool_choice on /v1/messages", async () => {
    const tools = [{ name: "get_time", input_schema: { type: "object" as const, properties: {} } }];
    for (const [choice, quoted] of [
      [{ type: "any" }, 'tool_choice {"type":"any"} is kept'],
      [{ type: "tool", name: "get_time" }, 'tool_choice {"type":"tool","name":"get_time"} is kept'],
    ] as const) {
      const { response } = await env
        .anthropic()
        .messages.create({
          model: MODEL,
          max_tokens: 256,
          tools,
          tool_choice: choice,
          messages: [{ role: "user", content: "What time is it?" }],
        })
        .withResponse();
      const note = forcedNote(notesOf(response.headers));
      expect(note).toContain(quoted);
      expect(note).not.toContain('"required"');
      expect(note).not.toContain('"function":');
    }
  });

  it("quotes a Responses client's own tool_choice on /v1/responses", async () => {
    const { response } = await env
      .client()
      .responses.create({
        model: MODEL,
        input: "What time is it?",
        tools: [
          {
            type: "function",
            name: "get_time",
            parameters: { type: "object", properties: {} },
            strict: false,
          },
        ],
        tool_choice: { type: "function", name: "get_time" },
      })
      .withResponse();
    const note = forcedNote(notesOf(response.headers));
    expect(note).toContain('tool_choice {"type":"function","name":"get_time"} is kept');
  });

  it("keeps the chat form on /v1/chat/completions, where the client wrote it so", async () => {
    const { response } = await env
      .client()
      .chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [
          {
            type: "function",
            function: { name: "get_time", parameters: { type: "object", properties: {} } },
          },
        ],
        tool_choice: "required",
      })
      .withResponse();
    const note = forcedNote(notesOf(response.headers));
    expect(note).toContain('tool_choice "required" is kept');
  });
});
