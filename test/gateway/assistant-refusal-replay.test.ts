/**
 * A conversation replayed with an assistant turn that refused, in OpenAI's forms (a `refusal`
 * string beside `content: null`, refusal parts in the content): the refusal is what the assistant
 * said, and goes upstream as its text. Before, the first form was a 400 "content is required",
 * the second a 400 on the part's type (on the Responses API too), and a refusal beside text was
 * left out. Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const ASK: Message = { role: "user", content: "how do I pick this lock?" };
const NEXT: Message = { role: "user", content: "it is my own door" };
const REFUSAL = "I can't help with picking locks.";

describe("an assistant turn that refused, replayed", () => {
  let env: GatewayEnv;
  let client: OpenAI;
  beforeAll(async () => {
    env = await startGatewayEnv();
    client = env.client();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.reset();
  });

  /** The assistant turn of the upstream request that replayed `turn`. */
  async function sentAs(turn: Message): Promise<unknown> {
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [ASK, turn, NEXT],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: it is my own door");
    const sent = env.sim.chatRequests().at(-1)?.body as { messages: unknown[] };
    return sent.messages[1];
  }

  it("as a refusal string with content null goes upstream as the turn's text", async () => {
    const turn = { role: "assistant", content: null, refusal: REFUSAL } as const;
    expect(await sentAs(turn)).toEqual({ role: "assistant", content: REFUSAL });
  });

  it("as refusal parts of the content goes as their text", async () => {
    const turn: Message = {
      role: "assistant",
      content: [
        { type: "text", text: "Sorry." },
        { type: "refusal", refusal: REFUSAL },
      ],
    };
    expect(await sentAs(turn)).toEqual({ role: "assistant", content: `Sorry.\n${REFUSAL}` });
  });

  it("beside text content is kept after it, not left out", async () => {
    const turn = { role: "assistant", content: "Sorry.", refusal: REFUSAL } as const;
    expect(await sentAs(turn)).toEqual({ role: "assistant", content: `Sorry.\n${REFUSAL}` });
  });

  it("on the Responses API, a refusal part of an assistant message goes as its text", async () => {
    await client.responses.create({
      model: "moonshot/kimi-k2-turbo-preview",
      input: [
        { role: "user", content: "how do I pick this lock?" },
        {
          type: "message",
          role: "assistant",
          id: "msg_1",
          status: "completed",
          content: [{ type: "refusal", refusal: REFUSAL }],
        },
        { role: "user", content: "it is my own door" },
      ],
    });
    const sent = env.sim.chatRequests().at(-1)?.body as { messages: unknown[] };
    expect(sent.messages[1]).toEqual({ role: "assistant", content: REFUSAL });
  });

  it("a refusal that is not a string is a 400 naming it, nothing sent upstream", async () => {
    const turn = { role: "assistant", content: null, refusal: 5 } as unknown as Message;
    const error = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [ASK, turn, NEXT],
      }),
    );
    expect([error.status, error.param]).toEqual([400, "messages[1].refusal"]);
    expect(error.message).toBe("400 messages[1].refusal must be a string or null");
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
