/**
 * Tool-call ids on /v1/messages: Moonshot's (`functions.get_time:0`) reach the Anthropic client
 * as ids Anthropic's own API takes (`^[a-zA-Z0-9_-]+$`), so a session recorded here can be
 * resumed against Anthropic, and go back upstream as Moonshot made them, so its conversation and
 * the gateway's reasoning memory still match them.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectToolRoundsReplayed,
  GATEWAY_TOKEN,
  type GatewayEnv,
  scriptTimeToolRounds,
  startGatewayEnv,
} from "./harness.js";

/** What Anthropic's API takes as a tool_use id (and a tool_result's tool_use_id). */
const ANTHROPIC_TOOL_ID = /^[a-zA-Z0-9_-]+$/;

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

const tools: Anthropic.Tool[] = [
  {
    name: "get_time",
    description: "The current time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  },
];

interface UpstreamMessage {
  role: string;
  tool_call_id?: string;
  tool_calls?: { id: string }[];
}

/** The tool-call ids of the last upstream request: the assistant turns' calls, then the results'. */
function upstreamIds(): { calls: string[]; results: string[] } {
  const body = env.sim.chatRequests().at(-1)?.body as { messages: UpstreamMessage[] };
  return {
    calls: body.messages.flatMap((m) => (m.tool_calls ?? []).map((call) => call.id)),
    results: body.messages.flatMap((m) => (m.role === "tool" ? [m.tool_call_id ?? ""] : [])),
  };
}

/**
 * Two rounds of get_time and a final answer through /v1/messages, sending each tool_use id back
 * as the client got it, and the turns without their thinking blocks (the gateway's memory, keyed
 * by the upstream's ids, must put the reasoning back). Returns the ids the client was given.
 */
async function twoToolRounds(streamed: boolean): Promise<string[]> {
  scriptTimeToolRounds(env.sim, "It is noon in Tokyo.");
  const history: Anthropic.MessageParam[] = [
    { role: "user", content: `Time in UTC, then Tokyo (${streamed ? "streamed" : "whole"})?` },
  ];
  const ids: string[] = [];
  for (let round = 0; round < 3; round++) {
    const request = {
      model: "moonshot/kimi-k2-thinking",
      max_tokens: 1024,
      tools,
      messages: history,
    };
    const message = streamed
      ? await client.messages.stream(request).finalMessage()
      : await client.messages.create(request);
    if (round === 2) {
      expect(message.content.at(-1)).toEqual({ type: "text", text: "It is noon in Tokyo." });
      break;
    }
    history.push({
      role: "assistant",
      content: message.content.filter((block) => block.type !== "thinking"),
    });
    const call = message.content.find((block) => block.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("no tool_use block");
    ids.push(call.id);
    history.push({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: call.id, content: "12:00" }],
    });
  }
  return ids;
}

/** A request with one tool round the client wrote itself, `id` on both its blocks. */
function postToolRound(toolUseId: string, toolResultId: string): Promise<Response> {
  return fetch(`${env.gateway.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": GATEWAY_TOKEN },
    body: JSON.stringify({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 64,
      tools,
      messages: [
        { role: "user", content: "Time?" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: toolUseId, name: "get_time", input: { tz: "UTC" } }],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: toolResultId, content: "12:00" }],
        },
      ],
    }),
  });
}

describe("tool-call ids on /v1/messages", () => {
  for (const streamed of [false, true])
    it(`gives ${streamed ? "streamed" : "whole"} answers ids Anthropic takes, and sends Moonshot its own back`, async () => {
      const ids = await twoToolRounds(streamed);
      expect(ids).toHaveLength(2);
      for (const id of ids) expect(id).toMatch(ANTHROPIC_TOOL_ID);
      // Moonshot made `functions.get_time:0` and `:1`; it is given them back as it made them.
      expect(upstreamIds()).toEqual({
        calls: ["functions.get_time:0", "functions.get_time:1"],
        results: ["functions.get_time:0", "functions.get_time:1"],
      });
      // The thinking blocks were dropped: the memory found both turns by their upstream ids.
      expectToolRoundsReplayed(env.sim);
    });

  it("passes a safe upstream id as it is, and encodes one that looks encoded", async () => {
    const upstream = ["call_Abc-123", "toolu_kimi_Zm9v"];
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: {
            toolCalls: upstream.map((id, i) => ({
              id,
              name: "get_time",
              arguments: { tz: `${i}` },
            })),
          },
        },
      },
    ]);
    const message = await client.messages.create({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 256,
      tools,
      messages: [{ role: "user", content: "Two times?" }],
    });
    const given = message.content.flatMap((block) => (block.type === "tool_use" ? [block.id] : []));
    expect(given[0]).toBe("call_Abc-123");
    expect(given[1]).not.toBe("toolu_kimi_Zm9v");
    expect(given[1]).toMatch(ANTHROPIC_TOOL_ID);
    await client.messages.create({
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 256,
      tools,
      messages: [
        { role: "user", content: "Two times?" },
        { role: "assistant", content: message.content },
        {
          role: "user",
          content: given.map((id) => ({ type: "tool_result", tool_use_id: id, content: "12:00" })),
        },
      ],
    });
    expect(upstreamIds()).toEqual({ calls: upstream, results: upstream });
  });

  it("refuses an id with the gateway's marker that does not decode, naming the field, and passes the client's own", async () => {
    const cases = [
      // Not base64url at all (its tool_use's id is one the gateway made: it passes).
      {
        toolUse: "toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjA",
        result: "toolu_kimi_!!",
        field: "messages[2].content[0].tool_use_id",
      },
      // Decodes to `abc`, which the gateway never encodes: not one it made.
      { toolUse: "toolu_kimi_YWJj", result: "toolu_kimi_YWJj", field: "messages[1].content[0].id" },
      // Nothing after the marker.
      { toolUse: "toolu_kimi_", result: "toolu_kimi_", field: "messages[1].content[0].id" },
    ];
    const before = env.sim.chatRequests().length;
    for (const { toolUse, result, field } of cases) {
      const response = await postToolRound(toolUse, result);
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        type: string;
        error: { type: string; message: string };
      };
      expect(body.error.type).toBe("invalid_request_error");
      expect(body.error.message).toContain(field);
      expect(body.error.message).toContain(
        "send the id exactly as the gateway's tool_use block had it",
      );
    }
    // Refused before anything went upstream.
    expect(env.sim.chatRequests().length).toBe(before);
    // A result answering no call is told in the client's own ids, not the upstream's it never saw.
    const unanswered = await postToolRound(
      "toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjA",
      "toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjE",
    );
    expect(unanswered.status).toBe(400);
    const { error } = (await unanswered.json()) as { error: { message: string } };
    expect(error.message).toContain(
      '"toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjE" answers no tool call',
    );
    expect(error.message).not.toContain("functions.get_time");
    expect(env.sim.chatRequests().length).toBe(before);
    // Ids without the marker are the client's own (an Anthropic session resumed here): as they are.
    for (const id of ["toolu_01A09q90qw90lq917835lq9", "functions.get_time:0"]) {
      const response = await postToolRound(id, id);
      expect(response.status).toBe(200);
      expect(upstreamIds()).toEqual({ calls: [id], results: [id] });
    }
  });
});
