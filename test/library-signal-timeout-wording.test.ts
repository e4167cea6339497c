/**
 * A run whose signal timed out (`AbortSignal.timeout(ms)`: its reason a DOMException named
 * TimeoutError) while the provider was slow to answer: every link of the error's cause chain says
 * a time limit passed, none that the caller cancelled, and the chain still ends at the signal's
 * own reason, the same object (the guide's "Cancelling"). A plain abort() still says cancelled.
 * Chat completions (before the answer and mid-stream) and anthropic-messages alike. A runAgent
 * run past its own timeouts.totalMs (a deadline of the whole call) says no cancel either.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, ProviderError, type Runtime, runAgentToEnd } from "../src/index.js";
import { eventually } from "./helpers/wait.js";
import { type SimEnv, startSimEnv } from "./runtime/sim-env.js";

let env: SimEnv;
let runtime: Runtime;
let messagesStateDir: string;
let messagesRuntime: Runtime;
/** Node's own reason for a signal of AbortSignal.timeout whose time passed. */
let timedOut: unknown;
beforeAll(async () => {
  env = await startSimEnv();
  runtime = openRuntime({ env: env.env }).runtime;
  messagesStateDir = mkdtempSync(join(tmpdir(), "openclaw-signal-timeout-"));
  messagesRuntime = openRuntime({
    env: {
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: messagesStateDir,
      OPENCLAW_HOME: messagesStateDir,
    },
    config: {
      agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
      models: {
        mode: "merge" as const,
        providers: {
          "kimi-code": {
            api: "anthropic-messages",
            baseUrl: `${env.sim.url}/coding`,
            apiKey: env.sim.keys.kimiCode,
          },
        },
      },
    },
  }).runtime;
  const limit = AbortSignal.timeout(1);
  await eventually(() => limit.aborted, 5000, "AbortSignal.timeout(1) to pass");
  timedOut = limit.reason;
});
afterAll(async () => {
  await env.close();
  rmSync(messagesStateDir, { recursive: true, force: true });
});

const hi = { messages: [{ role: "user" as const, content: "hi" }] };
const upstream = () => env.sim.requests.length;

/** Every error down the cause chain, the signal's reason last. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
}

/**
 * The error a held request of `run` rejects with when its signal is aborted with `reason` once
 * the request is upstream (the reason of a real AbortSignal.timeout, handed on by a controller
 * so that it fires after the request left, however loaded the machine).
 */
async function stoppedUpstream(
  run: (signal: AbortSignal) => Promise<unknown>,
  reason: unknown,
): Promise<unknown> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  env.sim.script([{ respond: { heldUntil: held } }]);
  const before = upstream();
  const controller = new AbortController();
  const stopped = run(controller.signal).catch((thrown: unknown) => thrown);
  await eventually(() => upstream() > before, 5000, "the request upstream");
  controller.abort(reason);
  const error = await stopped;
  release();
  return error;
}

/** The chain of a run its signal's time limit stopped, checked link by link. */
function expectTimedOut(error: unknown, transportSays: string): void {
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).code).toBe("provider.timeout");
  const chain = causes(error);
  expect(chain.at(-1)).toBe(timedOut);
  const links = chain.slice(0, -1) as ProviderError[];
  for (const link of links) {
    expect(link.code, link.message).toBe("provider.timeout");
    expect(link.message).not.toMatch(/cancel/);
    expect(link.hint).not.toMatch(/cancel/);
  }
  const transport = links.at(-1) as ProviderError;
  expect(transport.message).toContain(transportSays);
  expect(transport.message).toContain(
    "timed out for model kimi-k2.5: the time limit of the caller's signal (AbortSignal.timeout) passed",
  );
  expect(transport.hint).toContain("AbortSignal.timeout");
}

describe("a run stopped by its signal's time limit says it timed out", () => {
  it("chat completions, before the answer came", async () => {
    const error = await stoppedUpstream(
      (signal) => runtime.complete({ request: hi, signal }),
      timedOut,
    );
    expectTimedOut(error, "moonshot (");
  });

  it("chat completions, in the middle of a streamed answer", async () => {
    env.sim.script([
      {
        respond: {
          chunkDelayMs: 300,
          reply: { text: "a slow answer that takes a while to arrive" },
          stream: { chunkChars: 2 },
        },
      },
    ]);
    const controller = new AbortController();
    let text = "";
    const error = await (async () => {
      for await (const event of runtime.stream({
        model: "moonshot/kimi-k2-turbo-preview",
        request: hi,
        signal: controller.signal,
      })) {
        if (event.type === "text") {
          text += event.delta;
          controller.abort(timedOut);
        }
      }
    })().catch((thrown: unknown) => thrown);
    expect(text).not.toBe("");
    expect((error as ProviderError).code).toBe("provider.timeout");
    expect(causes(error).at(-1)).toBe(timedOut);
    for (const link of causes(error).slice(0, -1) as ProviderError[]) {
      expect(link.code, link.message).toBe("provider.timeout");
      expect(link.message).not.toMatch(/cancel/);
    }
  });

  it("anthropic-messages, before the answer came", async () => {
    const error = await stoppedUpstream(
      (signal) => messagesRuntime.complete({ request: hi, signal }),
      timedOut,
    );
    expect((error as ProviderError).code).toBe("provider.timeout");
    expect(causes(error).at(-1)).toBe(timedOut);
    const transport = causes(error).at(-2) as ProviderError;
    expect(transport.code).toBe("provider.timeout");
    expect(transport.message).toContain(
      "timed out for model kimi-for-coding: the time limit of the caller's signal (AbortSignal.timeout) passed",
    );
  });

  it("a real AbortSignal.timeout on a held answer: no link says the caller cancelled", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    env.sim.script([{ respond: { heldUntil: held } }]);
    const signal = AbortSignal.timeout(200);
    const error = await runtime.complete({ request: hi, signal }).catch((thrown) => thrown);
    release();
    expect((error as ProviderError).code).toBe("provider.timeout");
    expect(causes(error).at(-1)).toBe(signal.reason);
    for (const link of causes(error).slice(0, -1) as ProviderError[])
      expect(link.message).not.toMatch(/cancel/);
  });

  it("a plain abort() still says the caller cancelled", async () => {
    const error = await stoppedUpstream(
      (signal) => runtime.complete({ request: hi, signal }),
      undefined,
    );
    expect((error as ProviderError).code).toBe("provider.cancelled");
    expect((error as ProviderError).name).toBe("AbortError");
    const chain = causes(error);
    expect((chain.at(-1) as Error).name).toBe("AbortError");
    const transport = chain.at(-2) as ProviderError;
    expect(transport.code).toBe("provider.cancelled");
    expect(transport.message).toContain("cancelled by the caller");
  });
});

describe("runAgent past its own timeouts.totalMs", () => {
  it("says the whole call timed out, and no link of its cause chain says cancelled", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    env.sim.script([{ respond: { heldUntil: held } }]);
    const error = await runAgentToEnd({
      runtime,
      messages: hi.messages,
      timeouts: { totalMs: 300 },
    }).catch((thrown: unknown) => thrown);
    release();
    expect((error as ProviderError).code).toBe("provider.timeout");
    expect((error as ProviderError).message).toBe(
      "no complete answer from moonshot/kimi-k2.5 within 300 ms (the whole call, retries included)",
    );
    for (const link of causes(error) as ProviderError[]) {
      expect(link.message).not.toMatch(/cancel/);
      expect(link.hint ?? "").not.toMatch(/cancel|nothing to fix/);
    }
  });
});
