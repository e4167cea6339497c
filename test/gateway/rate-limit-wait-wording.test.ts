/**
 * A rate limit's wait in the words OpenAI clients read it from. Codex CLI (and other Responses
 * clients) take the delay of a failed response whose code is `rate_limit_exceeded` from its
 * message, "Please try again in 11.054s." / "in 28ms" / "in 35 seconds", not from a header;
 * Moonshot says "please try again after 1 seconds", which they do not read. The gateway adds
 * OpenAI's sentence with the wait it sends as Retry-After, and keeps Moonshot's own words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimErrorName } from "../simulator/errors.js";
import { sseEvents } from "./anthropic-grammar.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

/**
 * What Codex accepts as a wait, as its source describes it: "try again in" in any case, optional
 * blanks, a number with an optional fraction, optional blanks, then `s`, `ms`, `second` or
 * `seconds`. The first group is the number, the second its unit.
 */
const CODEX_WAIT = /try again in\s*(\d+(?:\.\d+)?)\s*(s|ms|seconds?)/i;

const MODEL = "moonshot/kimi-k2-turbo-preview";
const MOONSHOT_WORDS = "please try again after 1 seconds";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

type Obj = Record<string, unknown>;

function post(path: string, body: Obj): Promise<Response> {
  return fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The wait in seconds Codex would read from `message`. */
function codexWaitSec(message: unknown): number | undefined {
  const match = CODEX_WAIT.exec(String(message));
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2]?.toLowerCase() === "ms" ? amount / 1000 : amount;
}

function failEveryRequest(fault: SimErrorName): void {
  env.sim.script([
    { when: { model: "kimi-k2-turbo-preview" }, respond: { error: fault }, times: 1_000 },
  ]);
}

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

const BODIES: Record<"/responses" | "/chat/completions", Obj> = {
  "/responses": { model: MODEL, input: "hi" },
  "/chat/completions": { model: MODEL, messages: [{ role: "user", content: "hi" }] },
};

describe("a rate limit answered whole", () => {
  it.each([
    ["/responses", "rateLimit"],
    ["/responses", "rateLimitRpm"],
    ["/chat/completions", "rateLimit"],
    ["/chat/completions", "rateLimitRpm"],
  ] as const)("%s (%s) says the Retry-After wait as OpenAI does", async (path, fault) => {
    failEveryRequest(fault);
    const res = await post(path, BODIES[path]);
    env.sim.reset();
    expect(res.status).toBe(429);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(codexWaitSec(error.message)).toBe(Number(res.headers.get("retry-after")));
    expect(error.message).toContain(MOONSHOT_WORDS);
  });

  it("adds no wait to an overload, which nobody asks to wait out", async () => {
    failEveryRequest("overloaded");
    const res = await post("/responses", BODIES["/responses"]);
    env.sim.reset();
    const { error } = (await res.json()) as { error: { message: string } };
    expect(codexWaitSec(error.message)).toBeUndefined();
  });
});

describe("a rate limit after the stream began", () => {
  it("is told in the Responses stream's error event and response.failed with Codex's code and wait", async () => {
    breakNextStream("rateLimit");
    const res = await post("/responses", { ...BODIES["/responses"], stream: true });
    expect(res.status).toBe(200);
    const events = sseEvents(await res.text());
    const error = events.find((event) => event.type === "error");
    const failedResponse = events.find((event) => event.type === "response.failed")?.response as
      | { error: { code: string; message: string } }
      | undefined;
    const failed = failedResponse?.error ?? { code: "", message: "" };
    expect(failed.code).toBe("rate_limit_exceeded");
    expect(codexWaitSec(failed.message)).toBe(1);
    expect(failed.message).toContain(MOONSHOT_WORDS);
    expect(error?.message).toBe(failed.message);
  });

  it("is told in the chat stream's error chunk with the wait", async () => {
    breakNextStream("rateLimit");
    const res = await post("/chat/completions", { ...BODIES["/chat/completions"], stream: true });
    const last = (await res.text())
      .split("\n\n")
      .map((frame) => frame.replace(/^data: /, ""))
      .filter((data) => data.startsWith("{"))
      .at(-1);
    const { error } = JSON.parse(last ?? "{}") as { error: { type: string; message: string } };
    expect(error.type).toBe("rate_limit_error");
    expect(codexWaitSec(error.message)).toBe(1);
    expect(error.message).toContain(MOONSHOT_WORDS);
  });
});
