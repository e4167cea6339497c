/**
 * An image for a model that takes none, refused in the shape Codex CLI recovers from. Codex
 * resends its whole history each turn, so an image it cannot get rid of makes every later turn
 * fail the same way. On a 400 whose body says "The image data you provided does not represent a
 * valid image" (newer builds: `invalid_request_error`, `invalid_value`, a `param` naming an
 * `input[…]….image_url`), it swaps the image of its last tool output for the text "Invalid image"
 * and sends the turn again. The chat route tells the same refusal in its own field names.
 */
import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

const TEXT_ONLY = "moonshot/kimi-k2-turbo-preview";
/** What Codex looks for in a 400's body before it strips the image and retries. */
const CODEX_IMAGE_SENTENCE = "The image data you provided does not represent a valid image";
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const userText = (text: string) => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});

/** A session whose model called view_image; `output` is what the call returned. */
function viewImageHistory(output: unknown[]): unknown[] {
  return [
    userText("<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>"),
    userText("What is in dot.png?"),
    {
      type: "function_call",
      name: "view_image",
      arguments: JSON.stringify({ path: "dot.png" }),
      call_id: "call_view",
    },
    { type: "function_call_output", call_id: "call_view", output },
  ];
}

interface ApiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** One Codex turn over raw fetch: the status, and the error body or whether the stream completed. */
async function codexTurn(
  env: GatewayEnv,
  model: string,
  input: unknown[],
): Promise<{ status: number; error?: ApiError; completed: boolean }> {
  const conversation = randomUUID();
  const response = await fetch(`${env.baseURL}/responses`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      accept: "text/event-stream",
      originator: "codex_cli_rs",
      session_id: conversation,
    },
    body: JSON.stringify({
      model,
      instructions: "You are Codex, a coding agent running in the terminal.",
      input,
      tools: [
        {
          type: "function",
          name: "view_image",
          description: "Attaches a local image to the conversation.",
          strict: false,
          parameters: {
            type: "object",
            properties: { path: { type: "string" } },
            required: ["path"],
            additionalProperties: false,
          },
        },
      ],
      tool_choice: "auto",
      parallel_tool_calls: false,
      reasoning: null,
      store: false,
      stream: true,
      include: [],
      prompt_cache_key: conversation,
    }),
  });
  const text = await response.text();
  if (response.status !== 200)
    return {
      status: response.status,
      error: (JSON.parse(text) as { error: ApiError }).error,
      completed: false,
    };
  return { status: response.status, completed: text.includes('"type":"response.completed"') };
}

describe("an image for a text-only model, as Codex sends it on /v1/responses", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("refuses view_image's image naming its image_url, and takes the turn Codex resends without it", async () => {
    const before = env.sim.chatRequests().length;
    const refused = await codexTurn(
      env,
      TEXT_ONLY,
      viewImageHistory([{ type: "input_image", image_url: PNG }]),
    );
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      type: "invalid_request_error",
      code: "invalid_value",
      param: "input[3].output[0].image_url",
    });
    expect(refused.error?.message).toContain(CODEX_IMAGE_SENTENCE);
    expect(refused.error?.message).toContain(`${TEXT_ONLY} does not accept images`);
    expect(refused.error?.message).toContain('pick a model whose "input" includes "image"');
    expect(env.sim.chatRequests().length).toBe(before);

    // What Codex sends next: the same history, the tool output's image swapped for a text.
    env.sim.script([{ respond: { reply: { text: "I cannot see the image." } } }]);
    const resent = await codexTurn(
      env,
      TEXT_ONLY,
      viewImageHistory([{ type: "input_text", text: "Invalid image" }]),
    );
    expect(resent).toMatchObject({ status: 200, completed: true });
  });

  it("names an image the user attached by its place in the message", async () => {
    const refused = await codexTurn(env, TEXT_ONLY, [
      userText("<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>"),
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "What is this?" },
          { type: "input_image", image_url: PNG },
        ],
      },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      code: "invalid_value",
      param: "input[1].content[1].image_url",
    });
  });
});

describe("an image for a text-only model on /v1/chat/completions", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is a 400 naming the part's image_url, with code invalid_value", async () => {
    const error = await env
      .client()
      .chat.completions.create({
        model: TEXT_ONLY,
        messages: [
          { role: "user", content: "Hello" },
          { role: "assistant", content: "Hi." },
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image_url", image_url: { url: PNG } },
            ],
          },
        ],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.code).toBe("invalid_value");
    expect(refused.param).toBe("messages[2].content[1].image_url");
    expect(refused.message).toContain(
      `Invalid 'messages[2].content[1].image_url': ${TEXT_ONLY} does not accept images`,
    );
    expect(refused.message).toContain("or drop the image");
  });
});

describe("an image on a chain whose primary takes text only", () => {
  it("goes to a fallback that takes images", async () => {
    const env = await startGatewayEnv({ primary: TEXT_ONLY, fallbacks: ["moonshot/kimi-k2.5"] });
    try {
      env.sim.script([{ respond: { reply: { text: "A red dot." } } }]);
      const turn = await codexTurn(
        env,
        "openclaw",
        viewImageHistory([{ type: "input_image", image_url: PNG }]),
      );
      expect(turn).toMatchObject({ status: 200, completed: true });
      expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ model: "kimi-k2.5" });
    } finally {
      await env.close();
    }
  });

  it("is a fallback in the ledger and /metrics: the row names the skipped primary, answered or failed, and each counts a step", async () => {
    const env = await startGatewayEnv({ primary: TEXT_ONLY, fallbacks: ["moonshot/kimi-k2.5"] });
    try {
      const withImage = (text: string): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming => ({
        model: "openclaw",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text },
              { type: "image_url", image_url: { url: PNG } },
            ],
          },
        ],
      });
      env.sim.script([
        { respond: { reply: { text: "A red dot." } } },
        { respond: { error: "contentFilter" } },
      ]);
      const answered = await env.client().chat.completions.create(withImage("What is this?"));
      expect(answered.choices[0]?.message.content).toBe("A red dot.");
      const failed = await env
        .client()
        .chat.completions.create(withImage("And this?"))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(failed).toBeInstanceOf(OpenAI.APIError);
      const rows = await ledgerQuery<{ model_used: string; fallback_from: string | null }>(
        env,
        "SELECT model_used, fallback_from FROM requests ORDER BY ts",
      );
      expect(rows).toEqual([
        { model_used: "moonshot/kimi-k2.5", fallback_from: TEXT_ONLY },
        { model_used: "moonshot/kimi-k2.5", fallback_from: TEXT_ONLY },
      ]);
      // Each request stepped past the primary, which was never sent it: /metrics counts that
      // step, as it counts one past a cooling model, answered or failed.
      const metrics = await (
        await fetch(`${env.gateway.url}/metrics`, {
          headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
        })
      ).text();
      expect(metrics).toContain(
        'openclaw_gateway_upstream_fallbacks_total{from="moonshot/kimi-k2-turbo-preview",to="moonshot/kimi-k2.5"} 2\n',
      );
    } finally {
      await env.close();
    }
  });

  it("is refused in Codex's shape when no model of the chain takes images", async () => {
    const env = await startGatewayEnv({
      primary: TEXT_ONLY,
      fallbacks: ["kimi-code/kimi-for-coding"],
    });
    try {
      const turn = await codexTurn(
        env,
        "openclaw",
        viewImageHistory([{ type: "input_image", image_url: PNG }]),
      );
      expect(turn.status).toBe(400);
      expect(turn.error).toMatchObject({
        code: "invalid_value",
        param: "input[3].output[0].image_url",
      });
      expect(turn.error?.message).toContain(CODEX_IMAGE_SENTENCE);
      expect(turn.error?.message).toContain(
        `${TEXT_ONLY} does not accept images (its input is text), nor does its fallback kimi-code/kimi-for-coding.`,
      );
      expect(env.sim.chatRequests()).toHaveLength(0);
    } finally {
      await env.close();
    }
  });
});

describe("an image the provider refuses for a model configured as taking images", () => {
  it("is told in the same shape, with the provider's words and the model that refused", async () => {
    const env = await startGatewayEnv({
      editConfig: (config) => {
        const { providers } = config.models as {
          providers: Record<string, { models: { id: string; input: string[] }[] }>;
        };
        for (const model of providers.moonshot?.models ?? [])
          if (model.id === "kimi-k2-turbo-preview") model.input = ["text", "image"];
      },
    });
    try {
      const turn = await codexTurn(
        env,
        TEXT_ONLY,
        viewImageHistory([{ type: "input_image", image_url: PNG }]),
      );
      expect(turn.status).toBe(400);
      expect(turn.error).toMatchObject({
        type: "invalid_request_error",
        code: "invalid_value",
        param: "input[3].output[0].image_url",
      });
      expect(turn.error?.message).toContain(CODEX_IMAGE_SENTENCE);
      expect(turn.error?.message).toContain(`${TEXT_ONLY} refused it: `);
      expect(turn.error?.message).toContain("does not support image input");
    } finally {
      await env.close();
    }
  });
});

describe("an image in the conversation previous_response_id continues, for a text-only model", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("names the earlier response and the part the image was, and says what to do", async () => {
    const client = env.client();
    // A model that takes images answers the turn that holds one; the next turn goes elsewhere.
    const first = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "What is in this picture?" },
            { type: "input_image", image_url: PNG, detail: "auto" },
          ],
        },
      ],
    });
    const before = env.sim.chatRequests().length;
    const refused = await client.responses
      .create({ model: TEXT_ONLY, previous_response_id: first.id, input: "And its colour?" })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = refused as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toMatchObject({
      status: 400,
      type: "invalid_request_error",
      code: "invalid_value",
      param: "previous_response_id",
    });
    expect(error.error).toMatchObject({
      message: expect.stringContaining(
        `Invalid 'previous_response_id': an image in the conversation previous_response_id continues (response ${first.id}, input[0].content[1].image_url) cannot be sent: ${TEXT_ONLY} does not accept images (its input is text)`,
      ),
    });
    expect(error.message).toContain(
      "start a new conversation without that image (send the turns you need in input, without previous_response_id), or ask for a model that takes images",
    );
    // Not Codex's sentence: no part of this request holds the image for it to swap.
    expect(error.message).not.toContain(CODEX_IMAGE_SENTENCE);
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("names a tool output's image of an earlier turn when the provider refuses it", async () => {
    const refusing = await startGatewayEnv({
      editConfig: (config) => {
        const { providers } = config.models as {
          providers: Record<string, { models: { id: string; input: string[] }[] }>;
        };
        for (const model of providers.moonshot?.models ?? [])
          if (model.id === "kimi-k2-turbo-preview") model.input = ["text", "image"];
      },
    });
    try {
      const client = refusing.client();
      const first = await client.responses.create({
        model: "moonshot/kimi-k2.5",
        input: viewImageHistory([
          { type: "input_image", image_url: PNG },
        ]) as OpenAI.Responses.ResponseInput,
      });
      const refused = await client.responses
        .create({ model: TEXT_ONLY, previous_response_id: first.id, input: "Describe it again." })
        .catch((caught: unknown) => caught);
      expect(refused).toMatchObject({
        status: 400,
        code: "invalid_value",
        param: "previous_response_id",
      });
      const message = (refused as Error).message;
      expect(message).toContain(
        `an image in the conversation previous_response_id continues (response ${first.id}, input[3].output[0].image_url) cannot be sent: ${TEXT_ONLY} refused it: `,
      );
      expect(message).toContain("does not support image input");
      expect(message).toContain("To go on, start a new conversation without that image");
      expect(message).toContain("(hint: GET /v1/models: supports_image_in");
    } finally {
      await refusing.close();
    }
  });
});
