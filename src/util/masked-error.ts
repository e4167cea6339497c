/**
 * Errors the library throws, with every key pasted where a name goes masked (`sk-kimi-***`), as
 * the CLI and the gateway show them. A program that logs `err.message`, `String(err)` or
 * `JSON.stringify(err)` must not write a key to its logs because a config named a provider with
 * it. Inside the package errors keep names as written: the CLI matches issue paths against the
 * config, and masks when it prints.
 */
import { maskKeyShapedNames } from "./key-shaped-names.js";

/** How deep `cause` chains and nested values are followed (an error's issues are one level). */
const MAX_DEPTH = 4;

/** Which nested values stay as they are: the caller's own (a tool's error kept as a `cause`). */
type Kept = (value: unknown) => boolean;

const keepNone: Kept = () => false;

function maskedValue(value: unknown, depth: number, kept: Kept): unknown {
  if (typeof value === "string") return maskKeyShapedNames(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (kept(value)) return value;
  if (value instanceof Error) return maskedCopy(value, depth + 1, kept);
  if (Array.isArray(value)) return value.map((item) => maskedValue(item, depth + 1, kept));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      maskKeyShapedNames(key),
      maskedValue(item, depth + 1, kept),
    ]),
  );
}

/**
 * Whether `error` is one the platform made (a DOMException: an AbortSignal's reason), whose
 * `name` and `message` are getters reading internal slots: a copy made with Object.create has
 * none, and reading them, as util.inspect and console.error do, throws ERR_INVALID_THIS. Its
 * words are Node's or the caller's, never a config's names, so it is kept as it is.
 */
function heldInInternalSlots(error: Error): boolean {
  for (let at: object | null = error; at !== null; at = Object.getPrototypeOf(at)) {
    const message = Object.getOwnPropertyDescriptor(at, "message");
    if (message) return message.get !== undefined;
  }
  return false;
}

/**
 * A copy of `error` of the same class (so `instanceof ConfigError` and its `code`, `file`, `line`
 * hold), each string in it masked: message, stack, hint, where, issues and the cause's.
 */
function maskedCopy<E extends Error>(error: E, depth: number, kept: Kept): E {
  if (heldInInternalSlots(error)) return error;
  const copy: E = Object.create(Object.getPrototypeOf(error));
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor) continue;
    if ("value" in descriptor) descriptor.value = maskedValue(descriptor.value, depth, kept);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}

/**
 * `error` with key-shaped names masked (a copy of the same class); anything that is not an
 * Error as it is. Nested values `kept` picks out (the caller's own error, a library error's
 * `cause`) stay the same objects, so `err.cause === theCallersError` holds.
 */
export function withKeyShapedNamesMasked<T>(error: T, kept: Kept = keepNone): T {
  return error instanceof Error ? maskedCopy(error, 0, kept) : error;
}

/**
 * `run()`'s result; what it throws, with key-shaped names masked. `callerThrew` picks out what a
 * callback of the caller's threw from inside `run`: that reaches the caller as it is, alone or
 * as the cause of the library's own error.
 */
export function maskingThrownNames<T>(
  run: () => T,
  callerThrew: (error: unknown) => boolean = keepNone,
): T {
  try {
    return run();
  } catch (error) {
    throw callerThrew(error) ? error : withKeyShapedNamesMasked(error, callerThrew);
  }
}

/** The errors the caller's own code threw, to hand back as they are (see callerCallback). */
export interface ThrownRecord {
  add(error: unknown): void;
  has(error: unknown): boolean;
}

/** How many thrown primitives (`throw "x"`, rare) a record keeps: the latest only. */
const PRIMITIVES_KEPT = 64;

/**
 * A record that keeps no error alive: a long-lived runtime whose caller's transport fails
 * every few seconds held every one of those errors for good in a Set. Objects are held weakly;
 * a thrown primitive is remembered by value, the latest few only.
 */
export function thrownRecord(): ThrownRecord {
  const objects = new WeakSet<object>();
  const primitives: unknown[] = [];
  return {
    add(error) {
      if ((typeof error === "object" && error !== null) || typeof error === "function") {
        objects.add(error);
        return;
      }
      primitives.push(error);
      if (primitives.length > PRIMITIVES_KEPT) primitives.shift();
    },
    has(error) {
      if ((typeof error === "object" && error !== null) || typeof error === "function")
        return objects.has(error);
      return primitives.includes(error);
    },
  };
}

/** `events` passed on, what their iteration fails with added to `thrown` (and rethrown). */
export async function* recordingThrows<T>(
  events: AsyncIterable<T>,
  thrown: ThrownRecord,
): AsyncIterable<T> {
  try {
    yield* events;
  } catch (error) {
    thrown.add(error);
    throw error;
  }
}

/**
 * `callback` (the caller's own) as the package is to call it, and whether an error is one it
 * threw, or its promise rejected with (a tool registry's `run`): the library hands that back
 * unmasked, as the caller made it.
 */
export function callerCallback<A extends unknown[], R>(
  callback: (...args: A) => R,
): { callback: (...args: A) => R; threwIt: (error: unknown) => boolean } {
  const thrown = thrownRecord();
  const record = (error: unknown): never => {
    thrown.add(error);
    throw error;
  };
  return {
    callback: (...args: A) => {
      let returned: R;
      try {
        returned = callback(...args);
      } catch (error) {
        return record(error);
      }
      // A rejection is noted and passed on, not swallowed: unawaited, it stays unhandled.
      return returned instanceof Promise ? (returned.catch(record) as R) : returned;
    },
    threwIt: (error) => thrown.has(error),
  };
}

/**
 * `run()`'s promise; its rejection, with key-shaped names masked, except one `callerThrew` picks
 * out (as maskingThrownNames).
 */
export async function maskingRejectedNames<T>(
  run: () => Promise<T>,
  callerThrew: (error: unknown) => boolean = keepNone,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw callerThrew(error) ? error : withKeyShapedNamesMasked(error, callerThrew);
  }
}
