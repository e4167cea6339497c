/** Shared bits for the transport tests: a private pool, a run-to-completion helper, error capture. */
import type { LookupFunction } from "node:net";
import { Agent } from "undici";
import type { ResolvedModel } from "../../src/catalog/types.js";
import { createOpenAICompletionsTransport, ProviderError } from "../../src/providers/index.js";
import type { ChatRequest, StreamEvent, Timeouts, Transport } from "../../src/providers/types.js";

/** Resolves every host name to 127.0.0.1, so `api.moonshot.cn:<port>` reaches the simulator. */
const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if (options.all) {
    (callback as (e: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  } else callback(null, "127.0.0.1", 4);
};

export function testTransport(loopbackHosts = false): { transport: Transport; agent: Agent } {
  const agent = new Agent({
    keepAliveTimeout: 2_000,
    ...(loopbackHosts ? { connect: { lookup: loopbackLookup } } : {}),
  });
  return { transport: createOpenAICompletionsTransport({ dispatcher: agent }), agent };
}

export interface RunOptions {
  apiKey: string | undefined;
  stream?: boolean;
  signal?: AbortSignal;
  timeouts?: Timeouts;
}

export async function collect(
  transport: Transport,
  model: ResolvedModel,
  request: ChatRequest,
  options: RunOptions,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of transport.stream({
    model,
    request,
    apiKey: options.apiKey,
    stream: options.stream ?? true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  })) {
    events.push(event);
  }
  return events;
}

export async function failure(run: Promise<unknown>): Promise<ProviderError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

export function doneOf(events: StreamEvent[]): Extract<StreamEvent, { type: "done" }> {
  const done = events.find((e): e is Extract<StreamEvent, { type: "done" }> => e.type === "done");
  if (!done) throw new Error("no done event");
  return done;
}

export async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}
