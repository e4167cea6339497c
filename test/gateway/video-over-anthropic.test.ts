/**
 * A video for a model whose config lists "video" but whose provider is called over Anthropic's
 * Messages format (`api: "anthropic-messages"`, Kimi Code's Anthropic surface), which has no video
 * block. Before, the gateway sent the request with the video part left out and the model answered
 * as if there had been none; now it is a 400 `video_not_supported` before anything goes upstream,
 * saying why and where the video can go, and a fallback that can carry it gets the turn; its
 * GET /v1/models entry no longer says supports_video_in.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

const VIDEO = "data:video/mp4;base64,AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=";

type ModelEntry = { id: string; input: string[] };

/** kimi-for-coding and kimi-k2.5 both said to take video. */
function videoInputs(config: Record<string, unknown>): void {
  const providers = (config.models as { providers: Record<string, { models: ModelEntry[] }> })
    .providers;
  for (const model of providers["kimi-code"]?.models ?? []) model.input = ["text", "video"];
  for (const model of providers.moonshot?.models ?? [])
    if (model.id === "kimi-k2.5") model.input = ["text", "image", "video"];
}

function videoTurn(): OpenAI.Chat.ChatCompletionMessageParam[] {
  const parts = [
    { type: "text", text: "What happens in this clip?" },
    { type: "video_url", video_url: { url: VIDEO } },
  ];
  // The openai package has no type for Moonshot's video part; the wire shape is what counts.
  return [{ role: "user", content: parts as unknown as OpenAI.Chat.ChatCompletionContentPart[] }];
}

function upstreamCount(env: GatewayEnv): number {
  return env.sim.requests.filter((request) => /\/(messages|chat\/completions)$/.test(request.path))
    .length;
}

describe("a video for a model of an anthropic-messages provider", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic({
      fallbacks: ["moonshot/kimi-k2.5"],
      editConfig: videoInputs,
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is refused with a 400 video_not_supported that says why and where to send it", async () => {
    const before = upstreamCount(env);
    const error = await env
      .client()
      .chat.completions.create({ model: "kimi-code/kimi-for-coding", messages: videoTurn() })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refusal.code).toBe("video_not_supported");
    expect(refusal.param).toBe("messages[0].content[1]");
    expect(refusal.message).toContain(
      `messages[0].content[1] is a video_url part, which cannot be sent: kimi-code/kimi-for-coding lists "video" in its input, but provider kimi-code is called over Anthropic's Messages format (api "anthropic-messages"), which takes no video parts`,
    );
    expect(refusal.message).toContain(
      "send the video to a model of an OpenAI-format provider that takes it (configured here: moonshot/kimi-k2.5), or drop it",
    );
    expect(refusal.message).toContain(
      `remove "video" from the "input" of kimi-code/kimi-for-coding in models.providers.kimi-code.models (the entry with id "kimi-for-coding")`,
    );
    // Refused before anything went upstream.
    expect(upstreamCount(env)).toBe(before);
  });

  it("is not listed as taking video on GET /v1/models, which a client reads before sending one", async () => {
    const client = env.client();
    expect(await client.models.retrieve("kimi-code/kimi-for-coding")).toMatchObject({
      supports_video_in: false,
      input_modalities: ["text"],
    });
    expect(await client.models.retrieve("moonshot/kimi-k2.5")).toMatchObject({
      supports_video_in: true,
    });
  });

  it("goes to a fallback of an OpenAI-format provider that takes video, the part as it came", async () => {
    env.sim.script([{ respond: { reply: { text: "A cat jumps." } } }]);
    const answer = await env
      .client()
      .chat.completions.create({ model: "openclaw", messages: videoTurn() });
    expect(answer.choices[0]?.message.content).toBe("A cat jumps.");
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      model: string;
      messages: { content: unknown }[];
    };
    expect(upstream.model).toBe("kimi-k2.5");
    expect(upstream.messages.at(-1)?.content).toEqual([
      { type: "text", text: "What happens in this clip?" },
      { type: "video_url", video_url: { url: VIDEO } },
    ]);
    expect(env.sim.requests.map((request) => request.path)).not.toContain("/coding/v1/messages");
  });
});
