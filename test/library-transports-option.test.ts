/**
 * The `transports` option of startGateway, openRuntime and createRuntime given what plain
 * JavaScript passes: an API name misspelled (`"openai-completion"`), which was ignored without a
 * word (the built-in transport served instead of the program's), or an object that is no
 * transport, which started fine and then failed every request with `transport.stream(...) is not
 * a function` as a `provider.network` error with no hint (a 502 from the gateway). Now each call
 * refuses it at once, code `usage`, `where` `transports["<api>"]`, its hint saying what to give.
 */
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  createKeyResolver,
  createRuntime,
  loadConfigObject,
  openRuntime,
  startGateway,
  type Transport,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

const CONFIG = {
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  gateway: { auth: { mode: "none" as const }, ledger: { enabled: false } },
};
const NO_TRANSPORT_HINT =
  'give a transport, { stream(call) { … }, api: "openai-completions" }, as createOpenAICompletionsTransport() returns it, or leave it out for the built-in one';

const env = () => ({ OPENCLAW_STATE_DIR: tempDir("openclaw-transports-option-") });

describe("the transports option", () => {
  it("startGateway refuses an API name it does not know, with the one meant", async () => {
    const started = startGateway({
      port: 0,
      watch: false,
      env: env(),
      config: CONFIG,
      transports: { "openai-completion": {} } as never,
    });
    await expect(started).rejects.toMatchObject({
      code: "usage",
      where: 'transports["openai-completion"]',
      message:
        'startGateway\'s transports["openai-completion"] names no API (did you mean "openai-completions"?): a transport is given by the API it speaks',
      hint: 'the APIs are "openai-completions", "openai-responses", "anthropic-messages"',
    });
  });

  it("startGateway refuses an object with no stream function before it listens", async () => {
    const started = startGateway({
      port: 0,
      watch: false,
      env: env(),
      config: CONFIG,
      transports: { "openai-completions": {} as Transport },
    });
    await expect(started).rejects.toMatchObject({
      code: "usage",
      where: 'transports["openai-completions"]',
      message:
        'startGateway\'s transports["openai-completions"] has no stream function: it is no transport',
      hint: NO_TRANSPORT_HINT,
    });
  });

  it("openRuntime and createRuntime refuse it too, before any run", () => {
    expect(() =>
      openRuntime({
        env: env(),
        config: CONFIG,
        transports: { "openai-completions": { api: "openai-completions" } as Transport },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "usage",
        where: 'transports["openai-completions"]',
        hint: NO_TRANSPORT_HINT,
      }),
    );
    const catalog = buildCatalog(loadConfigObject(CONFIG, { env: {} }));
    expect(() =>
      createRuntime({
        catalog,
        resolveKey: createKeyResolver({ env: {} }),
        transports: { "openai-completions": (() => undefined) as never },
      }),
    ).toThrow(
      expect.objectContaining({
        where: 'transports["openai-completions"]',
        message:
          'createRuntime\'s transports["openai-completions"] is a function: it is no transport',
      }),
    );
  });
});
