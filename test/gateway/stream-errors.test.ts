/**
 * Failing runs as a client and an operator see them: an upstream error object that arrives in
 * the same read as the text before it (the client gets that text first, then the error in-band),
 * and a run where every model fails (its retries and fallbacks are still counted and logged).
 */
import Database from "better-sqlite3";
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
        when: { model: "kimi-k2-turbo-preview" },
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
        model: "moonshot/kimi-k2-turbo-preview",
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

describe("a non-streamed request where every model fails", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("counts its retries and fallback, and logs the model it ended on", async () => {
    env.sim.script([{ respond: { error: "server" }, times: Number.POSITIVE_INFINITY }]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(502);
    const metrics = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    expect(metrics).toContain(
      'openclaw_gateway_upstream_retries_total{model="moonshot/kimi-k2.5"} 1',
    );
    expect(metrics).toContain(
      'openclaw_gateway_upstream_fallbacks_total{from="moonshot/kimi-k2.5",to="kimi-code/kimi-for-coding"} 1',
    );
    await env.gateway.ledger?.flush();
    const db = new Database(env.gateway.ledgerPath ?? "", { readonly: true });
    const row = db.prepare("SELECT model_requested, model_used, outcome FROM requests").get();
    db.close();
    expect(row).toEqual({
      model_requested: "openclaw",
      model_used: "kimi-code/kimi-for-coding",
      outcome: "error",
    });
  });
});
