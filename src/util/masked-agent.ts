/**
 * The conversation loop as the library hands it out: what `runAgent` and `runAgentToEnd` throw
 * or reject with (an option named with a key, a ref a timeout names) shows a key pasted where a
 * name goes masked (`sk-kimi-***`), as the CLI shows it. What the caller's own code threw (its
 * `onMessage`, `onResult` or `onEvent`, its tool registry, a runtime of its own, an error it
 * threw into the generator) comes back as the same object, untouched: it is the caller's to
 * recognise. (The library's runtimes mask their errors themselves.) The CLI uses the loop as it
 * is (it masks when it prints).
 */
import type { AgentEvent, AgentResult, AgentRunOptions } from "../agent/loop.js";
import type { ToolRegistry } from "../agent/tools.js";
import type { Runtime } from "../runtime/types.js";
import {
  callerCallback,
  maskingRejectedNames,
  recordingThrows,
  thrownRecord,
  withKeyShapedNamesMasked,
} from "./masked-error.js";

type CallerThrew = (error: unknown) => boolean;

/**
 * `tools` (the caller's registry, or one of createToolRegistry's with the caller's tools) as the
 * loop is to call it, and whether an error is one it threw or rejected with.
 */
function callerTools(tools: ToolRegistry): { tools: ToolRegistry; threwIt: CallerThrew } {
  const run = callerCallback((...args: Parameters<ToolRegistry["run"]>) => tools.run(...args));
  const names = callerCallback(() => tools.names());
  const definitions = callerCallback(() => tools.definitions());
  return {
    tools: {
      get size() {
        return tools.size;
      },
      names: names.callback,
      definitions: definitions.callback,
      run: run.callback,
    },
    threwIt: (error) => [run, names, definitions].some((caller) => caller.threwIt(error)),
  };
}

/**
 * `runtime` as the loop is to call it, and whether an error is one its stream threw: a program's
 * own Runtime (a proxy, a fake) may fail with an error object the program checks for.
 */
function callerRuntime(runtime: Runtime): { runtime: Runtime; threwIt: CallerThrew } {
  const thrown = thrownRecord();
  const stream = callerCallback((options: Parameters<Runtime["stream"]>[0]) =>
    runtime.stream(options),
  );
  return {
    runtime: {
      stream: (options) => recordingThrows(stream.callback(options), thrown),
      relay: (options, sink) => runtime.relay(options, sink),
      complete: (options, sink) => runtime.complete(options, sink),
    },
    threwIt: (error) => thrown.has(error) || stream.threwIt(error),
  };
}

/** Whether `runtime` has a stream to wrap; anything else reaches the loop, to be named. */
function isRuntime(runtime: unknown): runtime is Runtime {
  return (
    typeof runtime === "object" &&
    runtime !== null &&
    typeof (runtime as Partial<Runtime>).stream === "function"
  );
}

/** Whether `tools` is a registry to wrap; anything else reaches the loop as it was given. */
function isRegistry(tools: unknown): tools is ToolRegistry {
  return (
    typeof tools === "object" &&
    tools !== null &&
    typeof (tools as Partial<ToolRegistry>).run === "function"
  );
}

/**
 * `options`' runtime and tools (a run's or a session turn's) wrapped, and whether an error is
 * one they threw. Anything that is not a runtime or a registry goes as it is, to be named.
 */
export function withCallerRuntimeAndTools<O extends { runtime: Runtime; tools?: ToolRegistry }>(
  options: O,
): { options: O; threwIt: CallerThrew } {
  const tools = isRegistry(options.tools) ? callerTools(options.tools) : undefined;
  const runtime = isRuntime(options.runtime) ? callerRuntime(options.runtime) : undefined;
  return {
    options: {
      ...options,
      ...(runtime ? { runtime: runtime.runtime } : {}),
      ...(tools ? { tools: tools.tools } : {}),
    },
    threwIt: (error) => [tools, runtime].some((caller) => caller?.threwIt(error)),
  };
}

/**
 * `options` with the caller's callbacks and tools wrapped, and whether an error is one of theirs.
 * Options that are not an object go as they are, for the loop to say so (masked).
 */
function withCallerCode(options: AgentRunOptions): {
  options: AgentRunOptions;
  threwIt: CallerThrew;
} {
  if (typeof options !== "object" || options === null) return { options, threwIt: () => false };
  // Only functions are wrapped: anything else reaches the loop as it was, to be named.
  const onMessage =
    typeof options.onMessage === "function" ? callerCallback(options.onMessage) : undefined;
  const onResult =
    typeof options.onResult === "function" ? callerCallback(options.onResult) : undefined;
  const parts = withCallerRuntimeAndTools(options);
  return {
    options: {
      ...parts.options,
      ...(onMessage ? { onMessage: onMessage.callback } : {}),
      ...(onResult ? { onResult: onResult.callback } : {}),
    },
    threwIt: (error) =>
      parts.threwIt(error) || [onMessage, onResult].some((caller) => caller?.threwIt(error)),
  };
}

/**
 * `run` (runAgent as written) over `options`: the generator's steps reject with names masked,
 * except with what the caller's code threw, or what the caller threw into it with `throw()`.
 */
export function maskingAgentRun(
  run: (options: AgentRunOptions) => AsyncGenerator<AgentEvent, AgentResult>,
  options: AgentRunOptions,
): AsyncGenerator<AgentEvent, AgentResult> {
  const wrapped = withCallerCode(options);
  const inner = run(wrapped.options);
  const thrownIn = thrownRecord();
  const masked = (
    step: Promise<IteratorResult<AgentEvent, AgentResult>>,
  ): Promise<IteratorResult<AgentEvent, AgentResult>> =>
    step.catch((error: unknown) => {
      const callers = (value: unknown) => wrapped.threwIt(value) || thrownIn.has(value);
      throw callers(error) ? error : withKeyShapedNamesMasked(error, callers);
    });
  const generator: AsyncGenerator<AgentEvent, AgentResult> = {
    next: () => masked(inner.next()),
    return: (value) => masked(inner.return(value)),
    throw: (error: unknown) => {
      thrownIn.add(error);
      return masked(inner.throw(error));
    },
    [Symbol.asyncIterator]: () => generator,
  };
  return generator;
}

/**
 * `runToEnd` (runAgentToEnd as written): rejects with names masked, except with what the
 * caller's `onEvent`, `onMessage`, `onResult` or tools threw.
 */
export function maskingAgentRunToEnd(
  runToEnd: (
    options: AgentRunOptions,
    onEvent?: (event: AgentEvent) => void,
  ) => Promise<AgentResult>,
  options: AgentRunOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  const wrapped = withCallerCode(options);
  const event = typeof onEvent === "function" ? callerCallback(onEvent) : undefined;
  return maskingRejectedNames(
    () => runToEnd(wrapped.options, event ? event.callback : onEvent),
    (error) => wrapped.threwIt(error) || (event?.threwIt(error) ?? false),
  );
}
