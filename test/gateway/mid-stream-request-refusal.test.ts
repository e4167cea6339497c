/**
 * An upstream that refuses the request as invalid (`invalid_request_error`) after its stream
 * began: the chat stream's error chunk and the Responses stream's `error` event and
 * `response.failed` tell a refused request, in the provider's words and with its class, not a
 * server error (which a client would wait out and send again unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_ERRORS } from "../simulator/errors.js";
import { sseEvents } from "./anthropic-grammar.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-turbo-preview";
const UPSTREAM_WORDS = SIM_ERRORS.invalidRequest.message;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

async function streamed(path: string, body: Record<string, unknown>): Promise<string> {
  env.sim.script([
    {
      respond: {
        reply: { text: "The first words of an answer that breaks off" },
        midStreamError: { afterChunks: 2, error: "invalidRequest" },
      },
    },
  ]);
  const res = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ ...body, model: MODEL, stream: true }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe("an invalid_request_error after the stream began", () => {
  it("ends a chat stream with an error chunk of the request's class, not a server error", async () => {
    const text = await streamed("/chat/completions", {
      messages: [{ role: "user", content: "hi" }],
    });
    const last = text
      .split("\n\n")
      .map((frame) => frame.replace(/^data: /, ""))
      .filter((data) => data.startsWith("{"))
      .at(-1);
    const { error } = JSON.parse(last ?? "{}") as {
      error: { type: string; code: string; message: string };
    };
    expect(error.type).toBe("invalid_request_error");
    expect(error.code).toBe("invalid_request_error");
    expect(error.message).toContain(UPSTREAM_WORDS);
    expect(error.message).toContain("rejected the request");
    expect(error.message).not.toMatch(/server error/i);
  });

  it("ends a Responses stream with an error event and response.failed that are no server error", async () => {
    const events = sseEvents(await streamed("/responses", { input: "hi" }));
    const error = events.find((event) => event.type === "error");
    const failed = events.find((event) => event.type === "response.failed")?.response as
      | { error?: { code?: string; message?: string } }
      | undefined;
    expect(failed?.error?.code).toBe("invalid_prompt");
    expect(error?.code).toBe("invalid_prompt");
    expect(failed?.error?.message).toContain(UPSTREAM_WORDS);
    expect(failed?.error?.message).toContain("rejected the request");
    expect(failed?.error?.message).not.toMatch(/server error/i);
    expect(error?.message).toBe(failed?.error?.message);
  });
});
