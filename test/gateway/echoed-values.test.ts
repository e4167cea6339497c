/**
 * A 400 quotes a client's bad value shortened: a name or type of megabytes must not come back
 * whole (it did, as a 3 MB or, with the field name as `param` too, a 6 MB error body).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** 3 MB of one letter: a value no error should echo whole. */
const HUGE = "x".repeat(3_000_000);
const SHORTENED = `"${"x".repeat(40)}…" (3000000 characters)`;

async function refused(
  route: "chat/completions" | "responses",
  body: Record<string, unknown>,
): Promise<{ status: number; size: number; error: { message: string; param: string | null } }> {
  const response = await fetch(`${env.baseURL}/${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    size: text.length,
    error: (JSON.parse(text) as { error: { message: string; param: string | null } }).error,
  };
}

const chat = (messages: unknown[], more: Record<string, unknown> = {}) => ({
  model: "moonshot/kimi-k2.5",
  messages,
  ...more,
});
const responses = (more: Record<string, unknown>) => ({
  model: "moonshot/kimi-k2.5",
  input: "hi",
  ...more,
});

describe("a 400 about a client's huge value", () => {
  it.each([
    ["chat: messages[0].role", "chat/completions", chat([{ role: HUGE, content: "hi" }])],
    [
      "chat: a content part's type",
      "chat/completions",
      chat([{ role: "user", content: [{ type: HUGE, text: "hi" }] }]),
    ],
    [
      "chat: a tool_choice naming a function not offered",
      "chat/completions",
      chat([{ role: "user", content: "hi" }], {
        tools: [{ type: "function", function: { name: "get_time" } }],
        tool_choice: { type: "function", function: { name: HUGE } },
      }),
    ],
    [
      "chat: a tool result answering no call",
      "chat/completions",
      chat([
        { role: "user", content: "hi" },
        { role: "tool", tool_call_id: HUGE, content: "12:00" },
      ]),
    ],
    ["responses: an item's type", "responses", responses({ input: [{ type: HUGE }] })],
    [
      "responses: a message's role",
      "responses",
      responses({ input: [{ type: "message", role: HUGE, content: "hi" }] }),
    ],
    [
      "responses: a content part's type",
      "responses",
      responses({ input: [{ role: "user", content: [{ type: HUGE }] }] }),
    ],
    [
      "responses: a function_call_output's call_id",
      "responses",
      responses({ input: [{ type: "function_call_output", call_id: HUGE, output: "x" }] }),
    ],
    [
      "responses: an item_reference's id",
      "responses",
      responses({ input: [{ type: "item_reference", id: HUGE }] }),
    ],
    ["responses: previous_response_id", "responses", responses({ previous_response_id: HUGE })],
    ["responses: text.format.type", "responses", responses({ text: { format: { type: HUGE } } })],
    ["responses: truncation", "responses", responses({ truncation: HUGE })],
    ["responses: reasoning.effort", "responses", responses({ reasoning: { effort: HUGE } })],
    ["responses: reasoning.summary", "responses", responses({ reasoning: { summary: HUGE } })],
  ] as const)("%s is quoted shortened, with its length", async (_label, route, body) => {
    const { status, size, error } = await refused(route, body);
    expect(status).toBe(400);
    expect(error.message).toContain(SHORTENED);
    expect(size).toBeLessThan(2_000);
  });

  it("an unknown Responses field of a huge name is named shortened, in the message and param", async () => {
    const { status, size, error } = await refused("responses", responses({ [HUGE]: 1 }));
    expect(status).toBe(400);
    expect(error.message).toContain(`${"x".repeat(40)}… (3000000 characters) is not supported`);
    expect(error.param).toBe(`${"x".repeat(40)}…`);
    expect(size).toBeLessThan(2_000);
  });

  it("a short value is still quoted whole", async () => {
    const { error } = await refused("chat/completions", chat([{ role: "robot", content: "hi" }]));
    expect(error.message).toContain('got "robot"');
  });
});
