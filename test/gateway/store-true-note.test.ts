/**
 * `store: true` asks OpenAI to keep the completion, to be read back at
 * /v1/chat/completions/{id}. The gateway keeps none and has none kept upstream; x-openclaw-notes
 * now says so on the answer itself, where before only a later read's 404 did. Official client,
 * simulator, real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

describe("store: true on a chat completion", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const ask = async (store: boolean) => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
        store,
        metadata: { run: "eval-7" },
      })
      .withResponse();
    return {
      text: data.choices[0]?.message.content,
      notes: notesOf(response.headers).filter((note) => note.startsWith("store")),
    };
  };

  it("is answered, and the note says the completion is not kept", async () => {
    expect(await ask(true)).toEqual({
      text: "Echo: hi",
      notes: [
        "store true not applied: the gateway keeps no chat completion and has none kept upstream, so GET /v1/chat/completions/{id} cannot read this one back; keep the answer on the client's side, or use POST /v1/responses, whose responses are kept for an hour",
      ],
    });
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("store");
  });

  it("says nothing for store: false", async () => {
    expect(await ask(false)).toEqual({ text: "Echo: hi", notes: [] });
  });
});
