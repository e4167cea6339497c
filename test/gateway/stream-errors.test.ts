/**
 * An upstream error object that arrives in the same read as the text before it: the client must
 * get that text first, then the error in-band (as OpenAI streams report late failures).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a stream that fails after some text", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("delivers the text received before the error, then the error", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { text: "Hello there, my friend" },
          stream: { chunkChars: 6 },
          midStreamError: { afterChunks: 3, error: "server" },
        },
      },
    ]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
    const text = events
      .map((event) => {
        const choices = event.choices as Array<{ delta?: { content?: string } }> | undefined;
        return choices?.[0]?.delta?.content ?? "";
      })
      .join("");
    expect(text.length).toBeGreaterThan(0);
    expect("Hello there, my friend".startsWith(text)).toBe(true);
    // The error is the last event, after the text.
    expect(events.at(-1)).toHaveProperty("error");
    expect(events.slice(0, -1).some((event) => "error" in event)).toBe(false);
  });
});
