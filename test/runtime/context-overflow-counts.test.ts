/**
 * A request too long for the model fails with its counts as fields (`error.overflow`), whoever
 * refused it: the runtime's own check (its estimate, the window, what is kept for the answer),
 * Moonshot's token limit (its limit and what was requested), Kimi's size limit on the messages
 * (bytes). A library caller reads them without parsing the message, as the gateway does for
 * Anthropic's "prompt is too long: N tokens > M maximum".
 */
import { describe, expect, it } from "vitest";
import type { ContextOverflow } from "../../src/index.js";
import { openRuntime } from "../../src/runtime/index.js";
import { simEnvPerTest } from "./sim-env.js";

const startEnv = simEnvPerTest();

async function setup() {
  const env = await startEnv();
  return { env, ...openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 200 } }) };
}

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }] });

/** What a failed run threw, as a library caller catches it. */
async function failure(run: Promise<unknown>): Promise<{
  code: string;
  message: string;
  overflow: ContextOverflow | undefined;
}> {
  const caught = await run.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(Error);
  return caught as { code: string; message: string; overflow: ContextOverflow | undefined };
}

describe("the counts of a request too long", () => {
  it("the runtime's own check gives its estimate, the window and what is kept for the answer", async () => {
    const { runtime } = await setup();
    const error = await failure(runtime.complete({ request: ask("长".repeat(400_000)) }));
    expect(error.code).toBe("context_too_long");
    const overflow = error.overflow;
    if (overflow?.by !== "estimate") throw new Error(`no estimate: ${JSON.stringify(overflow)}`);
    expect(overflow.promptTokens).toBeGreaterThan(overflow.contextWindow - overflow.keptForAnswer);
    expect(overflow.keptForAnswer).toBeGreaterThan(0);
    // The same numbers the message tells a person.
    const people = (n: number) => new Intl.NumberFormat("en-US").format(n);
    expect(error.message).toContain(`about ${people(overflow.promptTokens)} tokens`);
    expect(error.message).toContain(`context window ${people(overflow.contextWindow)}`);
  });

  it("Moonshot's token limit gives its limit and what the request came to", async () => {
    const { env, runtime } = await setup();
    env.sim.failNext(1, "tokenLimit");
    const error = await failure(runtime.complete({ request: ask("hello") }));
    expect(error.code).toBe("provider.context_length");
    expect(error.overflow).toEqual({
      by: "provider_tokens",
      limitTokens: 262_144,
      requestedTokens: 270_336,
    });
  });

  it("Kimi's size limit on the messages gives the bytes, not tokens", async () => {
    const { env, runtime } = await setup();
    env.sim.failNext(1, {
      status: 400,
      type: "invalid_request_error",
      message: "total message size 2100954 exceeds limit 2097152",
    });
    const error = await failure(runtime.complete({ request: ask("hello") }));
    expect(error.code).toBe("provider.context_length");
    expect(error.overflow).toEqual({
      by: "provider_bytes",
      messageBytes: 2_100_954,
      limitBytes: 2_097_152,
    });
  });

  it("a refusal that is no context-length one has no counts", async () => {
    const { env, runtime } = await setup();
    env.sim.failNext(1, "contentFilter");
    const error = await failure(runtime.complete({ request: ask("hello") }));
    expect(error.overflow).toBeUndefined();
  });
});
