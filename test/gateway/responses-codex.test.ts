/**
 * OpenAI's Codex CLI as it talks to a custom provider with `wire_api = "responses"`: raw `fetch`
 * (Codex is a Rust client), bodies and headers built as Codex builds them (`store: false`, the
 * whole history resent each turn, ids left out of input items, `reasoning: null`, `include: []`,
 * `prompt_cache_key`, function tools with `strict: false`, the freeform `apply_patch`), and the
 * SSE answer read as Codex reads it: each `data:` a JSON event, items taken from
 * `response.output_item.done`, the turn ended only by `response.completed` carrying the usage.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-thinking";
const CONVERSATION = randomUUID();

const PATCH = [
  "*** Begin Patch",
  "*** Update File: greet.py",
  "@@",
  '-print("helo")',
  '+print("hello")',
  "*** End Patch",
].join("\n");

/** The tools Codex offers a model it has no family for: shell, update_plan, view_image and apply_patch. */
const CODEX_TOOLS = [
  {
    type: "function",
    name: "shell",
    description: "Runs a shell command and returns its output.",
    strict: false,
    parameters: {
      type: "object",
      properties: {
        command: { type: "array", items: { type: "string" }, description: "The command to run" },
        workdir: { type: "string", description: "The working directory" },
        timeout_ms: { type: "number", description: "The timeout in milliseconds" },
      },
      required: ["command"],
      additionalProperties: false,
    },
  },
  {
    type: "function",
    name: "update_plan",
    description: "Updates the task plan.",
    strict: false,
    parameters: {
      type: "object",
      properties: {
        explanation: { type: "string" },
        plan: {
          type: "array",
          items: {
            type: "object",
            properties: { step: { type: "string" }, status: { type: "string" } },
            required: ["step", "status"],
            additionalProperties: false,
          },
        },
      },
      required: ["plan"],
      additionalProperties: false,
    },
  },
  {
    type: "function",
    name: "view_image",
    description: "Attaches a local image to the conversation.",
    strict: false,
    parameters: {
      type: "object",
      properties: { path: { type: "string", description: "Local filesystem path to an image" } },
      required: ["path"],
      additionalProperties: false,
    },
  },
  {
    type: "custom",
    name: "apply_patch",
    description: "Use the `apply_patch` tool to edit files.",
    format: {
      type: "grammar",
      syntax: "lark",
      definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF',
    },
  },
];

/** A 1×1 PNG, as Codex sends an image it read: a data URL. */
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const userText = (text: string) => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});

/** What Codex puts before the first prompt of a session: AGENTS.md and the environment. */
const PREAMBLE = [
  userText("# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\nUse tabs.\n</INSTRUCTIONS>"),
  userText(
    "<environment_context>\n  <cwd>/repo</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <shell>bash</shell>\n</environment_context>",
  ),
];

/** One turn's body, as Codex serialises its ResponsesApiRequest. */
function codexBody(input: unknown[]): Record<string, unknown> {
  return {
    model: MODEL,
    instructions: "You are Codex, a coding agent running in the terminal.",
    input,
    tools: CODEX_TOOLS,
    tool_choice: "auto",
    parallel_tool_calls: false,
    reasoning: null,
    store: false,
    stream: true,
    include: [],
    prompt_cache_key: CONVERSATION,
  };
}

interface SseEvent {
  type: string;
  sequence_number?: number;
  item?: Record<string, unknown>;
  response?: Record<string, unknown>;
  delta?: string;
}

interface CodexTurn {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** The items Codex keeps: those of `response.output_item.done`, in order. */
  items: Record<string, unknown>[];
  completed?: Record<string, unknown>;
}

/** Posts one turn with Codex's headers and reads the SSE answer as Codex's parser does. */
async function codexTurn(env: GatewayEnv, body: Record<string, unknown>): Promise<CodexTurn> {
  const response = await fetch(`${env.baseURL}/responses`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      accept: "text/event-stream",
      "openai-beta": "responses=experimental",
      originator: "codex_cli_rs",
      "user-agent": "codex_cli_rs/0.63.0 (Ubuntu 24.4.0; x86_64) xterm-256color",
      conversation_id: CONVERSATION,
      session_id: CONVERSATION,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const turn: CodexTurn = {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events: [],
    items: [],
  };
  if (response.status !== 200) return turn;
  for (const block of text.split("\n\n")) {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (data === "") continue;
    const event = JSON.parse(data) as SseEvent;
    turn.events.push(event);
    if (event.type === "response.output_item.done" && event.item) turn.items.push(event.item);
    if (event.type === "response.completed") turn.completed = event.response;
  }
  return turn;
}

/**
 * What Codex sends back of an item it received: the fields its own item types keep (no id, no
 * annotations or logprobs), a reasoning item's missing encrypted_content as null.
 */
function asCodexResends(item: Record<string, unknown>): Record<string, unknown> {
  switch (item.type) {
    case "message":
      return {
        type: "message",
        role: item.role,
        content: (item.content as { type: string; text: string }[]).map(({ type, text }) => ({
          type,
          text,
        })),
      };
    case "reasoning":
      return {
        type: "reasoning",
        summary: item.summary,
        encrypted_content: item.encrypted_content ?? null,
      };
    case "function_call":
      return {
        type: "function_call",
        name: item.name,
        arguments: item.arguments,
        call_id: item.call_id,
      };
    case "custom_tool_call":
      return {
        type: "custom_tool_call",
        status: item.status,
        call_id: item.call_id,
        name: item.name,
        input: item.input,
      };
    default:
      throw new Error(`Codex would not resend a ${String(item.type)} item`);
  }
}

function expectCompletedWithUsage(turn: CodexTurn): void {
  expect(turn.status).toBe(200);
  expect(turn.contentType).toMatch(/^text\/event-stream/);
  const types = turn.events.map((event) => event.type);
  expect(types[0]).toBe("response.created");
  expect(types.at(-1)).toBe("response.completed");
  expect(types).not.toContain("response.failed");
  const sequence = turn.events.map((event) => event.sequence_number);
  expect(sequence).toEqual(sequence.map((_, i) => i));
  expect(typeof turn.completed?.id).toBe("string");
  const usage = turn.completed?.usage as Record<string, unknown> | undefined;
  expect(usage).toMatchObject({
    input_tokens: expect.any(Number),
    output_tokens: expect.any(Number),
    total_tokens: expect.any(Number),
    input_tokens_details: { cached_tokens: expect.any(Number) },
    output_tokens_details: { reasoning_tokens: expect.any(Number) },
  });
  for (const item of turn.items) expect(item.type).not.toBe(undefined);
}

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

describe("a Codex CLI session over /v1/responses", () => {
  it("runs a session: a shell call, an apply_patch call, the answer, then a follow-up prompt", async () => {
    env.sim.script([
      {
        respond: {
          reply: {
            reasoning: "Let me look at the file first.",
            toolCalls: [
              { name: "shell", arguments: { command: ["cat", "greet.py"] }, id: "call_cat" },
            ],
          },
          stream: { chunkChars: 5 },
        },
      },
      {
        respond: {
          reply: {
            reasoning: "The word is misspelt.",
            toolCalls: [{ name: "apply_patch", arguments: { input: PATCH }, id: "call_patch" }],
          },
          stream: { chunkChars: 7 },
        },
      },
      { respond: { reply: { reasoning: "Done.", text: "Fixed the greeting in greet.py." } } },
    ]);

    const history: unknown[] = [...PREAMBLE, userText("Fix the typo in greet.py")];
    const first = await codexTurn(env, codexBody(history));
    expectCompletedWithUsage(first);
    const call = first.items.find((item) => item.type === "function_call");
    expect(call).toMatchObject({
      name: "shell",
      call_id: "call_cat",
      arguments: JSON.stringify({ command: ["cat", "greet.py"] }),
    });
    const reasoning = first.items.find((item) => item.type === "reasoning");
    expect(reasoning).toMatchObject({ summary: expect.any(Array) });

    history.push(...first.items.map(asCodexResends), {
      type: "function_call_output",
      call_id: "call_cat",
      output: 'print("helo")\n',
    });
    const second = await codexTurn(env, codexBody(history));
    expectCompletedWithUsage(second);
    const patchCall = second.items.find((item) => item.type === "custom_tool_call");
    expect(patchCall).toMatchObject({ name: "apply_patch", call_id: "call_patch", input: PATCH });

    history.push(...second.items.map(asCodexResends), {
      type: "custom_tool_call_output",
      call_id: "call_patch",
      output:
        "Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nM greet.py\n",
    });
    const third = await codexTurn(env, codexBody(history));
    expectCompletedWithUsage(third);
    const message = third.items.find((item) => item.type === "message");
    expect(message).toMatchObject({
      role: "assistant",
      content: [
        expect.objectContaining({ type: "output_text", text: "Fixed the greeting in greet.py." }),
      ],
    });

    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: {
        role: string;
        content?: unknown;
        tool_call_id?: string;
        reasoning_content?: string;
      }[];
    };
    expect(upstream.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "user",
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
    ]);
    expect(upstream.messages[4]?.reasoning_content).toBe("Let me look at the file first.");
    expect(upstream.messages[6]?.reasoning_content).toBe("The word is misspelt.");

    // The next prompt of the session resends the answer too.
    env.sim.script([{ respond: { reply: { text: "You are welcome." } } }]);
    history.push(...third.items.map(asCodexResends), userText("Thanks!"));
    const fourth = await codexTurn(env, codexBody(history));
    expectCompletedWithUsage(fourth);
    const last = env.sim.chatRequests().at(-1)?.body as typeof upstream;
    expect(last.messages.slice(-2)).toEqual([
      { role: "assistant", content: "Fixed the greeting in greet.py.", reasoning_content: "Done." },
      { role: "user", content: "Thanks!" },
    ]);
  });

  it("takes two parallel calls and the reasoning item as Codex resends them", async () => {
    env.sim.script([
      {
        respond: {
          reply: {
            reasoning: "Two files to read.",
            toolCalls: [
              { name: "shell", arguments: { command: ["cat", "a.py"] }, id: "call_a" },
              { name: "shell", arguments: { command: ["cat", "b.py"] }, id: "call_b" },
            ],
          },
        },
      },
      { respond: { reply: { text: "Both files are fine." } } },
    ]);
    const history: unknown[] = [...PREAMBLE, userText("Read a.py and b.py")];
    const first = await codexTurn(env, { ...codexBody(history), parallel_tool_calls: true });
    expectCompletedWithUsage(first);
    const calls = first.items.filter((item) => item.type === "function_call");
    expect(calls.map((call) => call.call_id)).toEqual(["call_a", "call_b"]);
    // Codex keeps a reasoning item's summary and raw text, and serialises a missing
    // encrypted_content as null.
    history.push(
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "Two files to read." }],
        content: [{ type: "reasoning_text", text: "Two files to read." }],
        encrypted_content: null,
      },
      ...calls.map(asCodexResends),
      { type: "function_call_output", call_id: "call_a", output: "A = 1\n" },
      { type: "function_call_output", call_id: "call_b", output: "B = 2\n" },
    );
    const second = await codexTurn(env, { ...codexBody(history), parallel_tool_calls: true });
    expectCompletedWithUsage(second);
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      parallel_tool_calls?: boolean;
      messages: { role: string; tool_calls?: unknown[]; reasoning_content?: string }[];
    };
    expect(upstream.parallel_tool_calls).toBe(true);
    expect(upstream.messages.slice(-3).map((m) => m.role)).toEqual(["assistant", "tool", "tool"]);
    expect(upstream.messages.at(-3)).toMatchObject({ reasoning_content: "Two files to read." });
    expect(upstream.messages.at(-3)?.tool_calls).toHaveLength(2);
  });

  it("shows the model the image Codex's view_image returns in its function_call_output", async () => {
    env.sim.script([{ respond: { reply: { text: "A red dot." } } }]);
    const history = [
      ...PREAMBLE,
      userText("What is in dot.png?"),
      {
        type: "function_call",
        name: "view_image",
        arguments: JSON.stringify({ path: "dot.png" }),
        call_id: "call_view",
      },
      {
        type: "function_call_output",
        call_id: "call_view",
        output: [{ type: "input_image", image_url: PNG }],
      },
    ];
    const turn = await codexTurn(env, { ...codexBody(history), model: "moonshot/kimi-k3" });
    expectCompletedWithUsage(turn);
    expect(turn.items.at(-1)).toMatchObject({
      type: "message",
      content: [expect.objectContaining({ text: "A red dot." })],
    });
    const upstream = env.sim.chatRequests().at(-1)?.body as { messages: Record<string, unknown>[] };
    expect(upstream.messages.slice(-2)).toEqual([
      {
        role: "tool",
        tool_call_id: "call_view",
        content: "[an image returned: shown in the user message after the tool results]",
      },
      {
        role: "user",
        content: [
          { type: "text", text: "The image returned by tool call call_view:" },
          { type: "image_url", image_url: { url: PNG } },
        ],
      },
    ]);
  });

  it.each([
    ["tokenLimit", "context_length_exceeded"],
    ["quota", "insufficient_quota"],
  ] as const)(
    "ends a stream cut by %s with response.failed code %s, which Codex does not retry",
    async (error, code) => {
      env.sim.script([
        {
          respond: {
            reply: { text: "Looking at the repository now." },
            midStreamError: { afterChunks: 2, error },
          },
        },
      ]);
      const turn = await codexTurn(env, codexBody([...PREAMBLE, userText("Fix the typo")]));
      expect(turn.status).toBe(200);
      const failed = turn.events.at(-1);
      expect(failed?.type).toBe("response.failed");
      expect(failed?.response?.error).toMatchObject({ code });
      expect(turn.completed).toBeUndefined();
    },
  );
});
