/**
 * The library's (and so `openclaw agent`'s) error for a default chain that failed on every
 * model, each its own way: the failure a request was sent for, with what happened to each model
 * in the order tried and, for a model without its key, where to set it. Before, a fallback
 * without a key ended the run with its missing key alone, hiding the primary's rate limit. Over
 * real sockets to the simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/errors.js";
import { openRuntime, type RunOptions, runFailureOf } from "../../src/runtime/index.js";
import { simEnvPerTest } from "./sim-env.js";

const setup = simEnvPerTest();
const FAST = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const ask = { messages: [{ role: "user" as const, content: "hi" }], thinking: "off" as const };
/** A rate limit naming a wait of two minutes, in its header and its words. */
const RATE_LIMIT_2_MIN = {
  status: 429,
  type: "rate_limit_reached_error",
  message: "Your account reached max request: 3, please try again after 120 seconds",
  retryAfter: 120,
};

/**
 * The ProviderError a run of `ask` with FAST retries (`options` on top) ends with, on a runtime
 * opened with `env`.
 */
async function chainFailure(
  env: Record<string, string | undefined>,
  options: Partial<RunOptions> = {},
): Promise<ProviderError> {
  const { runtime } = openRuntime({ env });
  const thrown = await runtime.complete({ request: ask, retry: FAST, ...options }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(thrown instanceof ProviderError)) throw new Error(`not a ProviderError: ${String(thrown)}`);
  return thrown;
}

/** The error of a chain whose primary and Kimi Code fallback are both rate limited on each try. */
async function bothRateLimited(): Promise<ProviderError> {
  const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
  env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-k2.5" });
  env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-for-coding" });
  return chainFailure(env.env);
}

describe("a default chain failing on each model", () => {
  it("a rate-limited primary and a keyless fallback: the rate limit, both models told", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-k2.5" });
    const error = await chainFailure({ ...env.env, KIMICODE_API_KEY: undefined });
    expect(error.errorClass).toBe("rate_limit");
    expect(error.message).toContain(
      "every model of the chain failed: moonshot/kimi-k2.5: rate limited (429) after 3 tries; " +
        'kimi-code/kimi-for-coding: no API key for provider "kimi-code", nothing sent. ' +
        "Last, moonshot/kimi-k2.5: moonshot (",
    );
    expect(error.message).toContain("We're receiving too many requests at the moment.");
    // What to do about the missing key follows the rate limit's own hint.
    expect(error.hint).toMatch(/for kimi-code\/kimi-for-coding, .*KIMICODE_API_KEY/);
    const report = runFailureOf(error);
    expect(report?.model).toBe("moonshot/kimi-k2.5");
    expect(report?.failedAttempts.map((attempt) => attempt.model)).toEqual([
      "moonshot/kimi-k2.5",
      "moonshot/kimi-k2.5",
      "moonshot/kimi-k2.5",
      "kimi-code/kimi-for-coding",
    ]);
  });

  it("a fallback passed over for its missing key is asked a key for, not said to have failed", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-k2.5" });
    const error = await chainFailure({ ...env.env, KIMICODE_API_KEY: undefined });
    expect(error.hint).not.toContain("failed too");
    expect(error.hint).toContain(
      "or give kimi-code/kimi-for-coding an API key (it has none, so nothing was sent to it); for kimi-code/kimi-for-coding, ",
    );
  });

  it("fallbacks that were sent the request and failed are still said to have failed too", async () => {
    const error = await bothRateLimited();
    expect(error.hint).toContain(
      "add a fallback on another provider (the configured fallbacks failed too)",
    );
  });

  it("an image turn: a keyless fallback that takes images is asked a key for, not said to have failed", async () => {
    const env = await setup({
      fallbacks: ["moonshot/kimi-k2-turbo-preview", "kimi-code/kimi-for-coding"],
    });
    // Kimi Code's model made to take images here, so the image turn leaves it in the chain.
    const file = join(env.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as {
      models: { providers: Record<string, { models: { input: string[] }[] }> };
    };
    for (const model of config.models.providers["kimi-code"]?.models ?? [])
      model.input = ["text", "image"];
    writeFileSync(file, JSON.stringify(config, null, 2));
    env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-k2.5" });
    const withImage = {
      ...ask,
      messages: [
        {
          role: "user" as const,
          content: [
            { type: "text" as const, text: "what is this" },
            { type: "image_url" as const, image_url: { url: "data:image/png;base64,AAAA" } },
          ],
        },
      ],
    };
    const error = await chainFailure(
      { ...env.env, KIMICODE_API_KEY: undefined },
      { request: withImage },
    );
    expect(error.errorClass).toBe("rate_limit");
    expect(error.hint).not.toContain("failed too");
    expect(error.hint).toContain(
      "or add a fallback model that takes images, or give kimi-code/kimi-for-coding an API key (the configured fallback moonshot/kimi-k2-turbo-preview does not take images; kimi-code/kimi-for-coding has none, so nothing was sent to it)",
    );
  });

  it("a timeout on the primary and a server error on the fallback: each in order", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.script([{ when: { model: "kimi-k2.5" }, respond: { hang: true }, times: 3 }]);
    env.sim.failNext(3, "server", { model: "kimi-for-coding" });
    const error = await chainFailure(env.env, { timeouts: { firstByteMs: 200 } });
    expect(error.errorClass).toBe("server");
    expect(error.message).toContain(
      "every model of the chain failed: moonshot/kimi-k2.5: timed out after 3 tries; kimi-code/kimi-for-coding: server error (500) after 3 tries. Last, kimi-code/kimi-for-coding: ",
    );
  });

  it("a primary rate limited with a wait, a fallback whose balance is used up: the rate limit and its wait", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    for (const quota of ["quota", "quota403"] as const) {
      // A wait longer than a call sits through: the primary is tried once and cools.
      env.sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
      env.sim.failNext(1, quota, { model: "kimi-for-coding" });
      const error = await chainFailure(env.env);
      // Before, the last failure: a used-up balance, which no wait helps, and no wait named.
      expect([error.errorClass, error.retryAfterMs]).toEqual(["rate_limit", 120_000]);
      expect(`${error.provider}/${error.model}`).toBe("moonshot/kimi-k2.5");
      expect(error.message).toContain(
        "every model of the chain failed: moonshot/kimi-k2.5: rate limited (429); kimi-code/kimi-for-coding: balance or quota used up (" +
          `${quota === "quota" ? 429 : 403}). The status is moonshot/kimi-k2.5's, as its failure passes with time and kimi-code/kimi-for-coding's does not: moonshot/kimi-k2.5: `,
      );
      expect(error.message).toContain("please try again after 120 seconds");
      // The last failure's own words still follow.
      expect(error.message).toMatch(
        /\. Last, kimi-code\/kimi-for-coding: .*(Your account is not active|Your account is suspended)/,
      );
      // The report still names the model a request was last sent to.
      expect(runFailureOf(error)?.model).toBe("kimi-code/kimi-for-coding");
    }
  });

  it("a rate limit answered for a fallback whose plan is used up: the hint says what helps each, led by its model", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
    env.sim.failNext(1, "quota", { model: "kimi-for-coding" });
    const error = await chainFailure(env.env);
    expect(error.errorClass).toBe("rate_limit");
    // Before: the rate limit's hint alone.
    expect(error.hint).toMatch(
      /^for moonshot\/kimi-k2\.5, rate limit reached; the provider asked to wait 120 s: .*; for kimi-code\/kimi-for-coding, your Kimi Code plan quota is used up: /,
    );
  });

  it("a used-up balance before a rate limit: the top-up follows the rate limit's hint", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.failNext(1, "quota", { model: "kimi-k2.5" });
    env.sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-for-coding" });
    const error = await chainFailure(env.env);
    expect(`${error.provider}/${error.model}`).toBe("kimi-code/kimi-for-coding");
    expect(error.hint).toMatch(
      /^for kimi-code\/kimi-for-coding, rate limit reached; the provider asked to wait 120 s: .*; for moonshot\/kimi-k2\.5, your account balance is used up: top up /,
    );
  });

  it("a used-up Kimi Code plan before a rate limit: the plan's part of the hint says when it resets", async () => {
    const reset = new Date(Date.now() + 3 * 3_600_000 + 1_800_000);
    const env = await setup({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
      sim: { kimiCodeUsage: { limit: 100, remaining: 0, resetTime: reset.toISOString() } },
    });
    env.sim.failNext(1, "planLimit", { model: "kimi-for-coding" });
    env.sim.failNext(1, RATE_LIMIT_2_MIN, { model: "kimi-k2.5" });
    const error = await chainFailure(env.env);
    expect(`${error.provider}/${error.model}`).toBe("moonshot/kimi-k2.5");
    // Before: "it comes back when the window the message names ends", as the plan said it.
    expect(error.hint).toContain(
      `; for kimi-code/kimi-for-coding, your Kimi Code plan quota is used up: it resets ${reset.toISOString().slice(0, 16).replace("T", " ")} UTC, in 3 h`,
    );
    expect(env.sim.requests.filter((request) => request.path.endsWith("/usages"))).toHaveLength(1);
  });

  it("two models with the same hint: said once, led by neither", async () => {
    const error = await bothRateLimited();
    expect(error.hint).toBe(
      "rate limit reached: retry later, send fewer requests at once, or add a fallback on another provider (the configured fallbacks failed too)",
    );
  });

  it("two failures that pass with time: the one that named the shortest wait", async () => {
    const env = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.failNext(1, { ...RATE_LIMIT_2_MIN, retryAfter: 90 }, { model: "kimi-k2.5" });
    env.sim.failNext(
      1,
      { status: 429, type: "engine_overloaded_error", message: "overloaded", retryAfter: 300 },
      { model: "kimi-for-coding" },
    );
    const error = await chainFailure(env.env);
    expect([error.errorClass, error.retryAfterMs]).toEqual(["rate_limit", 90_000]);
    expect(error.message).toContain(
      "every model of the chain failed: moonshot/kimi-k2.5: rate limited (429); kimi-code/kimi-for-coding: overloaded (429). The status is moonshot/kimi-k2.5's, as it named the shortest wait: moonshot/kimi-k2.5: ",
    );
  });

  it("a single model's failure is told as before", async () => {
    const env = await setup();
    env.sim.failNext(3, "kimiCodeRateLimit", { model: "kimi-k2.5" });
    const error = await chainFailure(env.env);
    expect(error.message).not.toContain("every model of the chain failed");
  });
});
