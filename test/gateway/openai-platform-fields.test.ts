/**
 * OpenAI-platform fields an OpenAI client may send (`service_tier`, `prediction`, `verbosity`,
 * `safety_identifier`) are not sent to Moonshot, whose API documents none of them, and the
 * client is told in x-openclaw-notes of each it would otherwise take as done. Before, they went
 * upstream unsaid. Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** The notes a client reads out of the header: split at commas, each percent-decoded. */
function notesOf(response: Response): string[] {
  const value = response.headers.get("x-openclaw-notes");
  return value === null ? [] : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("OpenAI-platform fields to Moonshot", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const request = (fields: Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    }) as Params;

  it("are not sent, and the client is told of each that asked for something", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create(
        request({
          service_tier: "priority",
          prediction: { type: "content", content: "hello there" },
          verbosity: "low",
          safety_identifier: "user-hash-1",
        }),
      )
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: hi");
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    for (const field of ["service_tier", "prediction", "verbosity", "safety_identifier"])
      expect([field, field in upstream]).toEqual([field, false]);
    const notes = notesOf(response);
    expect(notes).toContain(
      'service_tier "priority" not sent: moonshot/kimi-k2.5 has no service tiers (Moonshot\'s API takes no such field)',
    );
    expect(notes.some((note) => note.startsWith("prediction not sent:"))).toBe(true);
    expect(notes.some((note) => note.startsWith('verbosity "low" not sent:'))).toBe(true);
    expect(notes.some((note) => note.includes("safety_identifier"))).toBe(false);
  });

  it("say nothing of the usual service tier", async () => {
    const { response } = await env
      .client()
      .chat.completions.create(request({ service_tier: "auto" }))
      .withResponse();
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("service_tier");
    expect(notesOf(response).some((note) => note.includes("service_tier"))).toBe(false);
  });
});
