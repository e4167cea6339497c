/**
 * What a program's own `resolveKey` (createRuntime's, startGateway's) returned, checked before
 * anything reads it. Plain JavaScript can return anything: the key as a string, `null`, an object
 * without a `value` or a `source`; each was read as a key and ended in a TypeError from deep
 * inside (`Cannot read properties of undefined (reading 'kind')`), or a request answered with an
 * anonymous 500. It is told instead: which function, for which model, what it returned (by kind
 * only: a string there is most likely the key itself), and what to return.
 */

import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError, ResolveKeyError } from "../errors.js";

/**
 * The code of the error a wrong return of a program's `resolveKey` becomes, createRuntime's and
 * startGateway's alike: a script switching on `error.code` reads one code for it from either
 * (not `usage` from one and `gateway.resolve_key_threw`, a throw's, from the other).
 */
export const KEY_RESULT_REFUSED = "resolve_key.not_a_key";

/** A wrong return of a caller's key lookup, in words (what the error the caller makes says). */
export interface KeyResultProblem {
  message: string;
  hint: string;
}

/** Where the lookup is named, and when it is called (for a promise's hint). */
export interface KeyLookupWords {
  /** `the resolveKey function given to startGateway`. */
  lookup: string;
  /** `for each model at start, on each reload of the config and on each request`. */
  calledWhen: string;
}

const RETURN =
  'return toResolvedKey(key, source) (exported by openclaw-kimi), its source saying where your program read the key (such as { kind: "env", variable: "MY_APP_KEY" }), or undefined when it has no key for that model';

/** `value[field]`, or that reading it threw (a getter, a revoked Proxy). */
function fieldOf(value: object, field: string): { read: unknown } | { threw: true } {
  try {
    return { read: (value as Record<string, unknown>)[field] };
  } catch {
    return { threw: true };
  }
}

/** A value by its kind only, never its text (a string there may be the key). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : "a string";
    case "object":
      return "an object";
    case "undefined":
      return "undefined";
    default:
      return `a ${typeof value}`;
  }
}

/** Whether `value` is a promise (an `async` function's) or any thenable. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  const then = fieldOf(value, "then");
  return "read" in then && typeof then.read === "function";
}

/** What is wrong with `source` as a KeySource; undefined when nothing is. */
function sourceProblem(source: object): string | undefined {
  const kind = fieldOf(source, "kind");
  const read = (field: string) => {
    const found = fieldOf(source, field);
    return "read" in found ? found.read : undefined;
  };
  const text = (field: string) => typeof read(field) === "string" && read(field) !== "";
  if (!("read" in kind) || !["profile", "env", "config"].includes(kind.read as string)) {
    return `source.kind is ${"read" in kind ? kindOf(kind.read) : "unreadable"}, not "profile", "env" or "config"`;
  }
  if (kind.read === "profile" && !text("profileId")) {
    return "source (kind profile) has no profileId (a string)";
  }
  if (kind.read === "env" && !text("variable")) {
    return "source (kind env) has no variable (a string)";
  }
  if (kind.read === "config") {
    const variables = read("variables");
    if (!text("path") || typeof read("template") !== "string" || !Array.isArray(variables)) {
      return "source (kind config) lacks its path, template (strings) or variables (an array)";
    }
  }
  return undefined;
}

/** What is wrong with an object returned as a key (`its value is …`); undefined when nothing is. */
function keyObjectProblem(returned: object): string | undefined {
  const fields: Record<string, unknown> = {};
  for (const field of ["value", "source", "masked", "fingerprint"]) {
    const found = fieldOf(returned, field);
    if (!("read" in found)) return `its ${field} could not be read`;
    fields[field] = found.read;
  }
  if (typeof fields.value !== "string") {
    return `its value (the key, a string) is ${kindOf(fields.value)}`;
  }
  if (fields.value === "") return "its value (the key) is an empty string";
  if (typeof fields.source !== "object" || fields.source === null) {
    return `its source is ${kindOf(fields.source)}`;
  }
  const source = sourceProblem(fields.source);
  if (source) return `its ${source}`;
  for (const field of ["masked", "fingerprint"]) {
    if (typeof fields[field] !== "string" || fields[field] === "") {
      return `its ${field} is ${kindOf(fields[field])}, not a string`;
    }
  }
  return undefined;
}

/**
 * Why `returned` (what a caller's key lookup gave for `ref`) is neither a key nor undefined, and
 * what to return instead; undefined when it is one of those. A promise's rejection is caught: a
 * lookup called without waiting cannot use it, and left alone it would end the process.
 */
export function keyResultProblem(
  returned: unknown,
  ref: string,
  words: KeyLookupWords,
): KeyResultProblem | undefined {
  if (returned === undefined) return undefined;
  const said = (what: string, hint: string): KeyResultProblem => ({
    message: `${words.lookup} returned ${what} for ${ref}, not its key`,
    hint,
  });
  if (isThenable(returned)) {
    try {
      returned.then(undefined, () => {});
    } catch {
      // A thenable whose `then` throws: nothing is left pending.
    }
    return said(
      "a promise",
      `it is called without waiting (${words.calledWhen}): have the keys at hand (or in a cache you refresh yourself) and return the model's key itself (toResolvedKey(key, source)), or undefined when it has none`,
    );
  }
  if (returned === null) {
    return said(
      "null",
      "return undefined, not null, when it has no key for a model; a key as toResolvedKey(key, source) (exported by openclaw-kimi) builds it",
    );
  }
  if (typeof returned === "string") {
    return said(
      kindOf(returned),
      `a key is returned with where it was read from, which a refusal of it names: ${RETURN}`,
    );
  }
  if (typeof returned !== "object" || Array.isArray(returned))
    return said(kindOf(returned), RETURN);
  const problem = keyObjectProblem(returned);
  if (!problem) return undefined;
  return {
    message: `${words.lookup} returned an object for ${ref} that is not a key: ${problem}`,
    hint: `${RETURN}; toResolvedKey fills in masked and fingerprint, which a key built by hand needs too (value, source, masked, fingerprint)`,
  };
}

/**
 * The error of what a caller's key lookup returned for `model`, when it is neither a key nor
 * undefined (code KEY_RESULT_REFUSED, `where` `resolveKey`, the model's provider and id);
 * undefined when it is one of those.
 */
export function keyResultError(
  returned: unknown,
  model: Pick<ResolvedModel, "ref" | "provider" | "id">,
  words: KeyLookupWords,
): ResolveKeyError | undefined {
  const problem = keyResultProblem(returned, model.ref, words);
  if (!problem) return undefined;
  return new ResolveKeyError(KEY_RESULT_REFUSED, {
    ...problem,
    provider: model.provider,
    model: model.id,
  });
}

/** How toResolvedKey is called, for its errors' hints. */
const TO_RESOLVED_KEY =
  'toResolvedKey(key, source) takes the key your program read, as a string, and where it read it, such as { kind: "env", variable: "MY_APP_KEY" }';

/**
 * The arguments of the package's `toResolvedKey`, checked: plain JavaScript passes a variable that
 * is not set (`toResolvedKey(process.env.MY_KEY, …)`) or a source as a word (`"vault"`), and the
 * key's masking failed with `key.trim is not a function`, or a refusal of the key, naming its
 * source, failed later. Said by kind only: a string there may be the key. Code `usage`.
 */
export function checkToResolvedKeyArguments(value: unknown, source: unknown): void {
  const refuse = (where: string, message: string, hint = TO_RESOLVED_KEY) => {
    throw new OpenClawError("usage", message, { where, hint });
  };
  if (typeof value !== "string")
    refuse("value", `toResolvedKey needs the key as a string, got ${kindOf(value)}`);
  if (value === "")
    refuse(
      "value",
      "toResolvedKey got an empty string as the key",
      "a variable set to an empty string holds no key: have resolveKey return undefined for that model (the error it gets then names resolveKey), not a key",
    );
  if (typeof source !== "object" || source === null || Array.isArray(source))
    refuse("source", `toResolvedKey needs the key's source as an object, got ${kindOf(source)}`);
  const problem = sourceProblem(source as object);
  if (problem) refuse("source", `toResolvedKey's ${problem}`);
}
