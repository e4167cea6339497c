/**
 * Content parts an `openai` client sends that no provider here takes, or in another API's form:
 * the 400 names the part and says what to send instead. Before, an image_url given as the URL
 * string was told its (absent) `url` must be a string, and a file part (OpenAI reads PDFs in one)
 * only that its type must be text or image_url; an audio part, and /v1/responses' input_file and
 * input_audio parts, only what their type must be. A file part holding an image (LlamaIndex's
 * form of an image) was refused with the PDF advice; it is read as the image it is. Official
 * client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Part = OpenAI.Chat.Completions.ChatCompletionContentPart;

const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

describe("a user message's content part", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const refusalOf = (part: unknown) =>
    apiFailure(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [
          { role: "user", content: [{ type: "text", text: "what is this?" }, part as Part] },
        ],
      }),
    );

  it("an image_url given as the URL itself is a 400 saying it goes in {url}", async () => {
    const error = await refusalOf({ type: "image_url", image_url: PNG });
    expect([error.status, error.param]).toEqual([400, "messages[0].content[1].image_url"]);
    expect(error.message).toBe(
      '400 messages[0].content[1].image_url must be an object with the image\'s URL or data URL as its url ({"url": …}), got a string',
    );
  });

  it("a file part (a PDF) is a 400 saying to send the file's text", async () => {
    const error = await refusalOf({
      type: "file",
      file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQK" },
    });
    expect([error.status, error.param]).toEqual([400, "messages[0].content[1].type"]);
    expect(error.message).toBe(
      '400 messages[0].content[1].type must be "text", "image_url" or "video_url", got "file": a file part (a PDF, say) is not read here, so put the file\'s text in a text part',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("an input_audio part is a 400 saying to send a transcript", async () => {
    const error = await refusalOf({
      type: "input_audio",
      input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" },
    });
    expect([error.status, error.param]).toEqual([400, "messages[0].content[1].type"]);
    expect(error.message).toBe(
      '400 messages[0].content[1].type must be "text", "image_url" or "video_url", got "input_audio": audio is not heard here, so put a transcript of it in a text part',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("on /v1/responses, an input_file or input_audio part is a 400 saying what to send", async () => {
    const responsesRefusalOf = (part: unknown) =>
      apiFailure(
        env.client().responses.create({
          model: "moonshot/kimi-k2.5",
          input: [
            {
              role: "user",
              content: [
                { type: "input_text", text: "what is this?" },
                part as OpenAI.Responses.ResponseInputContent,
              ],
            },
          ],
        }),
      );
    const file = await responsesRefusalOf({
      type: "input_file",
      filename: "report.pdf",
      file_data: "data:application/pdf;base64,JVBERi0xLjQK",
    });
    expect([file.status, file.param]).toEqual([400, "input[0].content[1].type"]);
    expect(file.message).toBe(
      '400 input[0].content[1].type must be "input_text", "output_text", "refusal" or "input_image", got "input_file": an input_file part (a PDF, say) is not read here, so put the file\'s text in an input_text part',
    );
    const audio = await responsesRefusalOf({
      type: "input_audio",
      input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" },
    });
    expect(audio.message).toBe(
      '400 input[0].content[1].type must be "input_text", "output_text", "refusal" or "input_image", got "input_audio": audio is not heard here, so put a transcript of it in an input_text part',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("a file part holding an image, as LlamaIndex sends one, goes upstream as an image_url part", async () => {
    // LlamaIndex's OpenAI class sends an image given as data and a media type this way.
    const file = { type: "file", file: { file_data: PNG, filename: "image-1.png" } };
    const answer = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [
        { role: "user", content: [{ type: "text", text: "what is this?" }, file as Part] },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: what is this?[image]");
    const sent = env.sim.chatRequests().at(-1)?.body as { messages: { content: unknown }[] };
    expect(sent.messages[0]?.content).toEqual([
      { type: "text", text: "what is this?" },
      { type: "image_url", image_url: { url: PNG } },
    ]);
  });

  it("a file part holding an image, for a model that takes no images, is refused as an image", async () => {
    const error = await apiFailure(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [
          {
            role: "user",
            content: [{ type: "file", file: { file_data: PNG, filename: "image-1.png" } }],
          },
        ],
      }),
    );
    expect([error.status, error.param]).toEqual([400, "messages[0].content[0].image_url"]);
    expect(error.message).toContain("moonshot/kimi-k2-turbo-preview does not accept images");
  });

  it("an image_url object goes upstream as sent", async () => {
    await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: PNG } }] }],
    });
    const sent = env.sim.chatRequests().at(-1)?.body as { messages: { content: unknown }[] };
    expect(sent.messages[0]?.content).toEqual([{ type: "image_url", image_url: { url: PNG } }]);
  });
});
