/**
 * The library's getTransport("anthropic-messages"), called directly (outside the runtime) against
 * the simulator's Kimi Code Anthropic surface over a real socket: it speaks Anthropic's Messages
 * format. It handed out the chat-completions transport for every api, which posted the chat
 * format to `{baseUrl}/chat/completions` of an Anthropic endpoint. A content part the format has
 * no block for (a video, a part of another API) is refused, naming it, before anything is sent:
 * it was left out, and the model answered a prompt that had lost it.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  buildCatalog,
  type ChatMessage,
  type ChatRequest,
  getTransport,
  loadConfigObject,
  OpenClawError,
  ProviderError,
  type ResolvedModel,
  resolveModel,
  type StreamEvent,
} from "../src/index.js";
import { closedPort } from "./helpers/net.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function kimiCodeOverAnthropic(): Promise<{ sim: Simulator; model: ResolvedModel }> {
  const sim = await startSimulator();
  cleanups.push(() => sim.close());
  const config = {
    models: {
      mode: "merge",
      providers: {
        "kimi-code": {
          api: "anthropic-messages",
          baseUrl: `${sim.url}/coding`,
          // Images, so that a user's image part is one the format sends (see the last case).
          models: [{ id: "kimi-for-coding", name: "Kimi for Coding", input: ["text", "image"] }],
        },
      },
    },
  };
  const catalog = buildCatalog(loadConfigObject(config, { env: {} }));
  return { sim, model: resolveModel(catalog, "kimi-code/kimi-for-coding") };
}

function textOf(events: readonly StreamEvent[]): string {
  return events.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("");
}

describe('getTransport("anthropic-messages") from the library', () => {
  it("is the Messages transport: it posts to /coding/v1/messages and reads the answer", async () => {
    const { sim, model } = await kimiCodeOverAnthropic();
    const transport = getTransport("anthropic-messages");
    expect(transport.api).toBe("anthropic-messages");
    const events: StreamEvent[] = [];
    for await (const event of transport.stream({
      model,
      request: { messages: [{ role: "user", content: "hi" }] },
      apiKey: sim.keys.kimiCode,
      stream: true,
    }))
      events.push(event);
    expect(textOf(events)).toBe("You said: hi");
    expect(sim.requests.map((request) => request.path)).toEqual(["/coding/v1/messages"]);
  });

  it("masks a key-shaped provider name in its failures, as the chat transport does", async () => {
    const name = "sk-kimi-abcdefgh12345678XYZsecret";
    const baseUrl = `http://127.0.0.1:${await closedPort()}/coding`;
    const config = {
      models: {
        providers: {
          [name]: {
            baseUrl,
            api: "anthropic-messages",
            models: [{ id: "kimi-for-coding", name: "k" }],
          },
        },
      },
    };
    const model = resolveModel(
      buildCatalog(loadConfigObject(config, { env: {} })),
      `${name}/kimi-for-coding`,
    );
    const failure = await getTransport("anthropic-messages")
      .run?.(
        {
          model,
          request: { messages: [{ role: "user", content: "hi" }] },
          apiKey: "sk-x",
          stream: true,
        },
        () => {},
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).provider).toBe("sk-kimi-***");
    expect((failure as ProviderError).message).not.toContain("abcdefgh12345678");
  });

  const video = { type: "video_url" as const, video_url: { url: "data:video/mp4;base64,AAAA" } };
  const withVideo: ChatMessage[] = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "hi" },
    { role: "user", content: [{ type: "text", text: "what happens here?" }, video] },
  ];

  async function failureOf(run: () => Promise<unknown>): Promise<OpenClawError> {
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenClawError);
    return failure as OpenClawError;
  }

  it("refuses a video part, naming it, and sends nothing (stream and run)", async () => {
    const { sim, model } = await kimiCodeOverAnthropic();
    const transport = getTransport("anthropic-messages");
    const call = { model, request: { messages: withVideo }, apiKey: sim.keys.kimiCode };
    const fromStream = await failureOf(async () => {
      for await (const _event of transport.stream({ ...call, stream: true })) void _event;
    });
    const fromRun = await failureOf(async () =>
      transport.run?.({ ...call, stream: false }, () => {}),
    );
    for (const failure of [fromStream, fromRun]) {
      expect(failure.code).toBe("video_not_supported");
      expect(failure.where).toBe("messages[2].content[1]");
      expect(failure.message).toContain('messages[2].content[1] is a "video_url" part');
      expect(failure.message).toContain("kimi-code/kimi-for-coding");
      expect(failure.hint).toContain('api "openai-completions"');
    }
    expect(sim.requests).toEqual([]);
  });

  it("refuses a part of another API in a user message, and a non-text part elsewhere", async () => {
    const { sim, model } = await kimiCodeOverAnthropic();
    const transport = getTransport("anthropic-messages");
    const audio = { type: "input_audio", input_audio: { data: "AAAA", format: "wav" } };
    const cases: [ChatRequest, string, string][] = [
      [
        {
          messages: [
            { role: "user", content: [audio, { type: "text", text: "transcribe" }] },
          ] as unknown as ChatMessage[],
        },
        "messages[0].content[0]",
        'messages[0].content[0] is a "input_audio" part',
      ],
      [
        {
          messages: [
            {
              role: "system",
              content: [{ type: "image_url", image_url: { url: "https://x/a.png" } }],
            },
            { role: "user", content: "hi" },
          ] as unknown as ChatMessage[],
        },
        "messages[0].content[0]",
        'takes only "text" parts',
      ],
    ];
    for (const [request, where, words] of cases) {
      const failure = await failureOf(async () =>
        transport.run?.({ model, request, apiKey: sim.keys.kimiCode, stream: true }, () => {}),
      );
      expect(failure.code).toBe("request.part_unsupported");
      expect(failure.where).toBe(where);
      expect(failure.message).toContain(words);
      expect(failure.hint).toMatch(/type: "text"/);
    }
    expect(sim.requests).toEqual([]);
  });

  it("still sends a user's text and image parts as blocks", async () => {
    const { sim, model } = await kimiCodeOverAnthropic();
    const image = { type: "image_url" as const, image_url: { url: "data:image/png;base64,iVBO" } };
    const events: StreamEvent[] = [];
    await getTransport("anthropic-messages").run?.(
      {
        model,
        request: { messages: [{ role: "user", content: [{ type: "text", text: "see" }, image] }] },
        apiKey: sim.keys.kimiCode,
        stream: false,
      },
      (event) => {
        events.push(event);
      },
    );
    const body = sim.requests[0]?.body as { messages: { content: { type: string }[] }[] };
    expect(body.messages[0]?.content.map((block) => block.type)).toEqual(["text", "image"]);
    expect(textOf(events)).not.toBe("");
  });
});
