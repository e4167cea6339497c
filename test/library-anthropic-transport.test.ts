/**
 * The library's getTransport("anthropic-messages"), called directly (outside the runtime) against
 * the simulator's Kimi Code Anthropic surface over a real socket: it speaks Anthropic's Messages
 * format. It handed out the chat-completions transport for every api, which posted the chat
 * format to `{baseUrl}/chat/completions` of an Anthropic endpoint.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  buildCatalog,
  getTransport,
  loadConfigObject,
  ProviderError,
  type ResolvedModel,
  resolveModel,
  type StreamEvent,
} from "../src/index.js";
import { closedPort } from "./helpers/net.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function kimiCodeOverAnthropic(): Promise<{ sim: Simulator; model: ResolvedModel }> {
  const sim = await startSimulator();
  cleanups.push(() => sim.close());
  const config = {
    models: {
      mode: "merge",
      providers: { "kimi-code": { api: "anthropic-messages", baseUrl: `${sim.url}/coding` } },
    },
  };
  const catalog = buildCatalog(loadConfigObject(config, { env: {} }));
  return { sim, model: resolveModel(catalog, "kimi-code/kimi-for-coding") };
}

function textOf(events: readonly StreamEvent[]): string {
  return events.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("");
}

describe('getTransport("anthropic-messages") from the library', () => {
  it("is the Messages transport: it posts to /coding/v1/messages and reads the answer", async () => {
    const { sim, model } = await kimiCodeOverAnthropic();
    const transport = getTransport("anthropic-messages");
    expect(transport.api).toBe("anthropic-messages");
    const events: StreamEvent[] = [];
    for await (const event of transport.stream({
      model,
      request: { messages: [{ role: "user", content: "hi" }] },
      apiKey: sim.keys.kimiCode,
      stream: true,
    }))
      events.push(event);
    expect(textOf(events)).toBe("You said: hi");
    expect(sim.requests.map((request) => request.path)).toEqual(["/coding/v1/messages"]);
  });

  it("masks a key-shaped provider name in its failures, as the chat transport does", async () => {
    const name = "sk-kimi-abcdefgh12345678XYZsecret";
    const baseUrl = `http://127.0.0.1:${await closedPort()}/coding`;
    const config = {
      models: {
        providers: {
          [name]: {
            baseUrl,
            api: "anthropic-messages",
            models: [{ id: "kimi-for-coding", name: "k" }],
          },
        },
      },
    };
    const model = resolveModel(
      buildCatalog(loadConfigObject(config, { env: {} })),
      `${name}/kimi-for-coding`,
    );
    const failure = await getTransport("anthropic-messages")
      .run?.(
        {
          model,
          request: { messages: [{ role: "user", content: "hi" }] },
          apiKey: "sk-x",
          stream: true,
        },
        () => {},
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).provider).toBe("sk-kimi-***");
    expect((failure as ProviderError).message).not.toContain("abcdefgh12345678");
  });
});
