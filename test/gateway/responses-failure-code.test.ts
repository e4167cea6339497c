/**
 * A /v1/responses stream that fails after it began reports the failure twice: an `error` event,
 * then `response.failed`. Both name it by the same code, so a client that reads either one (the
 * official SDKs hand over the `error` event, Codex reads `response.failed`) classifies it alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimRespond } from "../simulator/types.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

interface Event {
  type: string;
  code?: string | null;
  message?: string;
  response?: { error?: { code: string; message: string } };
}

/** The events of a streamed response to the next request, whose upstream answers as `respond`. */
async function streamedEvents(respond: SimRespond): Promise<Event[]> {
  env.sim.script([{ when: { model: "kimi-k2-turbo-preview" }, respond }]);
  const res = await fetch(`${env.baseURL}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2-turbo-preview",
      input: "Tell me something.",
      stream: true,
    }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice("data: ".length)) as Event);
}

const reply = { text: "This answer will not finish properly, whatever it says." };

describe("a Responses stream that fails after it began", () => {
  it.each([
    ["an upstream connection cut", { reply, stream: { chunkChars: 4 }, cutAfterChunks: 3 }],
    ["a rate limit", { reply, midStreamError: { afterChunks: 2, error: "rateLimit" } }],
    ["an overload", { reply, midStreamError: { afterChunks: 2, error: "overloaded" } }],
    ["a server error", { reply, midStreamError: { afterChunks: 2, error: "server" } }],
    ["a too-long conversation", { reply, midStreamError: { afterChunks: 2, error: "tokenLimit" } }],
    ["a used-up balance", { reply, midStreamError: { afterChunks: 2, error: "quota" } }],
  ] satisfies [string, SimRespond][])(
    "names %s by the same code in its error event and in response.failed",
    async (_, respond) => {
      const events = await streamedEvents(respond);
      const [error, failed] = events.slice(-2);
      expect(error?.type).toBe("error");
      expect(failed?.type).toBe("response.failed");
      expect(failed?.response?.error?.code).toMatch(/^[a-z_]+$/);
      expect(error?.code).toBe(failed?.response?.error?.code);
      expect(error?.message).toBe(failed?.response?.error?.message);
    },
  );
});
