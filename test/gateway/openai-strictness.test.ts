/**
 * Where OpenAI refuses a chat request, the gateway does too, before anything goes upstream: a
 * `response_format` of a type OpenAI does not know (or a json_schema without its name), and
 * `stream_options` on a request that does not stream (on /v1/responses too, whose docs ask for it
 * only beside `stream: true`; before, it was taken there). What OpenAI takes still passes.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const MODEL = "moonshot/kimi-k2.5";
const messages = [{ role: "user" as const, content: "hi" }];

/** The SDK's error for a request the gateway refused, and whether anything went upstream. */
async function refusal(
  params: Record<string, unknown>,
): Promise<{ error: InstanceType<typeof OpenAI.APIError>; upstream: number }> {
  const before = env.sim.chatRequests().length;
  const error = await client.chat.completions
    .create({ model: MODEL, messages, ...params } as unknown as Parameters<
      typeof client.chat.completions.create
    >[0])
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return {
    error: error as InstanceType<typeof OpenAI.APIError>,
    upstream: env.sim.chatRequests().length - before,
  };
}

describe("response_format", () => {
  it("of an unknown type is a 400 naming response_format.type and the types OpenAI knows", async () => {
    const { error, upstream } = await refusal({ response_format: { type: "yaml" } });
    expect(error.param).toBe("response_format.type");
    expect(error.message).toContain('response_format.type must be "text", "json_object" or');
    expect(error.message).toContain('got "yaml"');
    expect(upstream).toBe(0);
  });

  it("that is not an object is a 400 naming response_format", async () => {
    const { error } = await refusal({ response_format: "json_object" });
    expect(error.param).toBe("response_format");
    expect(error.message).toContain("response_format must be an object");
  });

  it("json_schema without json_schema or its name is a 400 naming what is missing", async () => {
    const missing = await refusal({ response_format: { type: "json_schema" } });
    expect(missing.error.param).toBe("response_format.json_schema");
    expect(missing.error.code).toBe("missing_required_parameter");
    const unnamed = await refusal({
      response_format: { type: "json_schema", json_schema: { schema: { type: "object" } } },
    });
    expect(unnamed.error.param).toBe("response_format.json_schema.name");
    expect(unnamed.error.code).toBe("missing_required_parameter");
    expect(unnamed.upstream).toBe(0);
  });

  it.each([
    ["text", { type: "text" }, { type: "text" }],
    ["json_object", { type: "json_object" }, { type: "json_object" }],
    [
      "json_schema with a name",
      { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" } } },
      {
        type: "json_schema",
        json_schema: expect.objectContaining({
          name: "answer",
          schema: expect.objectContaining({ type: "object" }),
        }),
      },
    ],
    ["null (not given)", null, undefined],
  ])("%s still goes through", async (_label, format, forwarded) => {
    const reply = await client.chat.completions.create({
      model: MODEL,
      messages,
      response_format: format as OpenAI.ChatCompletionCreateParams["response_format"],
    });
    expect(reply.choices[0]?.message.content).toBe("Echo: hi");
    // The format reaches the upstream (a json_schema adapted to Moonshot, its name kept).
    const sent = env.sim.chatRequests().at(-1)?.body as { response_format?: unknown };
    expect(sent.response_format).toEqual(forwarded);
  });
});

describe("stream_options", () => {
  it("without stream: true is a 400 as OpenAI answers, naming stream_options", async () => {
    for (const stream of [false, undefined]) {
      const { error, upstream } = await refusal({
        stream,
        stream_options: { include_usage: true },
      });
      expect(error.param).toBe("stream_options");
      expect(error.message).toContain("only allowed when stream is enabled");
      expect(upstream).toBe(0);
    }
  });

  it("with stream: true still streams the usage it asks for; null without stream is not given", async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: unknown;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage).toMatchObject({ total_tokens: expect.any(Number) });
    const plain = await client.chat.completions.create({
      model: MODEL,
      messages,
      stream_options: null,
    });
    expect(plain.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it("without stream: true is the same 400 on /v1/responses; streamed or null it is taken", async () => {
    for (const stream of [false, undefined]) {
      const before = env.sim.chatRequests().length;
      const error = await client.responses
        .create({
          model: MODEL,
          input: "hi",
          stream,
          stream_options: { include_obfuscation: false },
        })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const refused = error as InstanceType<typeof OpenAI.APIError>;
      expect(refused.param).toBe("stream_options");
      expect(refused.message).toContain(
        'stream_options is only allowed when stream is enabled ("stream": true); leave it out of a request that is not streamed',
      );
      expect(env.sim.chatRequests().length - before).toBe(0);
    }
    const streamed = await client.responses.create({
      model: MODEL,
      input: "hi",
      stream: true,
      stream_options: { include_obfuscation: false },
    });
    let status: string | undefined;
    for await (const event of streamed)
      if (event.type === "response.completed") status = event.response.status;
    expect(status).toBe("completed");
    const plain = await client.responses.create({
      model: MODEL,
      input: "hi",
      stream_options: null,
    });
    expect(plain.output_text.length).toBeGreaterThan(0);
  });
});
