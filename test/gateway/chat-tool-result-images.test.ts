/**
 * A chat-completions tool result holding an image, as Zed's agent sends what its tools return
 * (an image file read, an MCP server's screenshot): `{"role": "tool", "content": [{"type":
 * "text", …}, {"type": "image_url", …}]}`. A tool message carries text only upstream, so the
 * image reaches a model that sees images in a user message after the tool results, as on the
 * Responses and Messages routes; a text-only model's refusal names the part where the client
 * put it. Before, the gateway refused the request itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const IMAGE = "data:image/png;base64,iVBORw0KGgo=";
const READ_TOOL = {
  type: "function",
  function: {
    name: "read_file",
    description: "Reads a file of the project",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
};

/** A Zed agent turn: the model read two files, the second an image, and gets their results. */
function zedTurn(model: string): Record<string, unknown> {
  return {
    model,
    stream: false,
    temperature: 1,
    tools: [READ_TOOL],
    messages: [
      { role: "system", content: "You are a coding agent." },
      { role: "user", content: "What does the logo show?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "functions.read_file:0",
            type: "function",
            function: { name: "read_file", arguments: '{"path":"README.md"}' },
          },
          {
            id: "functions.read_file:1",
            type: "function",
            function: { name: "read_file", arguments: '{"path":"logo.png"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "functions.read_file:0", content: "# The project" },
      {
        role: "tool",
        tool_call_id: "functions.read_file:1",
        content: [
          { type: "text", text: "logo.png (1 KB)" },
          { type: "image_url", image_url: { url: IMAGE } },
        ],
      },
    ],
  };
}

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

interface Answer {
  choices?: { message: { content: unknown } }[];
  error?: { code: string; param: string; message: string };
}

async function chat(body: Record<string, unknown>): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

/**
 * The messages of the last chat request the simulator received since `before` of them: kimi-k2.5
 * may be asked twice (a thinking model's history without reasoning is sent again).
 */
function lastSentMessages(before: number): Record<string, unknown>[] {
  const sent = env.sim.chatRequests().slice(before).at(-1);
  if (sent === undefined) throw new Error("nothing was sent upstream");
  return (sent.body as { messages: Record<string, unknown>[] }).messages;
}

describe("a chat tool result with an image", () => {
  it("reaches a model that sees images in a user message after the tool results", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await chat(zedTurn("moonshot/kimi-k2.5"));
    expect(answer.status).toBe(200);
    expect(answer.body.choices?.[0]?.message.content).toEqual(expect.any(String));
    const messages = lastSentMessages(before);
    expect(messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "tool",
      "user",
    ]);
    expect(messages[3]).toEqual({
      role: "tool",
      tool_call_id: "functions.read_file:0",
      content: "# The project",
    });
    expect(messages[4]).toEqual({
      role: "tool",
      tool_call_id: "functions.read_file:1",
      content:
        "logo.png (1 KB)\n[an image returned: shown in the user message after the tool results]",
    });
    expect(messages[5]?.content).toEqual([
      { type: "text", text: "The image returned by tool call functions.read_file:1:" },
      { type: "image_url", image_url: { url: IMAGE } },
    ]);
  });

  it("keeps a later turn after the moved image, the tool results still right after their call", async () => {
    const turn = zedTurn("moonshot/kimi-k2.5");
    const messages = turn.messages as Record<string, unknown>[];
    messages.push(
      { role: "assistant", content: "It shows a cat." },
      { role: "user", content: "Thanks" },
    );
    const before = env.sim.chatRequests().length;
    const answer = await chat(turn);
    expect(answer.status).toBe(200);
    expect(lastSentMessages(before).map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "tool",
      "user",
      "assistant",
      "user",
    ]);
  });

  it("is refused for a text-only model naming the image where the client put it, nothing sent", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await chat(zedTurn("moonshot/kimi-k2-turbo-preview"));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "invalid_value",
      param: "messages[4].content[1].image_url",
    });
    expect(answer.body.error?.message).toContain("messages[4].content[1]");
    expect(answer.body.error?.message).not.toContain("messages[5]");
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
