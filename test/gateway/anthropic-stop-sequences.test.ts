/**
 * `stop_sequences` on /v1/messages go upstream as the chat `stop`, of which Moonshot takes at most
 * 5 of at most 32 bytes each (the simulator refuses more, as the API documents): beyond that the
 * first that fit go and the gateway holds the rest (held-stops-every-route.test.ts). A request
 * Anthropic would refuse (an empty sequence, a string for the list) is refused by the gateway in
 * Anthropic's format, naming `stop_sequences`, and not sent on.
 * An empty list, which Anthropic takes, is answered with no `stop` sent upstream.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

function ask(stopSequences: unknown): Promise<Anthropic.Message> {
  return client.messages.create({
    model: "moonshot/kimi-k2.5",
    max_tokens: 64,
    stop_sequences: stopSequences as string[],
    messages: [{ role: "user", content: "Count to ten" }],
  });
}

/** The 400's message for `stopSequences`, checking its format and that nothing went upstream. */
async function refusal(stopSequences: unknown): Promise<string> {
  const before = env.sim.chatRequests().length;
  const error = await ask(stopSequences).then(
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

describe("stop_sequences on /v1/messages", () => {
  it("sends 5 of 6 upstream and holds the sixth, where the upstream takes 5", async () => {
    const answer = await ask(["1", "2", "3", "4", "5", "6"]);
    expect(answer.type).toBe("message");
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop: ["1", "2", "3", "4", "5"] });
  });

  it("holds a sequence over 32 bytes, counted in UTF-8 as the upstream counts", async () => {
    const answer = await ask(["END", "é".repeat(17)]);
    expect(answer.type).toBe("message");
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop: ["END"] });
  });

  it("refuses an empty sequence, as Anthropic does, and a string where the list goes", async () => {
    expect(await refusal(["END", ""])).toMatch(/^stop_sequences\[1\] is empty: /);
    expect(await refusal("END")).toMatch(
      /^stop_sequences must be an array of strings, got a string/,
    );
  });

  it("sends no stop upstream for an empty list, which Anthropic takes, and answers", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      stop_sequences: [],
      messages: [{ role: "user", content: "Count to ten" }],
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type: string }).type).toBe("message");
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("stop");
    expect(notesOf(response.headers).join("\n")).not.toMatch(/stop/);
  });

  it("sends 5 sequences of up to 32 bytes upstream as they came, a newline among them", async () => {
    const stop = ["END", "\n", "é".repeat(16), "x".repeat(32), "Ω"];
    await ask(stop);
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop });
  });
});
