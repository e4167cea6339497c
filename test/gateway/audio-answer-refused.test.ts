/**
 * A chat request for an audio answer (`modalities` with "audio", `audio: {voice, format}`) is
 * refused with a 400 naming the field: the gateway answers in text only, and before, the request
 * went upstream and came back as text with no word that no audio was made. Asking for text alone
 * is answered and not sent on. Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

describe("audio answers", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const request = (fields: Partial<Params> | Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "read this aloud" }],
      ...fields,
    }) as Params;

  it("are refused with a 400 naming the field, nothing sent upstream", async () => {
    const sent = env.sim.chatRequests().length;
    const spoken = await apiFailure(
      env
        .client()
        .chat.completions.create(
          request({ modalities: ["text", "audio"], audio: { voice: "alloy", format: "mp3" } }),
        ),
    );
    expect([spoken.status, spoken.param, spoken.code]).toEqual([
      400,
      "modalities",
      "unsupported_value",
    ]);
    expect(spoken.message).toContain('modalities asks for "audio": this gateway answers in text');
    const voice = await apiFailure(
      env.client().chat.completions.create(request({ audio: { voice: "alloy", format: "wav" } })),
    );
    expect([voice.status, voice.param]).toEqual([400, "audio"]);
    const malformed = await apiFailure(
      env.client().chat.completions.create(request({ modalities: "text" })),
    );
    expect([malformed.status, malformed.param, malformed.code]).toEqual([
      400,
      "modalities",
      "invalid_type",
    ]);
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("of text alone are answered, the field not sent on", async () => {
    const answer = await env.client().chat.completions.create(request({ modalities: ["text"] }));
    expect(answer.choices[0]?.message.content).toBe("Echo: read this aloud");
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("modalities");
  });
});
