/**
 * The one error type people see. Every failure a user can cause or fix is an OpenClawError:
 * it carries a stable `code` for scripts, a message that says what is wrong and where, and a
 * `hint` that says what to do. The CLI prints these without a stack trace.
 */
import { type InspectOptions, inspect } from "node:util";
import type { OpenClawErrorCode } from "./error-codes.js";
import type { DroppedToolCallRow } from "./providers/types.js";

/**
 * By how much a request was too long for the model, as whoever refused it counted. Set on a
 * context-length refusal where its counts are known, so that whoever retells it (the gateway's
 * Anthropic "prompt is too long: N tokens > M maximum") reads numbers, not the message's words.
 */
export type ContextOverflow =
  /** The gateway's own check: its estimate of the prompt against the model's window. */
  | {
      /** Found by the local estimate, before anything was sent. */
      by: "estimate";
      /** The prompt's estimated tokens. */
      promptTokens: number;
      /** The model's context window, in tokens. */
      contextWindow: number;
      /** Tokens kept free of it for the answer. */
      keptForAnswer: number;
    }
  /** The provider's token count: the prompt and the answer's cap together, against its limit. */
  | {
      /** Refused by the provider, with its count. */
      by: "provider_tokens";
      /** The prompt's and the answer cap's tokens together, as the provider counted them. */
      requestedTokens: number;
      /** The provider's limit, in tokens. */
      limitTokens: number;
    }
  /**
   * The provider's limit alone: it refused the prompt and the answer's cap together as over it
   * without its count of them (Moonshot's "exceeded model token limit: N" with no "requested").
   */
  | {
      /** Refused by the provider, with its limit only. */
      by: "provider_limit";
      /** The provider's limit, in tokens. */
      limitTokens: number;
    }
  /** The provider's size limit on a request's messages, in bytes, whatever the tokens. */
  | {
      /** Refused by the provider for the messages' size. */
      by: "provider_bytes";
      /** The messages' size, in bytes, as the provider measured it. */
      messageBytes: number;
      /** The provider's limit, in bytes. */
      limitBytes: number;
    };

/** The optional parts of an `OpenClawError`, its constructor's third argument. */
export interface OpenClawErrorOptions {
  /** What the person can do about it. */
  hint?: string;
  /** Where it happened: a file, a dotted config path, a URL. */
  where?: string;
  /** The error underneath, kept as the error's `cause`. */
  cause?: unknown;
  /** Process exit code the CLI should use: 1 for failures (default), 2 for usage mistakes. */
  exitCode?: 1 | 2;
  /** A context-length refusal's counts, when they are known (see ContextOverflow). */
  overflow?: ContextOverflow;
}

/** What `OpenClawError.toJSON()` gives (subclasses add their own keys). */
export type OpenClawErrorJson = {
  /** The stable error code (`config.invalid`, `provider.auth`…). */
  code: OpenClawErrorCode;
  /** What went wrong. */
  message: string;
  /** The file (with its line), dotted config path or URL the error is about; null when none. */
  where: string | null;
  /** What the person can do about it; null when there is nothing to add. */
  hint: string | null;
};

/**
 * The fields util.inspect (console.log, console.error) leaves out of an OpenClawError of this
 * class: kept on the object for the CLI's and the library's own use, they mean nothing to a
 * program printing it. Subclasses add theirs (ModelRefError's). Node prints an uncaught error or
 * rejection with inspect's customInspect off, so there every own enumerable field shows.
 */
const notInspected = new WeakMap<object, ReadonlySet<PropertyKey>>();

/** Leaves `keys` out of what util.inspect prints of errors of `errorClass` (and its subclasses). */
export function leaveOutOfInspect(
  errorClass: abstract new (...args: never[]) => OpenClawError,
  keys: readonly PropertyKey[],
): void {
  notInspected.set(errorClass.prototype, new Set(keys));
}

/** The fields to leave out for `error`: its class's and every class's above it. */
function fieldsNotInspected(error: OpenClawError): Set<PropertyKey> {
  const left = new Set<PropertyKey>();
  for (let at: object | null = error; at !== null; at = Object.getPrototypeOf(at))
    for (const key of notInspected.get(at) ?? []) left.add(key);
  return left;
}

/**
 * What util.inspect prints of `error`: what Node prints of an error (the stack, the fields,
 * `[cause]`), without the fields left out for its class and without those holding undefined (an
 * unset `hint`, `where`, `overflow`, a config object's `file` and `line`). The object keeps them
 * all: `in`, spread and `toJSON` see what they saw.
 */
function inspectedView(
  error: OpenClawError,
  depth: number,
  options: InspectOptions,
  format: typeof inspect,
): string {
  const left = fieldsNotInspected(error);
  // Of the same class, so that Node names it as it names the error; its own (non-enumerable,
  // unprinted) inspect hook set to nothing, so that Node prints the view as an error.
  const view: object = Object.create(Object.getPrototypeOf(error));
  Object.defineProperty(view, inspect.custom, { value: undefined });
  for (const key of Reflect.ownKeys(error)) {
    const field = Object.getOwnPropertyDescriptor(error, key);
    if (field === undefined) continue;
    if (field.enumerable && (left.has(key) || ("value" in field && field.value === undefined)))
      continue;
    Object.defineProperty(view, key, field);
  }
  return format(view, { ...options, depth });
}

/** The mark every copy of this package (one per installed package) puts on its OpenClawError. */
const BRAND: unique symbol = Symbol.for("openclaw-kimi.OpenClawError");

/**
 * What the library throws for a cause a caller can act on: a stable `code` to test, a `message`,
 * `where` (a dotted path, file:line or ref) and a `hint` saying what to do. Subclasses add the
 * fields of their cause; `isOpenClawError(e)` also knows one made by another copy of the package.
 */
export class OpenClawError extends Error {
  /**
   * Stable, for programs to test (`provider.auth`, `config.invalid`, `usage`, …); the message may
   * change. One of KNOWN_ERROR_CODES (type KnownErrorCode) when the library made the error; a
   * program's own code when its callback threw it.
   */
  readonly code: OpenClawErrorCode;
  /**
   * What to do about it, in one sentence; undefined when there is nothing to add to the message.
   */
  readonly hint: string | undefined;
  /**
   * Where the cause is: a `file:line`, a dotted config path (`models.providers.moonshot.apiKey`) or
   * a model ref.
   */
  readonly where: string | undefined;
  /** The exit code the CLI ends with for it: 2 for a usage mistake, 1 for anything else. */
  readonly exitCode: 1 | 2;
  /** A context-length refusal's counts; undefined for any other error, or when none were told. */
  readonly overflow: ContextOverflow | undefined;
  /**
   * Set by `runAgent` (`runAgentToEnd`) on the error that ended a run after some of its requests
   * had finished, when their tool calls had arguments left out (see DroppedToolCallData): what a
   * finished run's `results` would have said. Absent when nothing was left out: declared, not
   * defined, so that an error without it has no such key (`in`, `Object.keys`, util.inspect).
   */
  declare droppedToolCallData?: DroppedToolCallRow[];

  constructor(code: OpenClawErrorCode, message: string, options: OpenClawErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OpenClawError";
    this.code = code;
    this.hint = options.hint;
    this.where = options.where;
    this.exitCode = options.exitCode ?? 1;
    this.overflow = options.overflow;
  }

  static {
    Object.defineProperty(OpenClawError.prototype, BRAND, { value: true });
    // The CLI's exit code means nothing to a program that prints the error.
    leaveOutOfInspect(OpenClawError, ["exitCode"]);
  }

  /**
   * What console.log and util.inspect print of it: the stack, the fields that are set and
   * `[cause]`; not the fields left undefined, nor the CLI's `exitCode` (the object keeps them).
   */
  [inspect.custom](depth: number, options: InspectOptions, format: typeof inspect): string {
    return inspectedView(this, depth, options, format);
  }

  /**
   * A plain object for `--json` output, in the shape the CLI's failure object's `error` has:
   * `where` and `hint` are always there, `null` when there is none, so that a script reads the
   * same keys from every error. Never includes secrets: messages are built without them.
   */
  toJSON(): OpenClawErrorJson {
    return {
      code: this.code,
      message: this.message,
      where: this.where || null,
      hint: this.hint || null,
    };
  }
}

/**
 * Whether `value` is an error this package threw for a cause a caller can act on (it has `code`,
 * `hint`, `where`), also when another installed copy of the package threw it.
 */
export function isOpenClawError(value: unknown): value is OpenClawError {
  if (value instanceof OpenClawError) return true;
  // Another installed copy of this package has its own class, so `instanceof` says no: its
  // errors are known by the brand every copy puts on the class's prototype, and by their shape.
  if (!(value instanceof Error)) return false;
  const fields = value as Error &
    Partial<Record<"code" | "hint" | "where" | typeof BRAND, unknown>>;
  return (
    fields[BRAND] === true &&
    typeof fields.code === "string" &&
    (fields.hint === undefined || typeof fields.hint === "string") &&
    (fields.where === undefined || typeof fields.where === "string")
  );
}

/** A usage mistake on the command line (exit code 2). */
export class UsageError extends OpenClawError {
  constructor(message: string, hint?: string) {
    super("usage", message, { exitCode: 2, ...(hint ? { hint } : {}) });
    this.name = "UsageError";
  }
}

/** The codes of a ResolveKeyError: what the program's `resolveKey` did wrong. */
export type ResolveKeyErrorCode = "resolve_key.not_a_key" | "gateway.resolve_key_threw";

/** What a ResolveKeyError is made of: the model the function was asked for, and what to do. */
export interface ResolveKeyErrorDetails {
  /** What the program's `resolveKey` did wrong. */
  message: string;
  /** What to change in it. */
  hint: string;
  /** The provider id of the model it was asked for (`moonshot`). */
  provider: string;
  /** The model id within that provider (`kimi-k2.5`). */
  model: string;
  /** What it threw, for `gateway.resolve_key_threw`. */
  cause?: unknown;
}

/**
 * A program's own `resolveKey` (given to createRuntime or startGateway) that returned what is no
 * key (`resolve_key.not_a_key`, from both), or, startGateway's, threw (`gateway.resolve_key_threw`,
 * what it threw as `cause`). `where` is always `resolveKey`, the function to fix, and `provider`
 * and `model` the model it was asked for: the fields a ProviderError has when that function
 * returned no key for a model, so a program reads one layout from all three, from either.
 */
export class ResolveKeyError extends OpenClawError {
  declare readonly code: ResolveKeyErrorCode;
  /** The provider id of the model it was asked for. */
  readonly provider: string;
  /** The model id within that provider. */
  readonly model: string;

  constructor(code: ResolveKeyErrorCode, details: ResolveKeyErrorDetails) {
    super(code, details.message, {
      where: "resolveKey",
      hint: details.hint,
      ...(details.cause === undefined ? {} : { cause: details.cause }),
    });
    this.name = "ResolveKeyError";
    this.provider = details.provider;
    this.model = details.model;
  }

  override toJSON(): OpenClawErrorJson & { provider: string; model: string } {
    return { ...super.toJSON(), provider: this.provider, model: this.model };
  }
}
