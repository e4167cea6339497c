/**
 * A streamed /v1/messages answer whose first model accepts the request and fails before its first
 * token: the fallback answers, and message_start (what the Anthropic SDKs take the model from)
 * names that fallback, as the ledger does. A fresh gateway: no key benched by other tests.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

describe("streamed /v1/messages with a fallback", () => {
  it("names the model that answered in message_start when the first failed before its first token", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "x" }, midStreamError: { afterChunks: 1, error: "server" } },
        times: 10,
      },
    ]);
    const stream = client.messages.stream({
      model: "openclaw",
      max_tokens: 128,
      messages: [{ role: "user", content: "hi" }],
    });
    const starts: string[] = [];
    stream.on("streamEvent", (event) => {
      if (event.type === "message_start") starts.push(event.message.model);
    });
    const message = await stream.finalMessage();
    // kimi-k2.5 was called (and accepted the request) before the fallback answered.
    expect(
      env.sim.chatRequests().map((request) => (request.body as { model: string }).model),
    ).toContain("kimi-k2.5");
    expect(starts).toEqual(["kimi-code/kimi-for-coding"]);
    expect(message.model).toBe("kimi-code/kimi-for-coding");
    expect(message.content.at(-1)).toMatchObject({ type: "text" });
    const rows = await ledgerQuery<{ model_used: string; fallback_from: string }>(
      env,
      "SELECT model_used, fallback_from FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({
      model_used: "kimi-code/kimi-for-coding",
      fallback_from: "moonshot/kimi-k2.5",
    });
  });

  it("still sends message_start before the first token when no fallback is left", async () => {
    // The last model of the chain accepts the request, then is silent.
    env.sim.script([
      {
        when: { model: "kimi-for-coding" },
        respond: { reply: { text: "Done." }, chunkDelayMs: 5000 },
      },
    ]);
    const controller = new AbortController();
    const response = await fetch(`${env.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": GATEWAY_TOKEN, "content-type": "application/json" },
      body: JSON.stringify({
        model: "kimi-code/kimi-for-coding",
        max_tokens: 64,
        stream: true,
        messages: [{ role: "user", content: "Think quietly" }],
      }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
    expect(seen).toMatch(/^event: message_start\ndata: .*"model":"kimi-code\/kimi-for-coding"/);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
