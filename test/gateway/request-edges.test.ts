/**
 * Requests at the edges of what clients send, over real HTTP with the official `openai` client
 * (and plain fetch where the client would not send it): model names spelled in another case,
 * failures that must be named and logged, nulls, legacy fields, and routes beside the chat.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The body the simulator got for the latest chat request. */
function lastUpstream(): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

describe("model names", () => {
  it("answers a model ref spelled in another case, as GET /v1/models/{id} finds it", async () => {
    const found = await fetch(`${env.baseURL}/models/MOONSHOT%2FKIMI-K2.5`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(found.status).toBe(200);
    const client = env.client();
    const answer = await client.chat.completions.create({
      model: "moonshot/KIMI-K2.5",
      messages: [{ role: "user", content: "case" }],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: case");
    expect(lastUpstream().model).toBe("kimi-k2.5");
    const stream = await client.chat.completions.create({
      model: "Moonshot/Kimi-K2.5",
      messages: [{ role: "user", content: "streamed" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Echo: streamed");
  });
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const answer = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, headers: answer.headers, body: JSON.parse(text) as ApiBody };
}

interface ApiBody {
  error?: { message: string; type: string; param: string | null; code: string | null };
  choices?: { message: Record<string, unknown>; finish_reason: string }[];
  [key: string]: unknown;
}

/** A tool parameters schema whose properties nest `levels` deep, as JSON text. */
function nestedSchema(levels: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${"}}".repeat(levels)}`;
}

function chatWithSchema(schema: string): string {
  return `{"model":"moonshot/kimi-k2.5","messages":[{"role":"user","content":"deep"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}]}`;
}

describe("failures a client cannot see into", () => {
  it("refuses a tool schema nested thousands of levels deep with a 400 naming it, before any upstream call", async () => {
    const before = env.sim.chatRequests().length;
    const deep = await post("/chat/completions", chatWithSchema(nestedSchema(3000)));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({
      param: "tools[0].function.parameters",
      code: "nesting_too_deep",
    });
    expect(deep.body.error?.message).toContain("at most 100 levels");
    expect(env.sim.chatRequests().length).toBe(before);
    // A schema nested as deep as real ones get (and deeper) goes through.
    const fine = await post("/chat/completions", chatWithSchema(nestedSchema(40)));
    expect(fine.status).toBe(200);
  });
});

describe("arrays nested 1e5 deep", () => {
  it("are refused with a path cut short and the depth in numbers, not 800 characters of [0]", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const answer = await post(
      "/chat/completions",
      `{"model":"moonshot/kimi-k2.5","messages":${deep}}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "nesting_too_deep",
      param: "messages[0][0][0]…",
      // The body is level 1, messages level 2: 100,001 levels in all.
      message:
        "the request body nests objects and arrays 100001 levels deep at messages[0][0][0]…: this gateway takes request bodies nested at most 100 levels",
    });
  });

  it("are refused from the body's text at 8 MB, on the chat routes and count_tokens alike", async () => {
    // Parsed first, 4e6 levels kept the event loop (every other client) for about 5 s.
    const deep = `{"model":"moonshot/kimi-k2.5","messages":${"[".repeat(4_000_000)}${"]".repeat(4_000_000)}}`;
    const message =
      "the request body nests objects and arrays 4000001 levels deep at messages[0][0][0]…: this gateway takes request bodies nested at most 100 levels";
    const chat = await post("/chat/completions", deep);
    expect(chat.status).toBe(400);
    expect(chat.body.error).toMatchObject({ code: "nesting_too_deep", message });
    const counted = await post("/messages/count_tokens", deep);
    expect(counted.status).toBe(400);
    expect(counted.body).toMatchObject({ error: { type: "invalid_request_error", message } });
  });
});

// The program's own resolveKey throwing was this file's stand-in for a failure inside the
// gateway (logged as an internal error, with its stack). It is the program's mistake: the log
// names the callback and its message, without the gateway's stack (caller-key-resolver.test.ts).
describe("a failure in the program's own resolveKey", () => {
  let broken: GatewayEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    broken = await startGatewayEnv({
      extraProviders: {
        local: customProvider([{ id: "echo", name: "Local Echo" }], { authHeader: false }),
      },
      start: {
        log: (line) => lines.push(line),
        // The credential store failing in a way nobody planned for: a plain TypeError.
        resolveKey: (model) => {
          if (model.provider === "local") throw new TypeError("credential store went away");
          return undefined;
        },
      },
    });
  });
  afterAll(async () => {
    await broken?.close();
  });

  it("answers 500 and writes which callback threw, and its message, to the log without a stack", async () => {
    const answer = await fetch(`${broken.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "local/echo", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(500);
    const requestId = answer.headers.get("x-request-id") ?? "";
    expect(requestId).not.toBe("");
    expect(lines.join("\n")).not.toContain("internal error");
    const line = lines.find((entry) => entry.includes(requestId));
    expect(line).toContain(
      "the resolveKey function given to startGateway threw for local/echo: TypeError: credential store went away",
    );
    expect(line).not.toMatch(/\n\s+at /);
  });
});

describe("errors that name what to change", () => {
  it("names the client's own token-limit field when it is beyond any model's (not request.maxTokens)", async () => {
    const cases = [
      [
        "/chat/completions",
        "max_tokens",
        { messages: [{ role: "user", content: "hi" }], max_tokens: 1e12 },
      ],
      [
        "/chat/completions",
        "max_completion_tokens",
        { messages: [{ role: "user", content: "hi" }], max_completion_tokens: 2 ** 31 + 1 },
      ],
      ["/responses", "max_output_tokens", { input: "hi", max_output_tokens: 2 ** 32 }],
    ] as const;
    for (const [path, field, fields] of cases) {
      const answer = await post(path, { model: "moonshot/kimi-k2.5", ...fields });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error, field).toMatchObject({ param: field, code: "invalid_value" });
      expect(answer.body.error?.message, field).toMatch(
        new RegExp(
          `^${field} must be at most 2147483648, got \\d+: .* leave ${field} out for the model's default$`,
        ),
      );
    }
    const messages = await post(
      "/messages",
      {
        model: "moonshot/kimi-k2.5",
        max_tokens: 1e10,
        messages: [{ role: "user", content: "hi" }],
      },
      { "x-api-key": GATEWAY_TOKEN },
    );
    expect(messages.status).toBe(400);
    expect(JSON.stringify(messages.body)).toContain(
      "max_tokens must be at most 2147483648, got 10000000000",
    );
    expect(JSON.stringify(messages.body)).not.toContain("request.maxTokens");
    // The largest the runtime takes goes through, lowered to the model's own limit.
    const largest = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 2 ** 31,
    });
    expect(largest.status).toBe(200);
  });

  it("tells a client that sent the token without `Bearer ` how the header must read", async () => {
    const models = (authorization: string) =>
      fetch(`${env.baseURL}/models`, { headers: { authorization } });
    for (const header of [GATEWAY_TOKEN, `Basic ${btoa(`user:${GATEWAY_TOKEN}`)}`]) {
      const answer = await models(header);
      expect(answer.status).toBe(401);
      const { error } = (await answer.json()) as ApiBody;
      expect(error?.message).toContain("Authorization: Bearer <gateway token>");
      expect(error?.message).not.toContain(GATEWAY_TOKEN);
    }
    const wrong = await models("Bearer not-the-token");
    expect(((await wrong.json()) as ApiBody).error?.message).toBe(
      "incorrect gateway token: send this gateway's own token (openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it)",
    );
  });

  it("says a request sent without a body is empty, with the shape to send, not a JSON parse error", async () => {
    const chat = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(chat.status).toBe(400);
    expect(((await chat.json()) as ApiBody).error).toEqual({
      message:
        'the request body is empty: send the request as a JSON object (Content-Type: application/json), such as {"model": "openclaw", "messages": [{"role": "user", "content": "Hello"}]}',
      type: "invalid_request_error",
      param: null,
      code: "invalid_json",
    });
    const responses = await post("/responses", "  \n");
    expect(responses.status).toBe(400);
    expect(responses.body.error?.message).toBe(
      'the request body is empty: send the request as a JSON object (Content-Type: application/json), such as {"model": "openclaw", "input": "Hello"}',
    );
    // A body that is there but broken is still a parse error, in the parser's words.
    const broken = await post("/chat/completions", '{"model": "openclaw",');
    expect(broken.body.error?.message).toMatch(/^the request body is not valid JSON \(/);
  });

  it("keeps the model and client of a refused body in the ledger, for usage --errors", async () => {
    const chat = await post("/chat/completions", {
      model: " moonshot/kimi-k2.5 ",
      messages: "hi",
      user: "notes-app",
    });
    const responses = await post("/responses", {
      model: "Kimi K2.5",
      input: 5,
      safety_identifier: "user-42",
    });
    expect([chat.status, responses.status]).toEqual([400, 400]);
    const ids = [chat, responses].map((answer) => answer.headers.get("x-request-id"));
    const rows = await ledgerQuery<{ model_requested: string; client: string; status: number }>(
      env,
      "SELECT model_requested, client, status FROM requests WHERE request_id IN (?, ?) ORDER BY ts",
      ...ids,
    );
    expect(rows).toEqual([
      { model_requested: "moonshot/kimi-k2.5", client: "notes-app", status: 400 },
      { model_requested: "Kimi K2.5", client: "user-42", status: 400 },
    ]);
  });

  it("tells a client that sent its Moonshot key that the gateway wants its own token", async () => {
    // A client set up for Moonshot, pointed at the gateway with its key left as it was.
    const failure = await env
      .client(env.sim.keys.moonshot)
      .models.list()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    const { status, error } = failure as InstanceType<typeof OpenAI.AuthenticationError>;
    expect({ status, error }).toEqual({
      status: 401,
      error: {
        message:
          "incorrect gateway token: this looks like a provider's API key (sk-…), which the gateway keeps itself; send this gateway's own token (openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it)",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
    // The key sent is not echoed back.
    expect(JSON.stringify(error)).not.toContain(env.sim.keys.moonshot);
  });

  it("names the message whose empty text the provider refused, without sending the user to the config", async () => {
    const answer = await post("/chat/completions", {
      model: "kimi-code/kimi-for-coding",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "" },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.param).toBe("messages[1].content");
    expect(answer.body.error?.message).toContain("text content is empty");
    expect(answer.body.error?.message).toContain("messages[1].content has no text");
    expect(answer.body.error?.message).not.toContain("compat");
  });

  it("refuses a tool result that answers no call, naming its tool_call_id, before any upstream call", async () => {
    const before = env.sim.chatRequests().length;
    const client = env.client();
    const orphan = await apiFailure(
      client.chat.completions.create({
        model: "openclaw",
        messages: [{ role: "tool", content: "x", tool_call_id: "a" }],
      }),
    );
    expect(orphan.status).toBe(400);
    expect(orphan.param).toBe("messages[0].tool_call_id");
    expect(orphan.message).toContain('"a" answers no tool call');
    expect(orphan.message).not.toContain("models.providers");
    // Answering a call of an earlier turn is fine; answering one no turn made is not.
    const call = {
      id: "call_1",
      type: "function" as const,
      function: { name: "f", arguments: "{}" },
    };
    const late = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: null, tool_calls: [call] },
          { role: "tool", content: "1", tool_call_id: "call_1" },
          { role: "tool", content: "2", tool_call_id: "call_2" },
        ],
      }),
    );
    expect(late.param).toBe("messages[3].tool_call_id");
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("names the image part a text-only model cannot take", async () => {
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(answer.status).toBe(400);
    // OpenAI's shape for an image it cannot use, which Codex CLI recovers from (its image left out).
    expect(answer.body.error).toMatchObject({
      code: "invalid_value",
      param: "messages[0].content[1].image_url",
    });
  });

  it("says which setting a body over the size limit is measured against", async () => {
    const small = await startGatewayEnv({ start: { limits: { maxBodyBytes: 1024 } } });
    try {
      const answer = await fetch(`${small.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "x".repeat(2048) }],
        }),
      });
      expect(answer.status).toBe(413);
      const { error } = (await answer.json()) as ApiBody;
      expect(error?.message).toContain("1024 bytes");
      // Set by startGateway's limits option here, so the 413 names that option (a3ddf690).
      expect(error?.message).toContain("limits.maxBodyBytes, given to startGateway");
      expect(error?.message).not.toContain("gateway.limits.maxBodyBytes");
    } finally {
      await small.close();
    }
  });
});

describe("routes and answers as OpenAI has them", () => {
  it("answers HEAD wherever it answers GET, with the headers and no body", async () => {
    const auth = { authorization: `Bearer ${GATEWAY_TOKEN}` };
    for (const path of ["/v1/models", "/v1/models/moonshot%2Fkimi-k2.5", "/metrics"]) {
      const head = await fetch(`${env.gateway.url}${path}`, { method: "HEAD", headers: auth });
      expect(head.status, path).toBe(200);
      expect(Number(head.headers.get("content-length")), path).toBeGreaterThan(0);
      expect(await head.text(), path).toBe("");
    }
  });

  it("answers GET /v1/models/ without an id with a 404 that says so, not with close matches", async () => {
    const answer = await fetch(`${env.baseURL}/models/`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(answer.status).toBe(404);
    const { error } = (await answer.json()) as ApiBody;
    expect(error?.message).toContain("no model id");
    expect(error?.message).not.toContain("close matches");
  });

  it("refuses a tool_choice naming a function that is not among the tools, naming tool_choice", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "what time is it?" }],
      tools: [{ type: "function", function: { name: "get_time", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.param).toBe("tool_choice");
    expect(answer.body.error?.message).toContain('"get_weather"');
    expect(answer.body.error?.message).toContain("get_time");
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("refuses a stream_options.include_usage that is not a boolean instead of streaming without usage", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "count my tokens" }],
      stream: true,
      stream_options: { include_usage: "true" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      message: "stream_options.include_usage must be a boolean, got a string",
      type: "invalid_request_error",
      param: "stream_options.include_usage",
      code: "invalid_type",
    });
    expect(env.sim.chatRequests().length).toBe(before);
    // A boolean still gets its usage chunk last, before [DONE].
    const stream = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "count my tokens" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it("gives an answer of tool calls alone content null, as OpenAI does", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] } },
      },
    ]);
    const answer = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "what time is it?" }],
      tools: [{ type: "function", function: { name: "get_time", parameters: { type: "object" } } }],
    });
    const message = answer.choices[0]?.message;
    expect(message?.tool_calls).toHaveLength(1);
    expect(message?.content).toBeNull();
  });

  it("reports the reasoning tokens the provider counted, and claims none it did not", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-thinking" },
        respond: { reply: { text: "42", usage: { reasoningTokens: 17 } } },
        times: 2,
      },
    ]);
    const client = env.client();
    const response = await client.responses.create({
      model: "moonshot/kimi-k2-thinking",
      input: "think",
    });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(17);
    const chat = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "think" }],
    });
    expect(chat.usage?.completion_tokens_details?.reasoning_tokens).toBe(17);
    const plain = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "no details" }],
    });
    expect(plain.usage?.completion_tokens_details).toBeUndefined();
  });
});

describe("log probabilities", () => {
  it("passes the provider's logprobs through, whole and streamed, and says null when none were asked for", async () => {
    const client = env.client();
    const whole = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "token by token" }],
      logprobs: true,
      top_logprobs: 2,
    });
    expect(lastUpstream()).toMatchObject({ logprobs: true, top_logprobs: 2 });
    const choice = whole.choices[0];
    const tokens = choice?.logprobs?.content ?? [];
    expect(tokens.map((token) => token.token).join("")).toBe(choice?.message.content);
    expect(tokens.every((token) => token.top_logprobs.length === 2)).toBe(true);
    expect(tokens[0]?.logprob).toBeLessThan(0);

    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "streamed tokens" }],
      logprobs: true,
      stream: true,
    });
    let text = "";
    let fromLogprobs = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      for (const token of chunk.choices[0]?.logprobs?.content ?? []) fromLogprobs += token.token;
    }
    expect(text).toBe("Echo: streamed tokens");
    expect(fromLogprobs).toBe(text);

    const plain = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "no logprobs" }],
    });
    expect(plain.choices[0]?.logprobs).toBeNull();
  });
});

describe("what older and looser clients send", () => {
  it("takes null for any optional field as not given, and sends none of them on", async () => {
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "nulls", name: null }],
      user: null,
      seed: null,
      frequency_penalty: null,
      response_format: null,
      tools: [
        { type: "function", function: { name: "noop", description: null, parameters: null } },
      ],
    });
    expect(answer.status).toBe(200);
    const upstream = lastUpstream();
    for (const field of ["user", "seed", "frequency_penalty", "response_format"])
      expect(upstream, field).not.toHaveProperty(field);
    expect((upstream.messages as Record<string, unknown>[])[0]).not.toHaveProperty("name");
    const tool = (upstream.tools as { function: Record<string, unknown> }[])[0]?.function;
    expect(tool).not.toHaveProperty("description");
    expect(tool?.parameters).toMatchObject({ type: "object" });

    const response = await post("/responses", {
      model: "moonshot/kimi-k2.5",
      input: "nulls too",
      user: null,
      top_logprobs: null,
    });
    expect(response.status).toBe(200);
  });

  it("keeps OpenAI's stored-completion fields (store, metadata) from providers that have none", async () => {
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "keep nothing" }],
      store: true,
      metadata: { app: "notes" },
    });
    expect(answer.status).toBe(200);
    expect(lastUpstream()).not.toHaveProperty("store");
    expect(lastUpstream()).not.toHaveProperty("metadata");
  });

  it("serves the deprecated functions / function_call as tools, names rewritten and answered in the old form", async () => {
    // Moonshot refuses a name that does not start with a letter: it gets "fn_…", the client its own.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { toolCalls: [{ name: "fn_3d_render", arguments: { scene: "cube" } }] } },
        times: 2,
      },
    ]);
    const functions = [
      {
        name: "3d_render",
        description: "Render a scene",
        parameters: { type: "object", properties: { scene: { type: "string" } } },
      },
    ];
    const question = { role: "user", content: "draw a cube" };
    const first = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [question],
      functions,
      function_call: "auto",
    });
    expect(first.status).toBe(200);
    const upstream = lastUpstream();
    expect(upstream).not.toHaveProperty("functions");
    expect(upstream).toMatchObject({
      tools: [{ type: "function", function: { name: "fn_3d_render" } }],
      tool_choice: "auto",
    });
    const choice = first.body.choices?.[0];
    expect(choice?.finish_reason).toBe("function_call");
    expect(choice?.message).toMatchObject({
      content: null,
      function_call: { name: "3d_render", arguments: '{"scene":"cube"}' },
    });
    expect(choice?.message).not.toHaveProperty("tool_calls");

    // Streamed, the call comes as function_call deltas.
    const streamed = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [question],
        functions,
        stream: true,
      }),
    });
    const events = (await streamed.text())
      .split("\n\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)) as { choices: Record<string, unknown>[] });
    const deltas = events.flatMap((event) =>
      event.choices.map((c) => c.delta as { function_call?: { name?: string; arguments: string } }),
    );
    expect(deltas.some((delta) => "tool_calls" in delta)).toBe(false);
    const calls = deltas.flatMap((delta) => (delta.function_call ? [delta.function_call] : []));
    expect(calls[0]?.name).toBe("3d_render");
    expect(calls.map((call) => call.arguments).join("")).toBe('{"scene":"cube"}');
    expect(events.at(-1)?.choices[0]?.finish_reason).toBe("function_call");

    // The result goes back as a function message, and becomes a tool result upstream.
    const second = await post("/chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [
        question,
        { role: "assistant", content: null, function_call: choice?.message.function_call },
        { role: "function", name: "3d_render", content: "rendered" },
      ],
      functions,
    });
    expect(second.status).toBe(200);
    expect(second.body.choices?.[0]?.message.content).toBe("Tool results: rendered");
    const messages = lastUpstream().messages as Record<string, unknown>[];
    const sentCalls = (messages[1]?.tool_calls ?? []) as {
      id: string;
      function: { name: string };
    }[];
    const call = sentCalls[0];
    expect(call?.function.name).toBe("fn_3d_render");
    expect(messages[2]).toMatchObject({
      role: "tool",
      tool_call_id: call?.id,
      content: "rendered",
    });
  });
});
