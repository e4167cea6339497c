/**
 * A runtime as the library hands it out: what its runs throw or reject with, and the errors its
 * `retry` and `fallback` events carry, show a key pasted where a name goes (a provider named
 * `sk-kimi-…`) masked, as the CLI and the gateway show them. Only the library's entry points
 * wrap a runtime so; the gateway and the CLI use the runtime as it is (they mask when they print),
 * so their request path pays nothing for it.
 */
import type { Runtime, RuntimeEvent, RuntimeSink } from "../runtime/types.js";
import { withKeyShapedNamesMasked } from "./masked-error.js";

/** `event` with its `error` (retry, fallback) masked; every other event as it is. */
export function withEventErrorMasked<E extends { type: string }>(event: E): E {
  if ((event.type === "retry" || event.type === "fallback") && "error" in event) {
    return { ...event, error: withKeyShapedNamesMasked(event.error) };
  }
  return event;
}

async function* maskedEvents(events: AsyncIterable<RuntimeEvent>): AsyncIterable<RuntimeEvent> {
  try {
    for await (const event of events) yield withEventErrorMasked(event);
  } catch (error) {
    throw withKeyShapedNamesMasked(error);
  }
}

/**
 * `sink` as the runtime is to call it (events masked), and whether a rejection is what the
 * caller's own sink threw: that is rethrown as it is, as `Runtime.relay` promises.
 */
function maskingSink(sink: RuntimeSink): {
  sink: RuntimeSink;
  threwIt: (error: unknown) => boolean;
} {
  const thrown = new Set<unknown>();
  const record = (error: unknown): never => {
    thrown.add(error);
    throw error;
  };
  return {
    sink: (event) => {
      try {
        const returned = sink(withEventErrorMasked(event));
        return returned instanceof Promise ? returned.catch(record) : returned;
      } catch (error) {
        return record(error);
      }
    },
    threwIt: (error) => thrown.has(error),
  };
}

/** `runtime` with what reaches its caller masked (see the module comment). */
export function maskedRuntime(runtime: Runtime): Runtime {
  return {
    stream: (options) => maskedEvents(runtime.stream(options)),
    relay: (options, sink) => {
      const wrapped = maskingSink(sink);
      return runtime.relay(options, wrapped.sink).catch((error: unknown) => {
        throw wrapped.threwIt(error) ? error : withKeyShapedNamesMasked(error);
      });
    },
    complete: (options, sink) => {
      const wrapped = sink ? maskingSink(sink) : undefined;
      return runtime.complete(options, wrapped?.sink).catch((error: unknown) => {
        throw wrapped?.threwIt(error) ? error : withKeyShapedNamesMasked(error);
      });
    },
  };
}
