/**
 * What the gateway writes to its operator's log when something inside it fails: the failure, with
 * any text that came from outside shown escaped, and the gateway still serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("an internal failure after a request was answered", () => {
  let env: GatewayEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: {
        log: (line) => lines.push(line),
        onRequestFinished: (row) => {
          if (row.modelRequested?.includes("\u001b"))
            throw new Error(`hook failed for ${row.modelRequested}`);
        },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is logged once, the client's control characters escaped, and the gateway keeps serving", async () => {
    const hostile = "\u001b]0;owned\u0007\nforged: ok";
    const failed = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: hostile, messages: [{ role: "user", content: "hi" }] }),
    });
    // The answer was complete before the failure, so the client still gets all of it.
    expect(failed.status).toBe(404);
    const body = (await failed.json()) as { error: { code: string } };
    expect(body.error.code).toBe("model_not_found");
    // The failure is the program's hook's: said as its throw, naming it (no longer as an
    // 'unexpected error' of the gateway's own), with the client's text in it escaped all the same.
    await eventually(
      () => lines.some((line) => line.includes("hook failed")),
      5000,
      "the log line",
    );
    const logged = lines.filter((line) => line.includes("hook failed"));
    expect(logged).toEqual([
      "gateway: the onRequestFinished function given to startGateway threw: Error: hook failed for \\u001b]0;owned\\u0007\\nforged: ok; the gateway went on without it\n  hint: fix that function: it is never to throw or reject (this line is said at most once a minute while it keeps failing)",
    ]);

    const completion = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "still there?" }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});

describe("a request sent upstream differently from how the client asked", () => {
  let env: GatewayEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is logged once per model and reason, with the client's text escaped", async () => {
    const client = env.client();
    const ask = (name: string) =>
      client.chat.completions.create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "be creative" }],
        temperature: 1.6,
        tools: [{ type: "function", function: { name, parameters: { type: "object" } } }],
      });
    await ask("9lives");
    await ask("9lives");
    await ask("\u001b[2Jwipe");
    const notes = lines.filter((line) =>
      line.startsWith("gateway: moonshot/kimi-k2-turbo-preview:"),
    );
    expect(notes).toEqual([
      'gateway: moonshot/kimi-k2-turbo-preview: tool names sent in a form moonshot/kimi-k2-turbo-preview takes (a letter first; letters, digits, _ and -), answers mapped back: "9lives" as "fn_9lives" (said once per model)',
      "gateway: moonshot/kimi-k2-turbo-preview: temperature 1.6 lowered to 1, the highest moonshot/kimi-k2-turbo-preview accepts (said once per model)",
      'gateway: moonshot/kimi-k2-turbo-preview: tool names sent in a form moonshot/kimi-k2-turbo-preview takes (a letter first; letters, digits, _ and -), answers mapped back: "\\u001b[2Jwipe" as "fn___2Jwipe" (said once per model)',
    ]);
  });
});
