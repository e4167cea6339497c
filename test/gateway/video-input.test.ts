/**
 * Video for the models that take it. Moonshot's chat API takes a `video_url` part for kimi-k2.5
 * (`{"type": "video_url", "video_url": {"url": "data:video/mp4;base64,…"}}`, or `ms://<file id>`
 * for a file uploaded to Moonshot), and its GET /models says so (`supports_video_in`). The
 * gateway sends such a part on to a model whose config lists "video" in its "input", and refuses
 * it for any other with a 400 that names the part and the configured models that take video.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

/** A few bytes standing for an MP4 file: what the simulator checks is the URL's form. */
const VIDEO = "data:video/mp4;base64,AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=";
const UPLOADED = "ms://cvideo-file-0001";

type ModelEntry = { id: string; input: string[] };

/** The config's kimi-k2.5 takes video (its "input" lists "video"), as Moonshot's does. */
function kimiTakesVideo(config: Record<string, unknown>): void {
  const models = config.models as { providers: Record<string, { models: ModelEntry[] }> };
  for (const model of models.providers.moonshot?.models ?? []) {
    if (model.id === "kimi-k2.5") model.input = ["text", "image", "video"];
  }
}

/** A user turn with a question and the video, as a chat client writes it. */
function videoTurn(url: string): OpenAI.Chat.ChatCompletionMessageParam[] {
  const parts = [
    { type: "text", text: "What happens in this clip?" },
    { type: "video_url", video_url: { url } },
  ];
  // The openai package has no type for Moonshot's video part; the wire shape is what counts.
  return [{ role: "user", content: parts as unknown as OpenAI.Chat.ChatCompletionContentPart[] }];
}

describe("video_url parts on /v1/chat/completions", () => {
  let env: GatewayEnv;
  let client: OpenAI;

  beforeAll(async () => {
    env = await startGatewayEnv({ editConfig: kimiTakesVideo });
    client = env.client();
  });
  afterAll(() => env.close());

  it("sends a video part on to kimi-k2.5 as the client wrote it, a data URL or an uploaded file", async () => {
    for (const url of [VIDEO, UPLOADED]) {
      const completion = await client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: videoTurn(url),
      });
      expect(completion.choices[0]?.message.content).toBeTruthy();
      const upstream = env.sim.chatRequests().at(-1)?.body as {
        model: string;
        messages: { role: string; content: unknown }[];
      };
      expect(upstream.model).toBe("kimi-k2.5");
      expect(upstream.messages.at(-1)?.content).toEqual([
        { type: "text", text: "What happens in this clip?" },
        { type: "video_url", video_url: { url } },
      ]);
    }
  });

  it("lists which models take video on GET /v1/models, as Moonshot's own list does", async () => {
    const kimi = await client.models.retrieve("moonshot/kimi-k2.5");
    const turbo = await client.models.retrieve("moonshot/kimi-k2-turbo-preview");
    expect(kimi).toMatchObject({ supports_video_in: true });
    expect(turbo).toMatchObject({ supports_video_in: false });
  });

  it("refuses a video for a text-only model with a 400 naming the part and the models that take video", async () => {
    const sent = env.sim.chatRequests().length;
    const error = await client.chat.completions
      .create({ model: "moonshot/kimi-k2-turbo-preview", messages: videoTurn(VIDEO) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refusal.param).toBe("messages[0].content[1]");
    expect(refusal.code).toBe("video_not_supported");
    expect(refusal.message).toContain(
      "messages[0].content[1] is a video_url part, which cannot be sent: moonshot/kimi-k2-turbo-preview does not accept video",
    );
    expect(refusal.message).toContain(
      "ask for a model that takes video (configured here: moonshot/kimi-k2.5)",
    );
    // Refused before anything went upstream.
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("names the field of a video part without its URL", async () => {
    const messages = [
      {
        role: "user",
        content: [{ type: "video_url", video_url: { file: "clip.mp4" } }],
      },
    ] as unknown as OpenAI.Chat.ChatCompletionMessageParam[];
    const error = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.5", messages })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refusal.param).toBe("messages[0].content[0].video_url.url");
    expect(refusal.message).toContain("(data:video/mp4;base64,…) or a file uploaded to Moonshot");
  });
});

describe("the simulator's video parts", () => {
  let env: GatewayEnv;

  beforeAll(async () => {
    // A config that says kimi-k3 takes video, which Moonshot's kimi-k3 does not.
    env = await startGatewayEnv({
      editConfig: (config) => {
        kimiTakesVideo(config);
        const models = config.models as { providers: Record<string, { models: ModelEntry[] }> };
        for (const model of models.providers.moonshot?.models ?? []) {
          if (model.id === "kimi-k3") model.input = ["text", "image", "video"];
        }
      },
    });
  });
  afterAll(() => env.close());

  it("refuses video for a model that does not take it, and a URL that is neither data nor ms://", async () => {
    const client = env.client();
    const k3 = await client.chat.completions
      .create({ model: "moonshot/kimi-k3", messages: videoTurn(VIDEO) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(k3).toBeInstanceOf(OpenAI.BadRequestError);
    expect((k3 as Error).message).toContain("model kimi-k3 does not support video input");
    const web = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.5", messages: videoTurn("https://example.com/clip.mp4") })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(web).toBeInstanceOf(OpenAI.BadRequestError);
    expect((web as Error).message).toContain(
      "video_url.url must be a base64 data URL (data:video/mp4;base64,...) or ms://<file_id>",
    );
  });
});

describe("a video over the gateway's body limit", () => {
  let env: GatewayEnv;

  beforeAll(async () => {
    env = await startGatewayEnv({
      editConfig: kimiTakesVideo,
      gateway: { limits: { maxBodyBytes: 4096 } },
    });
  });
  afterAll(() => env.close());

  it("is a 413 naming the setting to raise", async () => {
    const big = `data:video/mp4;base64,${"A".repeat(8192)}`;
    const error = await env
      .client()
      .chat.completions.create({ model: "moonshot/kimi-k2.5", messages: videoTurn(big) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
    expect((error as Error).message).toContain("gateway.limits.maxBodyBytes in its config");
  });
});
