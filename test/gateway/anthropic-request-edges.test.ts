/**
 * /v1/messages and /v1/messages/count_tokens at their edges, as an Anthropic client meets them:
 * a request sent without a body, and what the official SDK reads off every answer.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

type ErrorBody = { type: string; error: { type: string; message: string } };

function post(path: string, body?: string): Promise<Response> {
  return fetch(`${env.gateway.url}${path}`, {
    method: "POST",
    headers: {
      "x-api-key": GATEWAY_TOKEN,
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body }),
  });
}

describe("a request sent without a body", () => {
  it("on /v1/messages is shown a body that route takes, max_tokens and all", async () => {
    const empty = await post("/v1/messages");
    expect(empty.status).toBe(400);
    const error = (await empty.json()) as ErrorBody;
    expect(error).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'the request body is empty: send the request as a JSON object (Content-Type: application/json), such as {"model": "openclaw", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}',
      },
    });
    // The example, sent as it is, is answered.
    const example = error.error.message.slice(error.error.message.indexOf("such as ") + 8);
    const answered = await post("/v1/messages", example);
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { type: string }).type).toBe("message");
  });

  it("on /v1/messages/count_tokens is told the body is empty, not a JSON parse error", async () => {
    const empty = await post("/v1/messages/count_tokens", " \n");
    expect(empty.status).toBe(400);
    const error = (await empty.json()) as ErrorBody;
    expect(error.error.message).toBe(
      'the request body is empty: send the request as a JSON object (Content-Type: application/json), such as {"model": "openclaw", "messages": [{"role": "user", "content": "Hello"}]}',
    );
    const example = error.error.message.slice(error.error.message.indexOf("such as ") + 8);
    const counted = await post("/v1/messages/count_tokens", example);
    expect(counted.status).toBe(200);
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });
});

describe("the request id the Anthropic SDK reads (its request-id header)", () => {
  /** The ledger's request ids, oldest first. */
  async function ledgerIds(): Promise<string[]> {
    const rows = await ledgerQuery<{ request_id: string }>(
      env,
      "SELECT request_id FROM requests ORDER BY id",
    );
    return rows.map((row) => row.request_id);
  }

  it("is the ledger row's id, on an answer, a streamed answer and an error", async () => {
    const client = env.anthropic();
    const params = {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    const { request_id: answered } = await client.messages.create(params).withResponse();
    const stream = client.messages.stream(params);
    await stream.finalMessage();
    const refused = await client.messages
      .create({ ...params, model: "no-such-model" })
      .catch((error: unknown) => error);
    if (!(refused instanceof Anthropic.NotFoundError)) throw refused;
    const ids = [answered, stream.request_id, refused.requestID];
    expect(ids.every((id) => typeof id === "string" && id !== "")).toBe(true);
    expect((await ledgerIds()).slice(-3)).toEqual(ids);
  });
});

describe("a tool_result with is_error and nothing in it", () => {
  it("goes upstream as 'Error: (no output)', as an empty result goes as '(no output)'", async () => {
    const call = { type: "tool_use" as const, id: "functions.get_time:0", name: "get_time" };
    const sent = env.sim.chatRequests().length;
    for (const content of [undefined, "", []])
      await env.anthropic().messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        tools: [{ name: "get_time", input_schema: { type: "object", properties: {} } }],
        messages: [
          { role: "user", content: "What time is it?" },
          { role: "assistant", content: [{ ...call, input: {} }] },
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: call.id,
                is_error: true,
                ...(content === undefined ? {} : { content }),
              },
            ],
          },
        ],
      });
    const results = env.sim
      .chatRequests()
      .slice(sent)
      .map(
        (request) => (request.body as { messages: { role: string; content: unknown }[] }).messages,
      )
      .map((messages) => messages.find((message) => message.role === "tool")?.content);
    expect(results).toEqual(["Error: (no output)", "Error: (no output)", "Error: (no output)"]);
  });
});

describe("a tool_result that answers no tool_use", () => {
  it("is refused naming its own block and field, not only the turn, and nothing goes upstream", async () => {
    const before = env.sim.chatRequests().length;
    // The turn answers its call (content[1]) and one no assistant message made (content[2]).
    const refused = await post(
      "/v1/messages",
      JSON.stringify({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        tools: [{ name: "get_time", input_schema: { type: "object", properties: {} } }],
        messages: [
          { role: "user", content: "What time is it?" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_01A", name: "get_time", input: {} }],
          },
          {
            role: "user",
            content: [
              { type: "text", text: "Both results:" },
              { type: "tool_result", tool_use_id: "toolu_01A", content: "12:00" },
              { type: "tool_result", tool_use_id: "toolu_01B", content: "13:00" },
            ],
          },
        ],
      }),
    );
    expect(refused.status).toBe(400);
    const error = (await refused.json()) as ErrorBody;
    expect(error.type).toBe("error");
    expect(error.error.type).toBe("invalid_request_error");
    expect(error.error.message).toMatch(
      /^messages\[2\]\.content\[2\]\.tool_use_id "toolu_01B" answers no tool call: no assistant message before it has a tool call with that id \(hint: a tool result goes after the assistant message whose tool_use blocks made the call; send that message ahead of it with the call's id unchanged, or leave the result out\)$/,
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("a message role the Messages API does not have", () => {
  it("is refused saying what was sent and, for a chat completions client's roles, what to send", async () => {
    const before = env.sim.chatRequests().length;
    const cases: [Record<string, unknown>, string][] = [
      [
        { role: "tool", tool_call_id: "call_1", content: "12:00" },
        'messages[1].role must be user, assistant or system; got "tool": a tool\'s result goes in the user message after the tool_use, as a block {"type": "tool_result", "tool_use_id": "…", "content": "…"}',
      ],
      [
        { role: "developer", content: "Be brief." },
        'messages[1].role must be user, assistant or system; got "developer": put its text in system (or send it as a message of role system)',
      ],
      [{ content: "hi" }, "messages[1].role is required: user, assistant or system"],
      [
        { role: "bot", content: "hi" },
        'messages[1].role must be user, assistant or system; got "bot"',
      ],
    ];
    for (const [message, said] of cases) {
      const refused = await post(
        "/v1/messages",
        JSON.stringify({
          model: "moonshot/kimi-k2.5",
          max_tokens: 16,
          messages: [{ role: "user", content: "What time is it?" }, message],
        }),
      );
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        type: "error",
        error: { type: "invalid_request_error", message: said },
      });
    }
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("temperature on /v1/messages", () => {
  const body = (temperature: unknown) =>
    JSON.stringify({
      model: "openclaw",
      max_tokens: 16,
      temperature,
      messages: [{ role: "user", content: "hi" }],
    });

  it("is refused outside Anthropic's 0 to 1 with that range named, and nothing goes upstream", async () => {
    const before = env.sim.chatRequests().length;
    for (const [temperature, got] of [
      [1.5, "1.5"],
      [3, "3"],
      [-0.1, "-0.1"],
      ["hot", "a string"],
    ] as const) {
      const refused = await post("/v1/messages", body(temperature));
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        type: "error",
        error: {
          type: "invalid_request_error",
          message: `temperature must be a number between 0 and 1 (the Anthropic Messages API's range), got ${got}`,
        },
      });
    }
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("goes upstream as sent from 0 to 1", async () => {
    const answered = await post("/v1/messages", body(1));
    expect(answered.status).toBe(200);
    const upstream = env.sim.chatRequests().at(-1)?.body as { temperature?: unknown } | undefined;
    expect(upstream?.temperature).toBe(1);
  });
});

describe("a path under /v1/messages the gateway does not serve", () => {
  const send = (method: string, path: string) =>
    fetch(`${env.gateway.url}${path}`, {
      method,
      headers: { "x-api-key": GATEWAY_TOKEN, "anthropic-version": "2023-06-01" },
    });

  it("is answered in Anthropic's error format, as not_found_error, with the routes there are", async () => {
    for (const [method, path] of [
      ["POST", "/v1/messages/foo"],
      ["GET", "/v1/messages/foo/bar"],
      ["POST", "/v1/messages/count_tokens/foo"],
    ] as const) {
      const answer = await send(method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      const error = (await answer.json()) as ErrorBody;
      expect(error.type, `${method} ${path}`).toBe("error");
      expect(error.error.type, `${method} ${path}`).toBe("not_found_error");
      expect(error.error.message).toContain(`no route for ${method} ${path}; this gateway serves`);
    }
  });

  it("leaves /v1/messages asked with another method a 405 in Anthropic's format", async () => {
    const answer = await send("GET", "/v1/messages");
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await answer.json()).toMatchObject({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: "method GET is not allowed on /v1/messages; use POST",
      },
    });
  });
});
