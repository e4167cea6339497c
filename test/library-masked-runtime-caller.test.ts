import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  type ChatRequest,
  createKeyResolver,
  createRuntime,
  emptyAuthStore,
  loadConfigObject,
  ProviderError,
  type StreamEvent,
  type Transport,
  type TransportCall,
} from "../src/index.js";
import { customProvider } from "./helpers/custom-provider-entry.js";
import { expectMasked, PASTED_KEY } from "./helpers/key-named-provider.js";

/** A catalog with one provider named with a pasted key (its runs' errors name it masked). */
function keyNamedCatalog() {
  return buildCatalog(
    loadConfigObject(
      {
        models: {
          providers: {
            [PASTED_KEY]: customProvider([{ id: "kimi", name: "k" }], {
              apiKey: "sk-upstream0000000001",
            }),
          },
        },
        agents: { defaults: { model: { primary: `${PASTED_KEY}/kimi` } } },
      },
      { env: {} },
    ),
  );
}

const request: ChatRequest = { messages: [{ role: "user", content: "hi" }] };

/** The caller's own error: its message holds the key, as the caller wrote it. */
function ownError(where: string): Error {
  return new Error(`${where} failed near ${PASTED_KEY}`);
}

/** A transport of the caller's that fails with `error` (stream and run alike). */
function failingTransport(error: Error): Transport {
  return {
    api: "openai-completions",
    // biome-ignore lint/correctness/useYield: it fails before its first event, as a refused call does
    async *stream(_call: TransportCall): AsyncIterable<StreamEvent> {
      throw error;
    },
  };
}

describe("the library's runtime keeps what the caller's own code failed with as the same object", () => {
  it("a caller's transport failing: the runtime's masked error has that failure as its cause, untouched", async () => {
    for (const how of ["complete", "relay", "stream"] as const) {
      const own = ownError(`the transport under ${how}`);
      const runtime = createRuntime({
        catalog: keyNamedCatalog(),
        resolveKey: createKeyResolver({ store: emptyAuthStore(), env: {} }),
        transports: { "openai-completions": failingTransport(own) },
        retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      });
      let rejected: unknown;
      if (how === "complete") rejected = await runtime.complete({ request }).catch((e) => e);
      else if (how === "relay")
        rejected = await runtime.relay({ request }, () => {}).catch((e) => e);
      else {
        try {
          for await (const _event of runtime.stream({ request })) {
            // drained for the error
          }
        } catch (error) {
          rejected = error;
        }
      }
      expect(rejected).toBeInstanceOf(ProviderError);
      const error = rejected as ProviderError;
      expect(error.provider).toBe("sk-kimi-***");
      // The library's own message is masked (it quotes the caller's, which holds the key).
      expect(error.message).toContain("sk-kimi-***/kimi");
      expect(error.message).not.toContain(PASTED_KEY);
      // Before: a masked copy of the caller's error, so this was false.
      expect(error.cause).toBe(own);
      expect((error.cause as Error).message).toContain(PASTED_KEY);
    }
  });

  it("a caller's key lookup or sink failing: the same object comes back from complete and relay", async () => {
    const fromLookup = ownError("the key lookup");
    const runtime = createRuntime({
      catalog: keyNamedCatalog(),
      resolveKey: () => {
        throw fromLookup;
      },
    });
    // Before: a masked copy, for which === was false.
    expect(await runtime.complete({ request }).catch((e) => e)).toBe(fromLookup);
    expect(await runtime.relay({ request }, () => {}).catch((e) => e)).toBe(fromLookup);
    const fromSink = ownError("the sink");
    const sinking = createRuntime({
      catalog: keyNamedCatalog(),
      resolveKey: createKeyResolver({ store: emptyAuthStore(), env: {} }),
      transports: { "openai-completions": failingTransport(ownError("the transport")) },
      retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    });
    // The sink fails on the retry event the transport's failure brings.
    const failOnRetry = (event: { type: string }) => {
      if (event.type === "retry") throw fromSink;
    };
    expect(await sinking.complete({ request }, failOnRetry).catch((e) => e)).toBe(fromSink);
    expect(await sinking.relay({ request }, failOnRetry).catch((e) => e)).toBe(fromSink);
  });

  it("an option named with a key is named sk-kimi-*** when createRuntime refuses it, as runAgent names it", () => {
    const resolveKey = createKeyResolver({ store: emptyAuthStore(), env: {} });
    for (const options of [
      { resolveKey, [PASTED_KEY]: 1 },
      // Without resolveKey the refusal's hint names the stray option as well.
      { [PASTED_KEY]: 1 },
    ]) {
      let thrown: unknown;
      try {
        createRuntime(options as unknown as Parameters<typeof createRuntime>[0]);
      } catch (error) {
        thrown = error;
      }
      // Before: 'createRuntime has no option "sk-kimi-abcdefgh12345678XYZsecret"'.
      const error = expectMasked(thrown);
      expect(error.code).toBe("usage");
      expect(`${error.message} ${error.hint}`).toContain('"sk-kimi-***"');
    }
  });
});
