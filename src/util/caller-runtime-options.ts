/**
 * createRuntime's options as the library's runtime is to call them, and whether an error is one
 * the caller's own code in them threw (its transports, key and chain lookups, token counter,
 * sleep): the library hands that back as the same object, also as the `cause` of its own
 * error (a ProviderError for a transport that failed), instead of a masked copy a program cannot
 * recognise. Anything that is not a function (or a transport) goes as it is, to be named.
 */

import type { ResolvedModel } from "../catalog/types.js";
import type { Transport } from "../providers/types.js";
import type { CreateRuntimeOptions } from "../runtime/runtime.js";
import { type KeyLookupWords, keyResultError } from "./caller-key-result.js";
import { callerCallback, recordingThrows, thrownRecord } from "./masked-error.js";

type CallerThrew = (error: unknown) => boolean;

/** The caller's functions among the options, by name: each may throw the caller's own error. */
const CALLER_FUNCTIONS = [
  "resolveChain",
  "resolveKey",
  "countTokens",
  "sleep",
  "findKeyHome",
  "explainMissingKey",
  "placeKeySource",
  "unsetKeyReferences",
  "wrongProfileKeys",
] as const satisfies readonly (keyof CreateRuntimeOptions)[];

function isTransport(value: unknown): value is Transport {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<Transport>).stream === "function"
  );
}

/** `transport` (the caller's) with what its stream and run fail with noted. */
function callerTransport(transport: Transport): { transport: Transport; threwIt: CallerThrew } {
  const thrown = thrownRecord();
  const stream = callerCallback((call: Parameters<Transport["stream"]>[0]) =>
    transport.stream(call),
  );
  const run = transport.run
    ? callerCallback((...args: Parameters<NonNullable<Transport["run"]>>) =>
        (transport.run as NonNullable<Transport["run"]>).call(transport, ...args),
      )
    : undefined;
  return {
    transport: {
      api: transport.api,
      stream: (call) => recordingThrows(stream.callback(call), thrown),
      ...(run ? { run: run.callback } : {}),
    },
    threwIt: (error) => thrown.has(error) || stream.threwIt(error) || !!run?.threwIt(error),
  };
}

const RUNTIME_KEY_LOOKUP: KeyLookupWords = {
  lookup: "the resolveKey function given to createRuntime",
  calledWhen: "for each model a run tries, before its request",
};

/**
 * The caller's `resolveKey`, whose return is checked: what is no key (a string, null, a promise,
 * an object without its value or source) is refused naming the function and the model, instead of
 * a TypeError from inside the run.
 */
function checkedKeyLookup(
  resolveKey: (...args: unknown[]) => unknown,
): (model: ResolvedModel) => unknown {
  return (model) => {
    const returned = resolveKey(model);
    const refused = keyResultError(returned, model, RUNTIME_KEY_LOOKUP);
    if (refused) throw refused;
    return returned;
  };
}

/** `options` with the caller's functions and transports wrapped, and whether an error is theirs. */
export function withCallerRuntimeOptions(options: CreateRuntimeOptions): {
  options: CreateRuntimeOptions;
  threwIt: CallerThrew;
} {
  if (typeof options !== "object" || options === null) return { options, threwIt: () => false };
  const checks: CallerThrew[] = [];
  const wrapped: Record<string, unknown> = { ...options };
  for (const name of CALLER_FUNCTIONS) {
    const given: unknown = options[name];
    if (typeof given !== "function") continue;
    const caller = callerCallback(given as (...args: unknown[]) => unknown);
    wrapped[name] = name === "resolveKey" ? checkedKeyLookup(caller.callback) : caller.callback;
    checks.push(caller.threwIt);
  }
  const transports = options.transports;
  if (typeof transports === "object" && transports !== null) {
    const own: Record<string, unknown> = { ...transports };
    for (const [api, transport] of Object.entries(transports)) {
      if (!isTransport(transport)) continue;
      const caller = callerTransport(transport);
      own[api] = caller.transport;
      checks.push(caller.threwIt);
    }
    wrapped.transports = own;
  }
  return {
    options: wrapped as unknown as CreateRuntimeOptions,
    threwIt: (error) => checks.some((check) => check(error)),
  };
}
