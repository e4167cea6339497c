/**
 * An upstream that fails after its stream began, on a Responses stream: the `error` event and
 * `response.failed` carry the class of the failure the chat-completions stream reports for the
 * same fault, in the Responses API's own codes — a rate limit, an overloaded engine, a server
 * error, a context window passed, a used-up balance each told apart — so a client (Codex, the
 * openai SDK's reader) can act on it as on the chat route's error chunk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimErrorName } from "../simulator/errors.js";
import { sseEvents } from "./anthropic-grammar.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-turbo-preview";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

type Obj = Record<string, unknown>;

async function post(path: string, body: Obj): Promise<string> {
  const response = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** Scripts the next request's stream to break with `fault` after two events. */
function breakNextStream(fault: SimErrorName): void {
  env.sim.script([
    {
      respond: {
        reply: { text: "The first words of an answer that breaks off" },
        midStreamError: { afterChunks: 2, error: fault },
      },
    },
  ]);
}

/** The chat-completions stream's closing error chunk: its type and code. */
async function chatFailure(fault: SimErrorName): Promise<{ type: unknown; code: unknown }> {
  breakNextStream(fault);
  const text = await post("/chat/completions", {
    model: MODEL,
    stream: true,
    messages: [{ role: "user", content: "hi" }],
  });
  const chunks = text
    .split("\n\n")
    .map((frame) => frame.replace(/^data: /, ""))
    .filter((data) => data.startsWith("{"))
    .map((data) => JSON.parse(data) as { error?: { type: unknown; code: unknown } });
  const error = chunks.at(-1)?.error;
  return { type: error?.type, code: error?.code };
}

/** The Responses stream's `error` event code and its `response.failed` error code. */
async function responsesFailure(fault: SimErrorName): Promise<{ error: unknown; failed: unknown }> {
  breakNextStream(fault);
  const events = sseEvents(await post("/responses", { model: MODEL, stream: true, input: "hi" }));
  const error = events.find((event) => event.type === "error");
  const failed = events.find((event) => event.type === "response.failed")?.response as
    | { error?: { code?: unknown } }
    | undefined;
  expect(events.at(-1)?.type).toBe("response.failed");
  return { error: error?.code, failed: failed?.error?.code };
}

describe("a failure after a Responses stream began", () => {
  it.each([
    ["rateLimit", "rate_limit_error", "rate_limit_exceeded", "rate_limit_exceeded"],
    ["overloaded", "rate_limit_error", "engine_overloaded_error", "server_is_overloaded"],
    ["unavailable", "rate_limit_error", "engine_overloaded_error", "server_is_overloaded"],
    ["server", "upstream_error", "server_error", "server_error"],
    ["quota", "insufficient_quota", "insufficient_quota", "insufficient_quota"],
  ] as const)(
    "%s: chat says %s/%s, the Responses stream %s",
    async (fault, type, code, responsesCode) => {
      expect(await chatFailure(fault)).toEqual({ type, code });
      expect(await responsesFailure(fault)).toEqual({
        error: responsesCode,
        failed: responsesCode,
      });
    },
  );

  it("tells a context window passed apart, as the chat stream does", async () => {
    expect((await chatFailure("tokenLimit")).code).toBe("context_length_exceeded");
    expect(await responsesFailure("tokenLimit")).toEqual({
      error: "context_length_exceeded",
      failed: "context_length_exceeded",
    });
  });
});
