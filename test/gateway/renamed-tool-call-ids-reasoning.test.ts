/**
 * Factory's Droid (0.225) sends each tool call back under an id of its own (`call_tc-<hash>_<n>`
 * for Kimi's `functions.Read:0`), and for a model it does not know (a Kimi Code ref, `openclaw`)
 * without its reasoning_content. The gateway restores a replayed turn's reasoning from what it
 * served; keyed by the calls' ids too, it found none and sent Kimi an empty reasoning_content on
 * every earlier turn. Bodies as Droid sent them on chat completions (recorded, trimmed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

type Sent = { messages: { role: string; reasoning_content?: unknown }[] };

const tools = [
  {
    type: "function" as const,
    function: {
      name: "Read",
      description: "Read a file",
      parameters: {
        type: "object",
        properties: { file_path: { type: "string" } },
        required: ["file_path"],
      },
    },
  },
  {
    type: "function" as const,
    function: {
      name: "LS",
      description: "List a directory",
      parameters: { type: "object", properties: { directory_path: { type: "string" } } },
    },
  },
];
const system = {
  role: "system" as const,
  content: "You are Droid, an AI software engineering agent.",
};
const user = { role: "user" as const, content: "read notes.txt" };
const readCall = {
  id: "call_tc-e6150ce2ccf4a208_0",
  type: "function" as const,
  function: { name: "Read", arguments: '{"file_path":"/work/notes.txt"}' },
};
const lsCall = {
  id: "call_tc-f1b1b2f91c732104_1",
  type: "function" as const,
  function: { name: "LS", arguments: '{"directory_path":"/work"}' },
};

/** A request as Droid streams it: its own fields around the conversation so far. */
async function send(model: string, messages: unknown[]): Promise<void> {
  const stream = await env.client().chat.completions.create({
    model,
    messages: messages as never,
    tools,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 8192,
    temperature: 1,
  });
  for await (const _chunk of stream) {
    // drain
  }
}

async function droidSession(model: string, surface: "moonshot" | "kimi-code"): Promise<Sent> {
  env.sim.script([
    {
      when: { surface },
      respond: {
        reply: {
          reasoning: "Read the notes first.",
          toolCalls: [{ name: "Read", arguments: { file_path: "/work/notes.txt" } }],
        },
      },
    },
    {
      when: { surface },
      respond: {
        reply: {
          reasoning: "Now list the folder.",
          toolCalls: [{ name: "LS", arguments: { directory_path: "/work" } }],
        },
      },
    },
    { when: { surface }, respond: { reply: { reasoning: "Done.", text: "It says hello." } } },
  ]);
  await send(model, [system, user]);
  await send(model, [
    system,
    user,
    { role: "assistant", content: null, tool_calls: [readCall] },
    { role: "tool", content: "hello\n", tool_call_id: readCall.id },
  ]);
  await send(model, [
    system,
    user,
    { role: "assistant", content: null, tool_calls: [readCall] },
    { role: "tool", content: "hello\n", tool_call_id: readCall.id },
    { role: "assistant", content: null, tool_calls: [lsCall] },
    { role: "tool", content: "notes.txt\n", tool_call_id: lsCall.id },
  ]);
  return env.sim.chatRequests().at(-1)?.body as Sent;
}

const reasoningOfTurns = (sent: Sent) =>
  sent.messages
    .filter((message) => message.role === "assistant")
    .map((message) => message.reasoning_content);

describe("tool calls sent back under the client's own ids (Factory's Droid)", () => {
  it("sends Kimi Code each earlier turn with the reasoning it was answered with", async () => {
    const sent = await droidSession("kimi-code/kimi-for-coding", "kimi-code");
    expect(reasoningOfTurns(sent)).toEqual(["Read the notes first.", "Now list the folder."]);
  });

  it("does the same for a Moonshot model", async () => {
    const sent = await droidSession("moonshot/kimi-k2.5", "moonshot");
    expect(reasoningOfTurns(sent)).toEqual(["Read the notes first.", "Now list the folder."]);
  });
});
