/**
 * The transports the library hands out (getTransport, createOpenAICompletionsTransport) fail with
 * a key pasted as a provider's name masked, as the rest of the public API does; they showed it
 * whole ("provider.network sk-kimi-abcdefgh… (127.0.0.1:PORT) could not be reached"). What the
 * caller's own sink throws still comes back as it is.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  createOpenAICompletionsTransport,
  getTransport,
  loadConfigObject,
  ProviderError,
  type ResolvedModel,
  resolveModel,
  type StreamEvent,
  type Transport,
} from "../src/index.js";
import { closedPort } from "./helpers/net.js";
import { startSimulator } from "./simulator/server.js";

const KEY = "sk-kimi-abcdefgh12345678XYZsecret";
const request = { messages: [{ role: "user" as const, content: "hi" }] };

function modelAt(baseUrl: string): ResolvedModel {
  const config = {
    models: {
      providers: {
        [KEY]: { baseUrl, api: "openai-completions", models: [{ id: "kimi-k2.5", name: "k" }] },
      },
    },
  };
  return resolveModel(buildCatalog(loadConfigObject(config, { env: {} })), `${KEY}/kimi-k2.5`);
}

function expectMasked(error: unknown): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  const failure = error as ProviderError;
  for (const shown of [
    failure.message,
    String(failure),
    JSON.stringify(failure),
    failure.hint ?? "",
    failure.stack ?? "",
    inspect(failure, { depth: 6 }),
  ]) {
    expect(shown.toLowerCase()).not.toContain("abcdefgh12345678");
  }
  expect(failure.provider).toBe("sk-kimi-***");
  return failure;
}

async function streamed(transport: Transport, model: ResolvedModel): Promise<unknown> {
  try {
    for await (const _event of transport.stream({ model, request, apiKey: "sk-x", stream: true }))
      void _event;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("the library's transports mask a key-shaped provider name in their errors", () => {
  const transports: [string, () => Transport][] = [
    ["getTransport", () => getTransport("openai-completions")],
    ["createOpenAICompletionsTransport", () => createOpenAICompletionsTransport()],
  ];

  for (const [name, make] of transports) {
    it(`${name}: stream and run, provider unreachable`, async () => {
      const model = modelAt(`http://127.0.0.1:${await closedPort()}/v1`);
      const transport = make();
      const fromStream = expectMasked(await streamed(transport, model));
      expect(fromStream.message).toMatch(/sk-kimi-\*\*\* \(127\.0\.0\.1:\d+\)/);
      const fromRun = await transport
        .run?.({ model, request, apiKey: "sk-x", stream: true }, () => {})
        .catch((error: unknown) => error);
      expectMasked(fromRun);
    });
  }

  it("a refusal (wrong key) is masked; an answer streams as before; the sink's own error comes back as it is", async () => {
    const sim = await startSimulator();
    try {
      const model = modelAt(sim.moonshotBaseUrl);
      const transport = getTransport("openai-completions");
      expectMasked(await streamed(transport, model));
      const events: StreamEvent[] = [];
      for await (const event of transport.stream({
        model,
        request,
        apiKey: sim.keys.moonshot,
        stream: true,
      }))
        events.push(event);
      expect(events.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("")).toBe(
        "Echo: hi",
      );
      const own = new Error(`sink failed at ${KEY}`);
      const rejected = await transport
        .run?.({ model, request, apiKey: sim.keys.moonshot, stream: true }, () => {
          throw own;
        })
        .catch((error: unknown) => error);
      expect(rejected).toBe(own);
    } finally {
      await sim.close();
    }
  });
});
