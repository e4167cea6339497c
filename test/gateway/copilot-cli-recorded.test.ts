/**
 * The requests GitHub Copilot CLI (1.0.102, BYOK: COPILOT_PROVIDER_TYPE=openai) was recorded
 * sending to the gateway, cut down to what matters: a second round after its `view` tool, with
 * the reasoning sent back, on chat completions (its default wire) and on the Responses API
 * (COPILOT_PROVIDER_WIRE_API=responses). When Moonshot refuses the conversation as too long,
 * Copilot compacts its history and sends the turn again only if the message says "Your input
 * exceeds the context window of this model" (or Anthropic's "prompt is too long"): OpenAI's
 * chat wording ("maximum context length") and the `context_length_exceeded` code it ignored, and
 * showed the 400 and stopped (measured on chat completions against the simulator; with the new
 * words it compacted and went on, on both wires).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const SYSTEM =
  "You are the GitHub Copilot CLI, a terminal assistant built by GitHub. You are running in non-interactive mode.";
const QUESTION = "<current_datetime>2026-12-03T06:33:23.936+00:00</current_datetime>\n\nRead notes";
const VIEW_ARGUMENTS = JSON.stringify({ path: "/tmp/k1-work/notes.txt" });
const VIEW_PARAMETERS = {
  type: "object",
  properties: {
    path: { type: "string", description: "Existing file or directory's absolute path." },
    view_range: {
      type: "array",
      items: { type: "integer" },
      description: "Optional 1-based inclusive line range.",
    },
    forceReadLargeFiles: { type: "boolean", description: "Read an entire large file." },
  },
  required: ["path"],
};
const VIEW_DESCRIPTION = "View files, images, or directories.";

/** Its second chat-completions request: the `view` call (reasoning and all) and its result. */
const CHAT_SECOND_ROUND: Obj = {
  model: "moonshot/kimi-k2.5",
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: QUESTION },
    {
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [
        {
          id: "functions.view:0",
          type: "function",
          function: { name: "view", arguments: VIEW_ARGUMENTS },
        },
      ],
      reasoning_content: "Read it.",
    },
    { role: "tool", tool_call_id: "functions.view:0", content: "hello from k1\n" },
  ],
  temperature: 0,
  top_p: 0.95,
  frequency_penalty: 0,
  presence_penalty: 0,
  tools: [
    {
      type: "function",
      function: { name: "view", description: VIEW_DESCRIPTION, parameters: VIEW_PARAMETERS },
    },
  ],
  stream: true,
  stream_options: { include_usage: true },
};

/** The same round on the Responses API, its reasoning item as the gateway gave it. */
const RESPONSES_SECOND_ROUND: Obj = {
  model: "moonshot/kimi-k2.5",
  instructions: SYSTEM,
  input: [
    { role: "user", content: [{ type: "input_text", text: QUESTION }], type: "message" },
    {
      type: "reasoning",
      id: "rs_chatcmpl-2582b7c8b9fc5_0",
      summary: [{ type: "summary_text", text: "Read it." }],
      encrypted_content: "openclaw-reasoning.v1.UmVhZCBpdC4",
    },
    {
      type: "function_call",
      id: "fc_functions.view:0",
      name: "view",
      arguments: VIEW_ARGUMENTS,
      call_id: "functions.view:0",
      status: "completed",
    },
    { type: "function_call_output", call_id: "functions.view:0", output: "hello from k1\n" },
  ],
  tools: [
    {
      name: "view",
      description: VIEW_DESCRIPTION,
      parameters: VIEW_PARAMETERS,
      strict: false,
      type: "function",
    },
  ],
  reasoning: { summary: "auto" },
  prompt_cache_key: "54ed01ffb3c0d8548b43528b387a65fd",
  store: false,
  stream: true,
  include: ["reasoning.encrypted_content"],
  parallel_tool_calls: true,
};

/** Copilot's OpenAI client's headers (openai JS 5.20.1), the token as its API key. */
async function post(path: string, body: Obj): Promise<{ status: number; text: string }> {
  const response = await fetch(`${env.gateway.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": "OpenAI/JS 5.20.1",
      "x-initiator": "user",
      "x-interaction-type": "conversation-user",
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** What Copilot CLI 1.0.102 compacts its history on (found by sending it variants). */
const COPILOT_OVERFLOW = /Your input exceeds the context window of this model/;
/** What LangChain JS's ChatOpenAI raises its ContextOverflowError on. */
const LANGCHAIN_OVERFLOW = /maximum context length/;

describe.each([
  ["chat completions", "/v1/chat/completions", CHAT_SECOND_ROUND],
  ["the Responses API", "/v1/responses", RESPONSES_SECOND_ROUND],
])("Copilot CLI's second round on %s", (_wire, path, body) => {
  it("is answered, its reasoning sent back upstream", async () => {
    const { status, text } = await post(path, body);
    expect(status, text).toBe(200);
    const upstream = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] } | undefined;
    expect(
      upstream?.messages.find((message) => message.role === "assistant")?.reasoning_content,
    ).toBe("Read it.");
  });

  it("too long for Moonshot: a 400 in the words Copilot compacts its history on, and LangChain's", async () => {
    env.sim.failNext(1, "tokenLimit");
    const { status, text } = await post(path, body);
    expect(status, text).toBe(400);
    const error = (JSON.parse(text) as { error: { message: string; code: string } }).error;
    expect(error.code).toBe("context_length_exceeded");
    expect(error.message).toMatch(COPILOT_OVERFLOW);
    expect(error.message).toMatch(LANGCHAIN_OVERFLOW);
    // Both come before the gateway's own explanation, which still follows.
    expect(error.message.indexOf("exceeds the context window")).toBeLessThan(
      error.message.indexOf("says the request is too long"),
    );
    expect(error.message).toContain("exceeded model token limit: 262144 (requested: 270336)");
  });

  it("too long by the gateway's own estimate: the same words", async () => {
    const long = structuredClone(body);
    const filler = "many words ".repeat(300_000);
    if (Array.isArray(long.messages)) long.messages[1] = { role: "user", content: filler };
    else if (Array.isArray(long.input))
      long.input[0] = {
        role: "user",
        content: [{ type: "input_text", text: filler }],
        type: "message",
      };
    const { status, text } = await post(path, long);
    expect(status, text).toBe(400);
    const error = (JSON.parse(text) as { error: { message: string; code: string } }).error;
    expect(error.code).toBe("context_length_exceeded");
    expect(error.message).toMatch(COPILOT_OVERFLOW);
    expect(error.message).toMatch(LANGCHAIN_OVERFLOW);
  });
});
