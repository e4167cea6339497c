/**
 * A conversation begun on /v1/messages and carried on over chat completions or /v1/responses, as
 * pi (`@mariozechner/pi-coding-agent` 0.73.1) does when its session moves from the gateway as an
 * `anthropic-messages` provider to the gateway as an `openai-completions` or `openai-responses`
 * one (`pi -c --model …`). The tool-call ids it replays are the ones /v1/messages gave it
 * (`toolu_kimi_…`); upstream they must be Moonshot's own again (`functions.read:0`), and the
 * turn's remembered reasoning must be found by them. The requests below are pi's, as recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const SYSTEM = "You are an expert coding assistant operating inside pi.";
const QUESTION = "Read hello.txt and count its bytes.";
const REASONING = "Two things at once.";

const TOOLS = [
  {
    name: "read",
    description: "Read the contents of a file.",
    eager_input_streaming: true,
    input_schema: {
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
    },
  },
  {
    name: "bash",
    description: "Execute a bash command.",
    eager_input_streaming: true,
    input_schema: {
      type: "object",
      properties: { command: { type: "string" } },
      required: ["command"],
    },
  },
];

interface ToolUse {
  type: string;
  id: string;
}

/**
 * The first turn on /v1/messages, as pi sends it: the model reads the file and counts its bytes
 * in one turn. Returns the two tool_use ids the client was given.
 */
async function firstTurnOnMessages(): Promise<[string, string]> {
  env.sim.script([
    {
      respond: {
        reply: {
          reasoning: REASONING,
          text: "Reading both.",
          toolCalls: [
            { name: "read", arguments: { path: "hello.txt" } },
            { name: "bash", arguments: { command: "wc -c hello.txt" } },
          ],
        },
      },
    },
  ]);
  const response = await postMessages(env.gateway.url, {
    model: "moonshot/kimi-k2.5",
    max_tokens: 8192,
    system: [{ type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } }],
    messages: [
      {
        role: "user",
        content: [{ type: "text", text: QUESTION, cache_control: { type: "ephemeral" } }],
      },
    ],
    thinking: { type: "enabled", budget_tokens: 8192, display: "summarized" },
    tools: TOOLS,
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { content: ToolUse[] };
  const ids = body.content.filter((block) => block.type === "tool_use").map((block) => block.id);
  // The ids the Messages route hands out are its encoded ones (what this test is about).
  expect(ids).toEqual([
    expect.stringMatching(/^toolu_kimi_/),
    expect.stringMatching(/^toolu_kimi_/),
  ]);
  return [ids[0] as string, ids[1] as string];
}

interface UpstreamMessage {
  role: string;
  reasoning_content?: string;
  tool_call_id?: string;
  tool_calls?: { id: string }[];
}

/** The last upstream request's tool-call turn and results. */
function upstreamToolTurn(): { calls: string[]; results: string[]; reasoning: unknown } {
  const body = env.sim.chatRequests().at(-1)?.body as { messages: UpstreamMessage[] };
  const turn = body.messages.find((m) => (m.tool_calls ?? []).length > 0);
  return {
    calls: (turn?.tool_calls ?? []).map((call) => call.id),
    results: body.messages.flatMap((m) => (m.role === "tool" ? [m.tool_call_id ?? ""] : [])),
    reasoning: turn?.reasoning_content,
  };
}

async function post(path: string, body: Record<string, unknown>): Promise<Response> {
  const response = await fetch(`${env.gateway.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.clone().text();
  return response;
}

describe("tool-call ids from /v1/messages replayed on the OpenAI routes", () => {
  it("go upstream as Moonshot's own on chat completions, with the turn's reasoning", async () => {
    const [readId, bashId] = await firstTurnOnMessages();
    env.sim.script([{ respond: { reply: { text: "Still pineapple." } } }]);
    // pi's request after `pi -c --model openclaw/moonshot/kimi-k2.5`: the thinking of a turn
    // made by another of its providers goes as text, and no reasoning_content is sent.
    const response = await post("/v1/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [
        { role: "developer", content: SYSTEM },
        { role: "user", content: [{ type: "text", text: QUESTION }] },
        {
          role: "assistant",
          content: `${REASONING}Reading both.`,
          tool_calls: [
            {
              id: readId,
              type: "function",
              function: { name: "read", arguments: '{"path":"hello.txt"}' },
            },
            {
              id: bashId,
              type: "function",
              function: { name: "bash", arguments: '{"command":"wc -c hello.txt"}' },
            },
          ],
        },
        { role: "tool", content: "The secret word is pineapple.\n", tool_call_id: readId },
        { role: "tool", content: "30 hello.txt\n", tool_call_id: bashId },
        { role: "assistant", content: "Done.pineapple, 30 bytes." },
        { role: "user", content: [{ type: "text", text: "And again?" }] },
      ],
      stream: true,
      stream_options: { include_usage: true },
      store: false,
      max_completion_tokens: 32000,
      reasoning_effort: "medium",
    });
    expect(response.status).toBe(200);
    expect(upstreamToolTurn()).toEqual({
      calls: ["functions.read:0", "functions.bash:1"],
      results: ["functions.read:0", "functions.bash:1"],
      reasoning: REASONING,
    });
  });

  it("go upstream as Moonshot's own on /v1/responses, with the turn's reasoning", async () => {
    const [readId, bashId] = await firstTurnOnMessages();
    env.sim.script([{ respond: { reply: { text: "Still pineapple." } } }]);
    const assistantText = (text: string) => ({
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text, annotations: [] }],
      status: "completed",
      id: "msg_1",
    });
    const response = await post("/v1/responses", {
      model: "moonshot/kimi-k2.5",
      input: [
        { role: "developer", content: SYSTEM },
        { role: "user", content: [{ type: "input_text", text: QUESTION }] },
        assistantText(REASONING),
        assistantText("Reading both."),
        {
          type: "function_call",
          call_id: readId,
          name: "read",
          arguments: '{"path":"hello.txt"}',
        },
        {
          type: "function_call",
          call_id: bashId,
          name: "bash",
          arguments: '{"command":"wc -c hello.txt"}',
        },
        {
          type: "function_call_output",
          call_id: readId,
          output: "The secret word is pineapple.\n",
        },
        { type: "function_call_output", call_id: bashId, output: "30 hello.txt\n" },
        { role: "user", content: [{ type: "input_text", text: "And again?" }] },
      ],
      stream: true,
      store: false,
      max_output_tokens: 32000,
      reasoning: { effort: "medium", summary: "auto" },
      include: ["reasoning.encrypted_content"],
    });
    expect(response.status).toBe(200);
    expect(upstreamToolTurn()).toEqual({
      calls: ["functions.read:0", "functions.bash:1"],
      results: ["functions.read:0", "functions.bash:1"],
      reasoning: REASONING,
    });
  });

  it("leaves a client's own id that only begins like one as it is", async () => {
    env.sim.script([{ respond: { reply: { text: "ok" } } }]);
    const ownId = "toolu_kimi_mine";
    const response = await post("/v1/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: ownId, type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "tool", content: "done", tool_call_id: ownId },
      ],
    });
    expect(response.status).toBe(200);
    const { calls, results } = upstreamToolTurn();
    expect({ calls, results }).toEqual({ calls: [ownId], results: [ownId] });
  });
});
