/**
 * A key the provider refused (401 invalid_authentication_error or incorrect_api_key_error, Kimi
 * Code's 403 access_terminated_error for the client) is benched, and tried again (probed) every
 * 30 s while nothing else can answer. When the provider answers that probe with a 429 rate limit
 * or overload instead of the refusal, it took the key (and the client): the key is no longer
 * benched and is called again as after any rate limit, as a key benched for its balance is
 * (balance-probe-rate-limit.test.ts). Before, it stayed benched, each request skipped with the
 * refusal's "put the right key in …" until its next probe. A probe answered by a server error
 * tells nothing: the key stays benched. Real sockets to the simulator; the clock is the test's.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OpenClawError } from "../../src/errors.js";
import { createRuntime } from "../../src/runtime/index.js";
import type { SimErrorName } from "../simulator/errors.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { fakeKey, model } from "./fixtures.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const request = { messages: [{ role: "user" as const, content: "hi" }] };

type Refusal = "invalidAuthentication" | "incorrectApiKey" | "accessTerminated";

/** A runtime of one model on the simulator (Kimi Code for its client refusal), its key refused. */
async function refusedOnce(refusal: Refusal) {
  const server = await startSimulator();
  sim = server;
  const clock = { now: 1_000_000 };
  const kimiCode = refusal === "accessTerminated";
  const only = kimiCode
    ? model("kimi-code/kimi-for-coding", {
        baseUrl: server.kimiCodeBaseUrl,
        headers: { "User-Agent": "KimiCLI/0.77" },
      })
    : model("moonshot/kimi-k2.5", { baseUrl: server.moonshotBaseUrl });
  const key = kimiCode
    ? fakeKey(server.keys.kimiCode, "fp-kimi-code")
    : fakeKey(server.keys.moonshot, "fp-moonshot");
  const runtime = createRuntime({
    resolveChain: () => [only],
    resolveKey: () => key,
    clock: () => clock.now,
    sleep: async () => {},
  });
  server.failNext(1, refusal);
  await expect(runtime.complete({ request })).rejects.toMatchObject({
    errorClass: kimiCode ? "forbidden_client" : "auth",
  });
  // Benched: the next request is not sent.
  await expect(runtime.complete({ request })).rejects.toThrow(/not tried/);
  expect(server.chatRequests()).toHaveLength(1);
  return { server, clock, runtime, ref: only.ref };
}

describe("a refused key whose probe is answered by a rate limit", () => {
  it.each([
    ["invalidAuthentication", "rateLimit", "rate_limit"],
    ["incorrectApiKey", "overloaded", "overloaded"],
    ["accessTerminated", "rateLimit", "rate_limit"],
  ] as const)(
    "after %s, a probe answered by a 429 %s unbenches the key: the next request is sent and answered",
    async (refusal: Refusal, simError: SimErrorName, errorClass) => {
      const { server, clock, runtime, ref } = await refusedOnce(refusal);
      clock.now += 30_000;
      server.failNext(3, simError);
      await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass });
      expect(server.chatRequests()).toHaveLength(4);

      // 2 s on: past the rate limit's Retry-After (1 s), far from the next probe (30 s).
      clock.now += 2_000;
      const answered = await runtime.complete({ request });
      expect(server.chatRequests()).toHaveLength(5);
      expect(answered.model).toBe(ref);
    },
  );

  it("is benched again when the refusal comes back after the rate limit", async () => {
    const { server, clock, runtime } = await refusedOnce("invalidAuthentication");
    clock.now += 30_000;
    server.failNext(3, "rateLimit");
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "rate_limit" });
    clock.now += 2_000;
    server.failNext(1, "invalidAuthentication");
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "auth" });
    expect(server.chatRequests()).toHaveLength(5);
    const skipped = (await runtime
      .complete({ request })
      .catch((caught: unknown) => caught)) as OpenClawError;
    expect(server.chatRequests()).toHaveLength(5);
    expect(skipped.message).toMatch(
      /^moonshot\/kimi-k2\.5 not tried: provider moonshot refused its API key from \$MOONSHOT_API_KEY on an earlier request/,
    );
  });

  it("stays benched when the probe gets a server error, its next request skipped", async () => {
    const { server, clock, runtime } = await refusedOnce("invalidAuthentication");
    clock.now += 30_000;
    server.failNext(3, "server");
    await expect(runtime.complete({ request })).rejects.toThrow();
    expect(server.chatRequests()).toHaveLength(4);
    clock.now += 2_000;
    const skipped = (await runtime
      .complete({ request })
      .catch((caught: unknown) => caught)) as OpenClawError;
    expect(server.chatRequests()).toHaveLength(4);
    expect(skipped.message).toMatch(/^moonshot\/kimi-k2\.5 not tried: provider moonshot refused/);
  });
});

describe("a provider's keys rotated by a program's resolveKey", () => {
  it("a refused key's bench does not hold back the provider's other key", async () => {
    const server = await startSimulator();
    sim = server;
    const only = model("moonshot/kimi-k2.5", { baseUrl: server.moonshotBaseUrl });
    const keys = [
      fakeKey("sk-fake-abc-01", "fp-refused"),
      fakeKey(server.keys.moonshot, "fp-moonshot"),
    ];
    let turn = 0;
    const runtime = createRuntime({
      resolveChain: () => [only],
      resolveKey: () => keys[turn % keys.length],
      clock: () => 1_000_000,
      sleep: async () => {},
    });
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "auth" });
    turn = 1;
    expect((await runtime.complete({ request })).model).toBe("moonshot/kimi-k2.5");
    // Back to the refused key: benched, not sent.
    turn = 2;
    await expect(runtime.complete({ request })).rejects.toThrow(/not tried/);
    expect(server.chatRequests()).toHaveLength(2);
  });
});
