/**
 * The official `openai` client through the gateway to a provider with api anthropic-messages:
 * `user` arrives as metadata.user_id, a field of the client's own as it is, and an OpenAI field
 * the Messages format has no room for is left out and named in x-openclaw-notes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

describe("the openai client's extra fields over api anthropic-messages", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("sends user as metadata.user_id and the client's own field, and notes seed", async () => {
    const params = {
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user" as const, content: "hi" }],
      user: "client-7",
      seed: 3,
      x_route: "a",
    };
    const { data, response } = await env.client().chat.completions.create(params).withResponse();
    expect(data.choices[0]?.message.content).toBe("You said: hi");
    const sent = env.sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent[sent.length - 1]?.body as Record<string, unknown>;
    expect(body.metadata).toEqual({ user_id: "client-7" });
    expect(body.x_route).toBe("a");
    expect(body).not.toHaveProperty("user");
    expect(body).not.toHaveProperty("seed");
    expect(notesOf(response.headers)).toContain(
      'seed 3 not sent: kimi-code/kimi-for-coding is called over Anthropic\'s Messages format (api "anthropic-messages"), which has no such field',
    );
  });

  it("sends safety_identifier, when no user is given, as metadata.user_id", async () => {
    const params = {
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user" as const, content: "hi" }],
      safety_identifier: "end-user-42",
    };
    const { data, response } = await env.client().chat.completions.create(params).withResponse();
    expect(data.choices[0]?.message.content).toBe("You said: hi");
    const sent = env.sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent[sent.length - 1]?.body as Record<string, unknown>;
    expect(body.metadata).toEqual({ user_id: "end-user-42" });
    expect(body).not.toHaveProperty("safety_identifier");
    expect(notesOf(response.headers).join("\n")).not.toContain("safety_identifier");
  });

  it("sends user over safety_identifier when a client gives both", async () => {
    const params = {
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user" as const, content: "hi" }],
      user: "client-9",
      safety_identifier: "end-user-43",
    };
    await env.client().chat.completions.create(params);
    const sent = env.sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent[sent.length - 1]?.body as Record<string, unknown>;
    expect(body.metadata).toEqual({ user_id: "client-9" });
    expect(body).not.toHaveProperty("safety_identifier");
  });
});
