/**
 * `extra_body` written into a request body as a field (Moonshot's Python examples turn thinking
 * off with `extra_body={"thinking": {"type": "disabled"}}`, an argument of the Python client that
 * it merges into the body; copied into JSON it is a field of its own). The gateway passed it on
 * as an unknown field, the provider ignored it and the model thought anyway, unsaid; now it is a
 * 400 naming the field and the fields to move to the top level, on chat completions and on the
 * legacy completions, as OpenAI refuses an argument it does not know; /v1/responses, which
 * refused it as any unknown field ("is not supported"), now says where its fields go.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});
beforeEach(() => {
  env.sim.reset();
});

async function post(path: string, body: Record<string, unknown>) {
  const response = await fetch(`${env.gateway.url}/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    error?: { message: string; param: string | null; code: string };
  };
  return { status: response.status, error: answer.error };
}

const THINKING_OFF = { extra_body: { thinking: { type: "disabled" } } };

describe("extra_body sent as a field of the body", () => {
  it("is a 400 on chat completions naming the fields to send at the top level", async () => {
    const { status, error } = await post("chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...THINKING_OFF,
    });
    expect(status).toBe(400);
    expect(error?.param).toBe("extra_body");
    expect(error?.code).toBe("unsupported_parameter");
    expect(error?.message).toContain(
      "Send thinking at the top level of the body instead, beside model and messages",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("is a 400 on the legacy completions too", async () => {
    const { status, error } = await post("completions", {
      model: "moonshot/kimi-k2.5",
      prompt: "Once upon a time",
      ...THINKING_OFF,
    });
    expect([status, error?.param]).toEqual([400, "extra_body"]);
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("is refused on /v1/responses saying where its fields go", async () => {
    const { status, error } = await post("responses", {
      model: "moonshot/kimi-k2.5",
      input: "hi",
      ...THINKING_OFF,
    });
    expect([status, error?.param]).toEqual([400, "extra_body"]);
    expect(error?.message).toContain("Send thinking at the top level of the body instead");
  });

  it("sent as null is not sent: the request is answered", async () => {
    const { status } = await post("chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      extra_body: null,
    });
    expect(status).toBe(200);
    expect(env.sim.chatRequests()).toHaveLength(1);
  });

  it("thinking sent at the top level turns thinking off, as the refusal says to do", async () => {
    await post("chat/completions", {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...THINKING_OFF.extra_body,
    });
    const sent = env.sim.chatRequests().at(-1)?.body as Record<string, unknown> | undefined;
    expect(sent?.thinking).toEqual({ type: "disabled" });
  });
});
