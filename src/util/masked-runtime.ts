/**
 * A runtime as the library hands it out: what its runs throw or reject with, the errors its
 * `retry` and `fallback` events carry, and the model refs its results and events name show a key
 * pasted where a name goes (a provider named `sk-kimi-…`, shown `sk-kimi-***`) masked, as the
 * CLI's output and `agent --json` show them. Only the library's entry points wrap a runtime so;
 * the gateway and the CLI use the runtime as it is (they mask when they print), so their request
 * path pays nothing for it.
 */

import { noteRunFailure, type RunFailure, runFailureOf } from "../runtime/run-failure.js";
import type {
  RunOptions,
  RunResult,
  Runtime,
  RuntimeEvent,
  RuntimeSink,
} from "../runtime/types.js";
import { maskKeyShapedNames } from "./key-shaped-names.js";
import { callerCallback, withKeyShapedNamesMasked } from "./masked-error.js";
import { type ReadOnceAdvice, readOnce } from "./read-once.js";

type CallerThrew = (error: unknown) => boolean;

/** Failed attempts or corrected requests with their model refs and messages masked. */
function withEntriesMasked<T extends { model: string; message: string }>(
  entries: readonly T[],
): T[] {
  return entries.map((entry) => ({
    ...entry,
    model: maskKeyShapedNames(entry.model),
    message: maskKeyShapedNames(entry.message),
  }));
}

function maskedOrUndefined(ref: string | undefined): string | undefined {
  return ref === undefined ? undefined : maskKeyShapedNames(ref);
}

/**
 * `result` with the model refs it names masked: the model that answered, the one asked for, the
 * one fallen back from, and those of its failed attempts and corrected requests (with their
 * messages, which quote the ref). The answer itself is left as the model gave it.
 */
export function withResultRefsMasked(result: RunResult): RunResult {
  return {
    ...result,
    model: maskKeyShapedNames(result.model),
    requestedModel: maskKeyShapedNames(result.requestedModel),
    fallbackFrom: maskedOrUndefined(result.fallbackFrom),
    failedAttempts: withEntriesMasked(result.failedAttempts),
    ...(result.corrections ? { corrections: withEntriesMasked(result.corrections) } : {}),
  };
}

/** A failed run's report (`runFailureOf`) with its model refs masked, as its result's are. */
function withFailureRefsMasked(failure: RunFailure): RunFailure {
  return {
    ...failure,
    model: maskedOrUndefined(failure.model),
    fallbackFrom: maskedOrUndefined(failure.fallbackFrom),
    failedAttempts: withEntriesMasked(failure.failedAttempts),
    ...(failure.earlierFailedAttempts
      ? { earlierFailedAttempts: withEntriesMasked(failure.earlierFailedAttempts) }
      : {}),
    corrections: withEntriesMasked(failure.corrections),
  };
}

/**
 * `event` with its `error` (retry, fallback), its model refs (start, retry, fallback,
 * web_search) and its result masked; every other event (text, reasoning, tool calls) as it is.
 */
export function withEventErrorMasked(event: RuntimeEvent): RuntimeEvent {
  switch (event.type) {
    case "start":
    case "web_search":
      return { ...event, model: maskKeyShapedNames(event.model) };
    case "retry":
      return {
        ...event,
        model: maskKeyShapedNames(event.model),
        error: withKeyShapedNamesMasked(event.error),
      };
    case "fallback":
      return {
        ...event,
        from: maskKeyShapedNames(event.from),
        to: maskKeyShapedNames(event.to),
        error: withKeyShapedNamesMasked(event.error),
      };
    case "result":
      return { ...event, result: withResultRefsMasked(event.result) };
    default:
      return event;
  }
}

/** What a second `for await` over a run's stream is told (see read-once.ts). */
const STREAM_READ_ONCE: ReadOnceAdvice = {
  call: "runtime.stream(options)",
  where: "stream",
  instead:
    'its last event, "result", holds the run\'s result (event.result), and runtime.complete(options) gives the result alone',
};

/**
 * `error` masked, except what the caller's code threw, kept as it is, alone or as a cause. A
 * masked copy keeps the run's report (`runFailureOf`), its refs masked too: the copy is what the
 * caller holds, and the report was kept with the original only.
 */
function maskedUnlessCallers(error: unknown, callerThrew: CallerThrew): unknown {
  if (callerThrew(error)) return error;
  const masked = withKeyShapedNamesMasked(error, callerThrew);
  const failure = masked === error ? undefined : runFailureOf(error);
  if (failure !== undefined) noteRunFailure(masked, withFailureRefsMasked(failure));
  return masked;
}

async function* maskedEvents(
  events: AsyncIterable<RuntimeEvent>,
  callerThrew: CallerThrew,
): AsyncGenerator<RuntimeEvent> {
  try {
    for await (const event of events) yield withEventErrorMasked(event);
  } catch (error) {
    throw maskedUnlessCallers(error, callerThrew);
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
  const caller = callerCallback((event: RuntimeEvent) => sink(withEventErrorMasked(event)));
  return { sink: caller.callback, threwIt: caller.threwIt };
}

/**
 * `callerThrew`, also picking out the reason the caller aborted the run's signal with
 * (`controller.abort(new Error("shutting down"))`): it is the caller's own object, the cause at
 * the end of the run's `provider.cancelled` error, and is handed back as the same object.
 */
function orSignalReason(options: RunOptions, callerThrew: CallerThrew): CallerThrew {
  return (error) =>
    callerThrew(error) ||
    (typeof error === "object" && error !== null && options?.signal?.reason === error);
}

/**
 * `runtime` with what reaches its caller masked (see the module comment). What the caller's own
 * code threw (its sink, and what `callerThrew` picks out: createRuntime's transports and lookups)
 * comes back as the same object, alone or as the `cause` of the runtime's error.
 */
export function maskedRuntime(runtime: Runtime, callerThrew: CallerThrew = () => false): Runtime {
  return {
    stream: (options) =>
      readOnce(
        maskedEvents(runtime.stream(options), orSignalReason(options, callerThrew)),
        STREAM_READ_ONCE,
      ),
    relay: (options, sink) => {
      // Only a function is wrapped: anything else reaches the runtime, which names it.
      const wrapped = typeof sink === "function" ? maskingSink(sink) : undefined;
      const callers = orSignalReason(
        options,
        (error) => !!wrapped?.threwIt(error) || callerThrew(error),
      );
      return runtime
        .relay(options, wrapped?.sink ?? sink)
        .then(withResultRefsMasked, (error: unknown) => {
          throw maskedUnlessCallers(error, callers);
        });
    },
    complete: (options, sink) => {
      const wrapped = typeof sink === "function" ? maskingSink(sink) : undefined;
      const callers = orSignalReason(
        options,
        (error) => !!wrapped?.threwIt(error) || callerThrew(error),
      );
      return runtime
        .complete(options, wrapped?.sink ?? sink)
        .then(withResultRefsMasked, (error: unknown) => {
          throw maskedUnlessCallers(error, callers);
        });
    },
  };
}
