/**
 * createRuntime({ transports }): what the program's transport throws comes back as it was thrown
 * (the `cause` of the run's ProviderError, the same value), whatever it is. Before, a revoked
 * Proxy, an Error whose `message` getter throws or an object with no prototype made the runtime
 * throw its own TypeError (or the getter's error) instead, and the transport's value was lost.
 */
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

const catalog = () =>
  buildCatalog(
    loadConfigObject(
      {
        models: {
          mode: "replace",
          providers: {
            moonshot: customProvider([{ id: "kimi-k2.5", name: "K" }], {
              apiKey: "sk-odd-000000000000",
            }),
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      },
      { env: {} },
    ),
  );

const ODD: { name: string; make: () => unknown; said: string }[] = [
  {
    name: "a revoked Proxy",
    make: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    said: "a revoked Proxy",
  },
  {
    name: "an Error whose message getter throws",
    make: () => {
      class TransportFault extends Error {
        override get message(): string {
          throw new Error("message getter broke");
        }
      }
      return new TransportFault();
    },
    said: "Error (its message could not be read)",
  },
  {
    name: "an object with no prototype",
    make: () => Object.assign(Object.create(null), { message: "no proto here" }),
    said: "an object with no prototype: no proto here",
  },
  {
    name: "a Symbol",
    make: () => Symbol("line\nbreak"),
    said: "Symbol(line\\nbreak)",
  },
];

const request: ChatRequest = { messages: [{ role: "user", content: "hi" }] };

/** How the run failed, under each of the runtime's three calls. */
async function rejections(thrown: unknown, run: boolean): Promise<unknown[]> {
  const transport: Transport = run
    ? {
        api: "openai-completions",
        async *stream(_call: TransportCall): AsyncIterable<StreamEvent> {},
        run: async () => {
          throw thrown;
        },
      }
    : {
        api: "openai-completions",
        // biome-ignore lint/correctness/useYield: it fails before its first event
        async *stream(_call: TransportCall): AsyncIterable<StreamEvent> {
          throw thrown;
        },
      };
  const runtime = createRuntime({
    catalog: catalog(),
    resolveKey: createKeyResolver({ store: emptyAuthStore(), env: {} }),
    transports: { "openai-completions": transport },
    retry: { maxAttempts: 1 },
  });
  const got: unknown[] = [];
  got.push(await runtime.complete({ request }).catch((error: unknown) => error));
  got.push(await runtime.relay({ request }, () => {}).catch((error: unknown) => error));
  try {
    for await (const _event of runtime.stream({ request })) {
      // drained for its error
    }
    got.push(undefined);
  } catch (error) {
    got.push(error);
  }
  return got;
}

describe("createRuntime with a transport that throws an odd value", () => {
  for (const odd of ODD) {
    it(`${odd.name}: the run's ProviderError names the transport and has it as its cause`, async () => {
      for (const run of [false, true]) {
        const thrown = odd.make();
        for (const rejected of await rejections(thrown, run)) {
          expect(rejected).toBeInstanceOf(ProviderError);
          const error = rejected as ProviderError;
          expect(error.cause === thrown).toBe(true);
          expect(error.errorClass).toBe("network");
          expect(error.message).toBe(
            `request to moonshot/kimi-k2.5 failed: its openai-completions transport threw ${odd.said}`,
          );
        }
      }
    });
  }
});
