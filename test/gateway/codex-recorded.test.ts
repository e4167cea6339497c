/**
 * /v1/responses with the request shapes the real Codex CLI (0.171.0, `codex exec`) was recorded
 * sending to the gateway, cut down to what matters: its `client_metadata`, a `namespace` tool
 * (`multi_agent_v1`, its sub-agent tools), a `web_search` tool with `external_web_access: false`
 * (its default, cached search), and a namespaced call sent back in `input` with `namespace` apart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({});
});
afterAll(async () => {
  await env?.close();
});

const SESSION = "01a238be-06c5-7302-88d9-4720d1eda8c9";

const CLOSE_AGENT = {
  type: "function",
  name: "close_agent",
  description: "Close an agent and any open descendants when they are no longer needed.",
  strict: false,
  parameters: {
    type: "object",
    properties: { target: { type: "string", description: "Agent id to close." } },
    required: ["target"],
    additionalProperties: false,
  },
};

/** The first request of `codex exec "say hi"`, its prompts and most tools left out. */
function recordedRequest(input: Obj[] = []): Obj {
  return {
    model: "moonshot/kimi-k2.5",
    stream: true,
    input: [
      {
        type: "message",
        role: "developer",
        content: [{ type: "input_text", text: "You are a coding agent running in the Codex CLI." }],
      },
      { type: "message", role: "user", content: [{ type: "input_text", text: "say hi" }] },
      ...input,
    ],
    tools: [
      {
        type: "function",
        name: "exec_command",
        description: "Runs a command.",
        strict: false,
        parameters: { type: "object", properties: { cmd: { type: "string" } }, required: ["cmd"] },
      },
      {
        type: "namespace",
        name: "multi_agent_v1",
        description: "Tools for spawning and managing sub-agents.",
        tools: [CLOSE_AGENT],
      },
      { type: "web_search", external_web_access: false },
    ],
    tool_choice: "auto",
    parallel_tool_calls: true,
    reasoning: { summary: "auto" },
    store: false,
    include: ["reasoning.encrypted_content"],
    prompt_cache_key: SESSION,
    client_metadata: {
      turn_id: "01a238be-0754-74b1-b9d0-78fa294bcc30",
      session_id: SESSION,
      "x-codex-window-id": `${SESSION}:0`,
    },
  };
}

async function post(body: Obj): Promise<{ status: number; text: string }> {
  const response = await fetch(`${env.gateway.url}/v1/responses`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      accept: "text/event-stream",
      originator: "codex_exec",
      "user-agent": "codex_exec/0.171.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.171.0)",
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** The items of the stream's `response.output_item.done` events. */
function doneItems(sse: string): Obj[] {
  return sse
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as Obj)
    .filter((event) => event.type === "response.output_item.done")
    .map((event) => event.item as Obj);
}

function lastUpstream(): Obj {
  return env.sim.chatRequests().at(-1)?.body as Obj;
}

describe("Codex CLI's recorded requests", () => {
  it("answers its first turn: client_metadata taken, the namespace's functions offered by their joined names, no live search for a cached web_search", async () => {
    const { status, text } = await post(recordedRequest());
    expect(status, text).toBe(200);
    expect(text).toContain("response.completed");
    const upstream = lastUpstream();
    const names = (upstream.tools as { function: { name: string; description: string } }[]).map(
      (tool) => tool.function.name,
    );
    expect(names).toEqual(["exec_command", "multi_agent_v1__close_agent"]);
    expect(upstream.client_metadata).toBeUndefined();
    // external_web_access: false is OpenAI's cached index; Moonshot's search is live and paid.
    expect(upstream.web_search_options).toBeUndefined();
    expect(JSON.stringify(upstream.tools)).not.toContain("$web_search");
  });

  it("gives a call of a namespace's function back with namespace and name apart, and takes it back so", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            text: "",
            toolCalls: [{ name: "multi_agent_v1__close_agent", arguments: { target: "a1" } }],
          },
        },
      },
    ]);
    const { status, text } = await post(recordedRequest());
    expect(status, text).toBe(200);
    const call = doneItems(text).find((item) => item.type === "function_call");
    expect(call).toMatchObject({
      name: "close_agent",
      namespace: "multi_agent_v1",
      arguments: '{"target":"a1"}',
    });

    const next = await post(
      recordedRequest([
        {
          type: "function_call",
          name: "close_agent",
          namespace: "multi_agent_v1",
          arguments: '{"target":"a1"}',
          call_id: call?.call_id,
        },
        { type: "function_call_output", call_id: call?.call_id, output: "closed" },
      ]),
    );
    expect(next.status, next.text).toBe(200);
    const sent = (lastUpstream().messages as Obj[]).find((m) => m.tool_calls !== undefined);
    expect(sent?.tool_calls).toMatchObject([
      { function: { name: "multi_agent_v1__close_agent", arguments: '{"target":"a1"}' } },
    ]);
  });

  it("still answers a web_search tool that allows the live web with Moonshot's search", async () => {
    const body = recordedRequest();
    (body.tools as Obj[])[2] = { type: "web_search" };
    expect((await post(body)).status).toBe(200);
    expect(lastUpstream().tools).toContainEqual(
      expect.objectContaining({ type: "builtin_function" }),
    );
  });

  it("refuses a top-level function named as a namespace's function goes upstream, naming both", async () => {
    const body = recordedRequest();
    (body.tools as Obj[]).push({ ...CLOSE_AGENT, name: "multi_agent_v1__close_agent" });
    const before = env.sim.chatRequests().length;
    const refused = await post(body);
    expect(refused.status).toBe(400);
    const error = (JSON.parse(refused.text) as { error: { message: string; param: string } }).error;
    expect(error.param).toBe("tools[3].name");
    expect(error.message).toBe(
      'tools[3].name goes upstream as "multi_agent_v1__close_agent", the name tools[1].tools[0].name goes by too: the model would see one tool and its calls could not be told apart; rename one of them',
    );
    // Two namespaces joined to one name alike, the second named with its namespace.
    const joined = recordedRequest();
    (joined.tools as Obj[]).push({
      type: "namespace",
      name: "multi_agent_v1_",
      tools: [CLOSE_AGENT],
    });
    const second = await post(joined);
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text).error.message).toContain(
      'tools[3].tools[0].name goes upstream as "multi_agent_v1__close_agent" (namespace "multi_agent_v1_", function "close_agent"), the name tools[1].tools[0].name goes by too',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
