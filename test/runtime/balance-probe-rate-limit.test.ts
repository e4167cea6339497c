/**
 * A key benched for a used-up balance is tried again (probed) 30 s on. When the provider answers
 * that probe with a 429 rate limit or overload instead of the balance refusal, it took the key
 * and checked its balance: the balance is back and the key only busy. The key is no longer
 * benched and is called again as after any rate limit, not skipped until its next probe (before,
 * it stayed benched, its skip saying the probe's answer "does not tell whether the balance is
 * back"). A probe answered by a server error or a 503 tells nothing: the key stays benched and its
 * skip says so. A probe its caller cancels after the answer began (a client's Stop) found the
 * balance back too: the key is no longer benched (before, its next request was skipped for
 * another 30 s). Real sockets to the simulator; the clock is the test's.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OpenClawError } from "../../src/errors.js";
import { createRuntime } from "../../src/runtime/index.js";
import { eventually } from "../helpers/wait.js";
import type { SimErrorName } from "../simulator/errors.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { fakeKey, model } from "./fixtures.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const request = { messages: [{ role: "user" as const, content: "hi" }] };

/** A runtime of one Moonshot model on the simulator, its key benched for a used-up balance. */
async function benchedForBalance() {
  const server = await startSimulator();
  sim = server;
  const clock = { now: 1_000_000 };
  const primary = model("moonshot/kimi-k2.5", { baseUrl: server.moonshotBaseUrl });
  const runtime = createRuntime({
    resolveChain: () => [primary],
    resolveKey: () => fakeKey(server.keys.moonshot, "fp-moonshot"),
    clock: () => clock.now,
    sleep: async () => {},
  });
  server.failNext(1, "quota");
  await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "quota" });
  return { server, clock, runtime };
}

describe("a balance-benched key whose probe is answered by a rate limit", () => {
  it.each([
    ["rateLimit", "rate_limit"],
    ["overloaded", "overloaded"],
  ] as const)(
    "is no longer benched after a 429 %s: the next request is sent and answered",
    async (simError: SimErrorName, errorClass) => {
      const { server, clock, runtime } = await benchedForBalance();
      clock.now += 30_000;
      server.failNext(3, simError);
      await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass });
      expect(server.chatRequests()).toHaveLength(4);

      // 2 s on: past the rate limit's Retry-After (1 s), far from the next balance probe (30 s).
      clock.now += 2_000;
      const answered = await runtime.complete({ request });
      expect(server.chatRequests()).toHaveLength(5);
      expect(answered.model).toBe("moonshot/kimi-k2.5");
    },
  );

  it("lets a model on the same key answer at once, its own model again once the Retry-After has passed", async () => {
    const server = await startSimulator();
    sim = server;
    let now = 1_000_000;
    const primary = model("moonshot/kimi-k2.5", { baseUrl: server.moonshotBaseUrl });
    const sibling = model("moonshot/kimi-k2.6", { baseUrl: server.moonshotBaseUrl });
    const runtime = createRuntime({
      resolveChain: () => [primary, sibling],
      resolveKey: () => fakeKey(server.keys.moonshot, "fp-moonshot"),
      clock: () => now,
      sleep: async () => {},
    });
    const modelsAsked = () =>
      server.chatRequests().map((sent) => (sent.body as { model?: string }).model);
    server.failNext(1, "quota", { model: "kimi-k2.5" });
    await expect(runtime.complete({ request })).rejects.toThrow();
    expect(modelsAsked()).toEqual(["kimi-k2.5"]);

    // The probe, 30 s on: a rate limit asking for 90 s, longer than a retry waits for.
    now += 30_000;
    server.failNext(
      1,
      {
        status: 429,
        type: "rate_limit_reached_error",
        message: "Your account reached max request: 3, please try again after 90 seconds",
        retryAfter: 90,
      },
      { model: "kimi-k2.5" },
    );
    const probed = await runtime.complete({ request });
    expect(probed.model).toBe("moonshot/kimi-k2.6");
    expect(modelsAsked()).toEqual(["kimi-k2.5", "kimi-k2.5", "kimi-k2.6"]);

    // 89 s after the rate limit its model still cools; the key's other model answers.
    now += 89_000;
    expect((await runtime.complete({ request })).model).toBe("moonshot/kimi-k2.6");
    // Past the 90 s: the first model of the chain again, not skipped for the balance.
    now += 2_000;
    expect((await runtime.complete({ request })).model).toBe("moonshot/kimi-k2.5");
    expect(modelsAsked().slice(3)).toEqual(["kimi-k2.6", "kimi-k2.5"]);
  });

  it("is benched again when the balance refusal comes back after the rate limit", async () => {
    const { server, clock, runtime } = await benchedForBalance();
    clock.now += 30_000;
    server.failNext(3, "rateLimit");
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "rate_limit" });
    clock.now += 2_000;
    server.failNext(1, "quota");
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "quota" });
    expect(server.chatRequests()).toHaveLength(5);
    const skipped = (await runtime
      .complete({ request })
      .catch((caught: unknown) => caught)) as OpenClawError;
    expect(server.chatRequests()).toHaveLength(5);
    expect(skipped.message).toMatch(
      /^moonshot\/kimi-k2\.5 not tried: the API key of provider moonshot ran out of balance or quota on an earlier request: .*exceeded_current_quota_error[^;]*$/,
    );
    expect(skipped.hint).toContain("the key is tried again every 30 s, next in 30s");
  });
});

describe("a balance-benched key whose probe is answered by a server error", () => {
  it.each([
    ["server", "a server error"],
    ["unavailable", "an overloaded error"],
  ] as const)(
    "stays benched after a %s, its skip saying the answer does not tell whether the balance is back",
    async (simError: SimErrorName, phrase) => {
      const { server, clock, runtime } = await benchedForBalance();
      clock.now += 30_000;
      server.failNext(3, simError);
      await expect(runtime.complete({ request })).rejects.toThrow();
      expect(server.chatRequests()).toHaveLength(4);
      clock.now += 5_000;
      const skipped = (await runtime
        .complete({ request })
        .catch((caught: unknown) => caught)) as OpenClawError;
      expect(server.chatRequests()).toHaveLength(4);
      expect(skipped.message).toMatch(
        new RegExp(
          `^moonshot/kimi-k2\\.5 not tried: the API key of provider moonshot ran out of balance or quota on an earlier request: .*exceeded_current_quota_error.*; its last try got ${phrase} instead, which does not tell whether the balance is back$`,
        ),
      );
      expect(skipped.hint).toContain("the key is tried again every 30 s, next in 25s");
    },
  );
});

describe("a balance-benched key whose probe is cancelled by its caller mid-answer", () => {
  it("is no longer benched: the provider was answering with it, so the next request is sent", async () => {
    const { server, clock, runtime } = await benchedForBalance();
    clock.now += 30_000;
    server.script([
      {
        respond: { chunkDelayMs: 50, reply: { text: "a long answer" }, stream: { chunkChars: 2 } },
      },
    ]);
    const controller = new AbortController();
    let text = "";
    await expect(
      (async () => {
        for await (const event of runtime.stream({ request, signal: controller.signal })) {
          if (event.type !== "text") continue;
          text += event.delta;
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ errorClass: "cancelled" });
    expect(text).not.toBe("");

    // 1 s on, far from the next balance probe (30 s): sent and answered, not skipped.
    clock.now += 1_000;
    const answered = await runtime.complete({ request });
    expect(server.chatRequests()).toHaveLength(3);
    expect(answered.model).toBe("moonshot/kimi-k2.5");
  });

  it("stays benched when the caller cancelled before any of the answer came", async () => {
    const { server, clock, runtime } = await benchedForBalance();
    clock.now += 30_000;
    server.script([{ respond: { hang: true } }]);
    const controller = new AbortController();
    const probe = runtime.complete({ request, signal: controller.signal });
    await eventually(
      () => server.chatRequests().length === 2,
      3000,
      "the probe to reach the provider",
    );
    controller.abort();
    await expect(probe).rejects.toMatchObject({ errorClass: "cancelled" });

    clock.now += 1_000;
    await expect(runtime.complete({ request })).rejects.toThrow(
      /^moonshot\/kimi-k2\.5 not tried: the API key of provider moonshot ran out of balance/,
    );
    expect(server.chatRequests()).toHaveLength(2);
  });
});
