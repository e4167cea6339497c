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
    await eventually(
      () => lines.some((line) => line.includes("unexpected error")),
      5000,
      "the log line",
    );
    const logged = lines.filter((line) => line.includes("unexpected error"));
    expect(logged).toEqual([
      "gateway: unexpected error: hook failed for \\u001b]0;owned\\u0007\\nforged: ok",
    ]);

    const completion = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "still there?" }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});
