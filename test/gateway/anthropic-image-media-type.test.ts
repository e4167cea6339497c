/**
 * A base64 image on /v1/messages goes upstream as a data URL naming its media type, which the
 * upstream reads the image by. Anthropic refuses a base64 source without `media_type`, one of a
 * type it does not take, and one whose bytes are another format; the gateway refuses them too,
 * naming the field in the client's indexing and the type the bytes are, and sends nothing upstream.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

/** The first bytes of a PNG and of a JPEG file, base64-encoded. */
const PNG = "iVBORw0KGgoAAAANSUhEUg==";
const JPEG = "/9j/4AAQSkZJRgABAQ==";

/** A user turn of text and then an image whose base64 source is `source`. */
function withImage(source: Record<string, unknown>): Anthropic.MessageParam[] {
  return [
    {
      role: "user",
      content: [
        { type: "text", text: "What is in this?" },
        { type: "image", source: { type: "base64", ...source } as Anthropic.Base64ImageSource },
      ],
    },
  ];
}

/** The 400's message for `messages`, checking that it is Anthropic's invalid_request_error. */
async function refusal(messages: Anthropic.MessageParam[]): Promise<string> {
  const before = env.sim.chatRequests().length;
  const error = await client.messages
    .create({ model: "moonshot/kimi-k2.5", max_tokens: 64, messages })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
    type: string;
    error: { type: string; message: string };
  };
  expect(body.type).toBe("error");
  expect(body.error.type).toBe("invalid_request_error");
  expect(env.sim.chatRequests().length).toBe(before);
  return body.error.message;
}

describe("a base64 image's media_type on /v1/messages", () => {
  it("refuses a source without media_type, naming the field and the type its bytes are", async () => {
    const message = await refusal(withImage({ data: PNG }));
    expect(message).toMatch(/^messages\[0\]\.content\[1\]\.source\.media_type is required /);
    expect(message).toContain('send "image/png"');
  });

  it("refuses a media_type the bytes contradict, saying which type to set", async () => {
    const message = await refusal(withImage({ media_type: "image/png", data: JPEG }));
    expect(message).toBe(
      'messages[0].content[1].source.data is a JPEG image, but messages[0].content[1].source.media_type says "image/png": set media_type to "image/jpeg"',
    );
  });

  it("refuses a media type Anthropic does not take, listing those it does", async () => {
    const message = await refusal(withImage({ media_type: "image/jpg", data: JPEG }));
    expect(message).toMatch(
      /^messages\[0\]\.content\[1\]\.source\.media_type "image\/jpg" is not /,
    );
    expect(message).toContain('"image/jpeg", "image/png", "image/gif" or "image/webp"');
    expect(message).toContain('send "image/jpeg"');
  });

  it("names a tool result's image where the client put it", async () => {
    const message = await refusal([
      { role: "user", content: "What time is it?" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "functions.look:0", name: "look", input: {} }],
      },
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: "functions.look:0",
            content: [
              {
                type: "image",
                source: { type: "base64", data: JPEG } as Anthropic.Base64ImageSource,
              },
            ],
          },
        ],
      },
    ]);
    expect(message).toMatch(
      /^messages\[2\]\.content\[0\]\.content\[0\]\.source\.media_type is required .*send "image\/jpeg"/,
    );
  });

  it("sends a media_type that matches its bytes, and one whose bytes tell no format, as given", async () => {
    for (const [mediaType, data] of [
      ["image/jpeg", JPEG],
      ["image/webp", "AAAAAAAA"],
    ] as const) {
      await client.messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: withImage({ media_type: mediaType, data }),
      });
      const upstream = env.sim.chatRequests().at(-1)?.body as {
        messages: { content: { type: string; image_url?: { url: string } }[] }[];
      };
      expect(upstream.messages.at(-1)?.content[1]?.image_url?.url).toBe(
        `data:${mediaType};base64,${data}`,
      );
    }
  });
});
