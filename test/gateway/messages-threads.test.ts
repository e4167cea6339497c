/**
 * The Anthropic SDK's tool runner (@anthropic-ai/sdk 1.10, `client.beta.messages.toolRunner`)
 * sends Anthropic's message threads, recorded through the gateway: the first turn with
 * `thread: {"type": "create"}`, the next with `{"type": "continue", "previous_message_id"}` and only
 * the tool result. The gateway keeps no threads: the continue went upstream as a tool result with no
 * call before it, a 400 the runner could not get past. Now it is Anthropic's `thread_not_found`, on
 * which the SDK sends the whole conversation again under a new thread. Real sockets, the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

const TOOLS = [
  {
    name: "get_time",
    description: "time",
    input_schema: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  },
];
const QUESTION = { role: "user", content: "time in Paris" };

describe("a /v1/messages request in a message thread", () => {
  it("answers a continue with thread_not_found, and the whole conversation sent again is served", async () => {
    env.sim.script([
      {
        respond: {
          reply: {
            toolCalls: [{ name: "get_time", arguments: '{"tz":"Europe/Paris"}' }],
            reasoning: "call it",
          },
        },
      },
    ]);
    const created = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 500,
      tools: TOOLS,
      messages: [QUESTION],
      thread: { type: "create" },
      stream: false,
    });
    expect(created.status, await created.clone().text()).toBe(200);
    expect(decodeURIComponent(created.headers.get("x-openclaw-notes") ?? "")).toContain(
      "thread not sent: this gateway keeps no message threads",
    );
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("thread");
    const turn = (await created.json()) as { id: string; content: Obj[] };
    const call = turn.content.find((block) => block.type === "tool_use") as Obj;
    const result = { type: "tool_result", tool_use_id: call.id, content: "12:00 in Europe/Paris" };

    const upstreamBefore = env.sim.chatRequests().length;
    const continued = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 500,
      messages: [{ role: "user", content: [result] }],
      thread: { type: "continue", previous_message_id: turn.id },
      stream: false,
    });
    expect(continued.status).toBe(400);
    const refusal = (await continued.json()) as { type: string; error: Obj };
    expect(refusal.type).toBe("error");
    expect(refusal.error.type).toBe("invalid_request_error");
    // What the SDK reads to send the turn again whole.
    expect(refusal.error.details).toEqual({ error_code: "thread_not_found" });
    expect(refusal.error.message).toContain(
      `thread.previous_message_id "${turn.id}" names no thread: this gateway keeps no message threads; send the whole conversation`,
    );
    expect(env.sim.chatRequests().length).toBe(upstreamBefore);

    const replayed = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 500,
      tools: TOOLS,
      messages: [
        QUESTION,
        { role: "assistant", content: turn.content },
        { role: "user", content: [result] },
      ],
      thread: { type: "create" },
      stream: false,
    });
    expect(replayed.status, await replayed.clone().text()).toBe(200);
    const upstream = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] };
    expect(upstream.messages.at(-1)).toMatchObject({
      role: "tool",
      content: "12:00 in Europe/Paris",
    });
  });

  it("keeps other errors' bodies without details", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 100,
      temperature: 1.5,
      messages: [QUESTION],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Obj };
    expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
  });

  it("quotes a long previous_message_id clipped, not whole", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 500,
      messages: [QUESTION],
      thread: { type: "continue", previous_message_id: `msg_${"x".repeat(20_000)}` },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("(20004 characters) names no thread");
    expect(body.error.message.length).toBeLessThan(1000);
  });
});
