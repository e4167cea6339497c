/**
 * Library calls given an options object of the wrong shape (nothing, `{}`, or names guessed from
 * the guide) throw the library's usage error naming the option and the shape it takes. Before,
 * checkKey({ provider, baseUrl, key }) threw `TypeError: Cannot read properties of undefined
 * (reading 'headers')`, and runAgent({}) `options.messages is not iterable`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkKey,
  createKeyResolver,
  createRuntime,
  isOpenClawError,
  openRuntime,
  resolveModel,
  runAgent,
  runAgentToEnd,
  runSessionTurn,
  startGateway,
} from "../src/index.js";
import { customProvider } from "./helpers/custom-provider-entry.js";

/** What the call threw or rejected with, as a caller would log it. */
async function failureOf(call: () => unknown): Promise<Record<string, unknown>> {
  try {
    await call();
  } catch (error) {
    if (!isOpenClawError(error)) return { notOpenClawError: String(error) };
    return { code: error.code, message: error.message, where: error.where, hint: error.hint };
  }
  return { threw: false };
}

// Plain JavaScript callers: the types would refuse these shapes, a .js file does not.
const untyped = <T>(value: unknown): T => value as T;

describe("library calls given the wrong options", () => {
  it("checkKey with the endpoint's fields at the top names target and its shape", async () => {
    const failure = await failureOf(() =>
      checkKey(
        untyped({ provider: "moonshot", baseUrl: "http://127.0.0.1:41701/v1", key: "sk-abc" }),
      ),
    );
    expect(failure).toMatchObject({
      code: "usage",
      message:
        "checkKey needs the option target ({ label: string, baseUrl: string, headers?: {...}, provider?: string }), got nothing",
      where: "target, provider, baseUrl",
    });
    expect(failure.hint).toContain('"provider", "baseUrl" are not options of checkKey');
    expect(failure.hint).toContain("pass { target: { label: string, baseUrl: string");
    // The key passed is never echoed.
    expect(JSON.stringify(failure)).not.toContain("sk-abc");
  });

  it("checkKey with nothing, {} or a URL for target says what to pass", async () => {
    expect(await failureOf(() => checkKey(untyped(undefined)))).toMatchObject({
      code: "usage",
      message: "checkKey takes an options object, got undefined",
      hint: expect.stringContaining("pass { target: { label: string, baseUrl: string"),
    });
    expect(await failureOf(() => checkKey(untyped({})))).toMatchObject({
      code: "usage",
      message: expect.stringMatching(
        /^checkKey needs the options target \(.*\), got nothing; key \(string\), got nothing$/,
      ),
      where: "target, key",
    });
    expect(
      await failureOf(() => checkKey(untyped({ target: "http://127.0.0.1:41701/v1", key: "k" }))),
    ).toMatchObject({ code: "usage", message: expect.stringMatching(/got a string$/) });
  });

  it("runAgent, runAgentToEnd and runSessionTurn name runtime and messages", async () => {
    const agent = await failureOf(() => runAgent(untyped({})).next());
    expect(agent).toMatchObject({
      code: "usage",
      message:
        "runAgent needs the options runtime (a Runtime from openRuntime() or createRuntime()), got nothing; messages (an array of chat messages), got nothing",
    });
    // Named as the function called: before, runAgentToEnd's mistakes were told as runAgent's.
    expect(await failureOf(() => runAgentToEnd(untyped(undefined)))).toMatchObject({
      code: "usage",
      message: "runAgentToEnd takes an options object, got undefined",
    });
    expect(await failureOf(() => runAgentToEnd(untyped({ messages: "hi" })))).toMatchObject({
      code: "usage",
      message:
        "runAgentToEnd needs the options runtime (a Runtime from openRuntime() or createRuntime()), got nothing; messages (an array of chat messages), got a string",
      hint: expect.stringMatching(/; the options runAgentToEnd takes are runtime, model, messages/),
    });
    expect(
      await failureOf(() => runSessionTurn(untyped({ runtime: {}, history: [], user: {} }))),
    ).toMatchObject({
      code: "usage",
      message: expect.stringMatching(/^runSessionTurn needs the options runtime .*record/),
      where: "runtime, record, recordUsage",
    });
  });

  it("createRuntime with nothing or without resolveKey says so", async () => {
    expect(await failureOf(() => createRuntime(untyped(undefined)))).toMatchObject({
      code: "usage",
      message: "createRuntime takes an options object, got undefined",
    });
    expect(
      await failureOf(() => createRuntime(untyped({ resolvekey: () => undefined }))),
    ).toMatchObject({
      code: "usage",
      message:
        "createRuntime needs the option resolveKey ((model) => ResolvedKey | undefined), got nothing",
      hint: expect.stringContaining(
        '"resolvekey" (did you mean resolveKey?) is not an option of createRuntime',
      ),
    });
  });

  it("resolveKey and missingKey given a model ref string ask for a resolved model", async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-resolve-key-"));
    const opened = openRuntime({
      config: {
        models: {
          providers: {
            moonshot: customProvider([{ id: "kimi-k2.5", name: "K2.5" }], {
              apiKey: "sk-test-moonshot-ai-0001",
            }),
          },
        },
      },
      env: { OPENCLAW_STATE_DIR: stateDir },
    });
    const ref = untyped<Parameters<typeof opened.resolveKey>[0]>("moonshot/kimi-k2.5");
    // Before: TypeError: target.keySources is not iterable.
    expect(await failureOf(() => opened.resolveKey(ref))).toMatchObject({
      code: "usage",
      message:
        "resolveKey(model) takes a resolved model ({ provider, keySources, ... }), got a string",
      where: "model",
      hint: 'pass what resolveModel returns: resolveKey(resolveModel(catalog, "moonshot/kimi-k2.5"))',
    });
    expect(await failureOf(() => createKeyResolver()(ref))).toMatchObject({
      code: "usage",
      message:
        "resolveKey(model) takes a resolved model ({ provider, keySources, ... }), got a string",
    });
    // Before: TypeError: Cannot read properties of undefined (reading 'length').
    expect(await failureOf(() => opened.missingKey(ref))).toMatchObject({
      code: "usage",
      message:
        "missingKey(model) takes a resolved model ({ provider, keySources, ... }), got a string",
      where: "model",
    });
    expect(await failureOf(() => opened.resolveKey(untyped(undefined)))).toMatchObject({
      code: "usage",
      message: expect.stringMatching(/got nothing$/),
    });
    // What the hint says to pass works.
    const model = resolveModel(opened.catalog, "moonshot/kimi-k2.5");
    expect(opened.resolveKey(model)?.value).toBe("sk-test-moonshot-ai-0001");
    expect(opened.missingKey(model)).toBeUndefined();
  });

  it("createKeyResolver given the catalog or a misspelt option says so, instead of finding no stored key", async () => {
    // Before: createKeyResolver(catalog) gave a resolver that read no credential store, and a
    // run on it failed with 'no API key found' while auth profile "moonshot:default" held one.
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ocw-keyres-"));
    const { catalog } = openRuntime({ config: {}, env: { OPENCLAW_STATE_DIR: stateDir } });
    const failure = await failureOf(() => createKeyResolver(untyped(catalog)));
    expect(failure).toMatchObject({ code: "usage" });
    expect(failure.message).toMatch(/^createKeyResolver has no options "providers"/);
    expect(failure.hint).toContain(
      "the options createKeyResolver takes are agentDir, store, env, profileId",
    );
    expect(await failureOf(() => createKeyResolver(untyped({ agentdir: stateDir })))).toMatchObject(
      {
        code: "usage",
        message: 'createKeyResolver has no option "agentdir" (did you mean agentDir?)',
        where: "agentdir",
      },
    );
    expect(typeof createKeyResolver({ agentDir: stateDir, env: {} })).toBe("function");
  });

  it("a runtime's or gateway's retry with a misspelt name is refused, not run on the default policy", async () => {
    // Before: { attempts: 1 } was passed over and every run tried three times.
    const env = { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-retry-check" };
    expect(await failureOf(() => openRuntime({ env, retry: untyped({ attempts: 1 }) }))).toEqual({
      code: "usage",
      message: "openRuntime's retry.attempts is not a retry setting (did you mean maxAttempts?)",
      where: "retry.attempts",
      hint: "spell it maxAttempts, or leave it out: the names retry takes are maxAttempts, baseDelayMs, maxDelayMs",
    });
    const catalog = openRuntime({ env }).catalog;
    const resolveKey = () => undefined;
    expect(
      await failureOf(() =>
        createRuntime({ catalog, resolveKey, retry: untyped({ maxAttempts: "2" }) }),
      ),
    ).toMatchObject({ code: "usage", where: "retry.maxAttempts" });
    // Refused before it reads a config or listens.
    expect(
      await failureOf(() => startGateway({ port: 0, env, retry: untyped({ baseDelay: 10 }) })),
    ).toMatchObject({
      code: "usage",
      message: "startGateway's retry.baseDelay is not a retry setting (did you mean baseDelayMs?)",
    });
  });

  it("a runtime made from a config object with no default model says to name the model or set it in the object", async () => {
    const env = {
      OPENCLAW_STATE_DIR: "/nonexistent/openclaw-no-default",
      KIMI_API_KEY: "sk-kimi-test-0001",
    };
    const { runtime } = openRuntime({ config: {}, env });
    const request = { messages: [{ role: "user" as const, content: "Hi" }] };
    // Before: "run: openclaw models set kimi-code/kimi-for-coding", which edits the config file
    // this runtime never reads.
    expect(await failureOf(() => runtime.complete({ request }))).toEqual({
      code: "model.no_default",
      message: "no default model is set (agents.defaults.model.primary)",
      where: "agents.defaults.model.primary",
      hint: 'name the model in the run (model: "kimi-code/kimi-for-coding"), or set agents.defaults.model.primary in the config object openRuntime is given (kimi-code has a key)',
    });
  });
});
