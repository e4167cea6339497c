/**
 * What a program's own code threw, read without trusting it: a thrown value may be anything (a
 * revoked Proxy, an Error whose `message` getter throws, an object with no prototype, a Symbol),
 * and asking it `instanceof` or turning it into text may itself throw. These never do.
 */
import { types } from "node:util";

/** Whether `value instanceof type`; false where asking throws (a revoked Proxy, a throwing trap). */
export function isInstance<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** `value[key]`, or undefined where reading it throws (a getter, a trap, a revoked Proxy). */
function readField(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** An object's class name as its constructor says it, when that can be read. */
function className(value: object): string | undefined {
  const made = readField(value, "constructor");
  if (typeof made !== "function") return undefined;
  const name = readField(made, "name");
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** An object's prototype; `undefined` where asking throws. */
function prototypeOf(value: object): object | null | undefined {
  try {
    return Object.getPrototypeOf(value);
  } catch {
    return undefined;
  }
}

/** What an object that is not an Error is, in words, with its `message` when it has one. */
function objectWords(value: object): string {
  if (types.isProxy(value) && prototypeOf(value) === undefined) return "a revoked Proxy";
  const message = readField(value, "message");
  const withMessage = (what: string) =>
    typeof message === "string" && message !== "" ? `${what}: ${message}` : what;
  if (prototypeOf(value) === null) return withMessage("an object with no prototype");
  try {
    const text = String(value);
    if (!/^\[object \w+\]$/.test(text)) return text;
  } catch {
    // An object that cannot be made into text: said by its class.
  }
  const name = className(value);
  return withMessage(name ? `an object of class ${name}` : "an object");
}

/**
 * An Error's message or a thrown string: what most code throws, and the words to quote as they
 * are. Undefined for anything else (see thrownText), and where reading the message throws.
 */
export function thrownMessage(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isInstance(value, Error) && !types.isNativeError(value)) return undefined;
  const message = readField(value, "message");
  return typeof message === "string" ? message : undefined;
}

/**
 * What was thrown, in words, never throwing: an Error's message (after its name with
 * `withName`), a string as it is, a Symbol as `Symbol(…)`, and for anything else what it is
 * ("a revoked Proxy", "an object with no prototype: …"). Not yet printable: see printable().
 */
export function thrownText(value: unknown, withName = false): string {
  if (typeof value === "string") return value;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") {
    const name = readField(value, "name");
    return typeof name === "string" && name !== "" ? `the function ${name}` : "a function";
  }
  if (typeof value !== "object" || value === null) return String(value);
  if (!isInstance(value, Error) && !types.isNativeError(value)) return objectWords(value);
  const name = readField(value, "name");
  const said = typeof name === "string" && name !== "" ? name : (className(value) ?? "Error");
  const message = thrownMessage(value);
  if (message === undefined) return `${said} (its message could not be read)`;
  return withName ? `${said}: ${message}` : message;
}
