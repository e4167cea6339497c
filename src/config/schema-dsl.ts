/**
 * A tiny schema language: each node validates a parsed JSON value, collecting issues with dotted
 * paths, and can describe itself as JSON Schema. Written for the config's needs: messages a person
 * can act on ("expected a number, found the string \"0.5\""), unknown keys with a "did you mean",
 * and sections we accept but ignore.
 */
import { baseUrlProblem } from "../util/base-url-problem.js";
import { closestMatches } from "../util/suggest.js";
import { notReferences, referenceNameHint } from "./reference-names.js";
import { httpUrlFix, parsedHttpUrl } from "./schemeless-url.js";
import { isSecretKeyName, looksLikeSecret } from "./secret-names.js";

/** One step of a config path: an object key, or a list index. */
export type PathSegment = string | number;

export interface SchemaIssue {
  path: PathSegment[];
  message: string;
  hint?: string;
}

export interface ValidationContext {
  issues: SchemaIssue[];
  /** Dotted paths of sections accepted without validation (e.g. OpenClaw's `channels`). */
  ignored: string[];
  /**
   * How to show the string at `path` when it came from a `${VAR}` template (as written, never a
   * secret's expansion); undefined for a value written as is.
   */
  describeTemplate?: (path: string, value: string) => string | undefined;
  /** Whether the string at `path` names a variable that is not set (it is checked when used). */
  isUnresolved?: (path: string) => boolean;
}

export interface SchemaNode {
  /** Short human description used in "expected …" messages. */
  readonly description: string;
  validate(value: unknown, path: PathSegment[], context: ValidationContext): void;
  toJsonSchema(): Record<string, unknown>;
  /**
   * The schema of the value under `segment` of this object or list ("any": anything is taken
   * there), or undefined when this takes no such key: to tell a key not set from no key at all.
   */
  child?(segment: PathSegment): SchemaNode | "any" | undefined;
  /** The keys this object names, for a "did you mean". */
  keys?(): readonly string[];
  /**
   * The full form of `value` when it is written in a short form this node also takes
   * (`"moonshot/kimi-k2.5"` for `{ primary: "moonshot/kimi-k2.5" }`), else undefined: a key set
   * below a short form is set in its full form, so that what the short form said is kept.
   */
  expand?(value: unknown): unknown;
}

/** Where a path leaves the schema: the first segment no node takes, with a close known key. */
export interface UnknownPathSegment {
  /** Index of the segment in the path. */
  index: number;
  suggestion: string | undefined;
}

/** Undefined when the schema takes `path` (set or not), else where and why it does not. */
export function unknownPathSegment(
  root: SchemaNode,
  path: readonly PathSegment[],
): UnknownPathSegment | undefined {
  let node: SchemaNode | "any" = root;
  for (const [index, segment] of path.entries()) {
    if (node === "any") return undefined;
    // Any object may name files merged into it; what is under `$include` is a path or a list.
    if (segment === "$include") return undefined;
    const next: SchemaNode | "any" | undefined = node.child?.(segment);
    if (next === undefined) {
      const keys = node.keys?.() ?? [];
      const near = typeof segment === "string" ? closestMatches(segment, keys, 1)[0] : undefined;
      return { index, suggestion: near };
    }
    node = next;
  }
  return undefined;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || "(root)";
}

/**
 * A value as a message shows it: `the string "htp://x"`, `the number 5`. A string shaped like a
 * key or token is not shown (a key pasted into the wrong field must not end up in an error, a
 * log or `--json` output).
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case "string": {
      if (looksLikeSecret(value)) return "a string that looks like a key (not shown)";
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `${value}`;
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/**
 * describeValue, showing a value that came from a `${VAR}` template as written, and not showing
 * one under a key named like a credential (`apiKey: 12345`).
 */
function describeAt(context: ValidationContext, path: PathSegment[], value: unknown): string {
  if (typeof value === "string" && context.describeTemplate) {
    const shown = context.describeTemplate(formatPath(path), value);
    if (shown !== undefined) return shown;
  }
  const last = path[path.length - 1];
  if (typeof last === "string" && isSecretKeyName(last) && value !== null) {
    if (typeof value === "string") return `a string of ${value.length} characters (not shown)`;
    if (typeof value === "number") return "a number (not shown)";
  }
  return describeValue(value);
}

/** A string still holding `${VAR}` for an unset variable: its shape is checked when it is used. */
function unresolved(context: ValidationContext, path: PathSegment[], value: unknown): boolean {
  return (
    typeof value === "string" &&
    value.includes("${") &&
    context.isUnresolved?.(formatPath(path)) === true
  );
}

/** The hint for a `${VAR}` written where a number or true/false belongs. */
function templateInNonString(
  context: ValidationContext,
  path: PathSegment[],
  value: unknown,
  kind: string,
): string | undefined {
  if (typeof value !== "string" || !context.describeTemplate) return undefined;
  if (context.describeTemplate(formatPath(path), value) === undefined) return undefined;
  return `\${VAR} is expanded only in strings, and this key takes ${kind}: write the value itself (openclaw config set ${formatPath(path)} <value>)`;
}

function mismatch(
  context: ValidationContext,
  path: PathSegment[],
  expected: string,
  value: unknown,
) {
  context.issues.push({
    path,
    message: `expected ${expected}, found ${describeAt(context, path, value)}`,
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const string = (options: { nonEmpty?: boolean; description?: string } = {}): SchemaNode => ({
  description: options.description ?? "a string",
  validate(value, path, context) {
    if (typeof value !== "string") return mismatch(context, path, this.description, value);
    if (options.nonEmpty && value.trim() === "")
      context.issues.push({ path, message: "must not be empty" });
  },
  toJsonSchema: () => ({ type: "string", ...(options.nonEmpty ? { minLength: 1 } : {}) }),
});

export const url = (): SchemaNode => ({
  description: "an http(s) URL",
  validate(value, path, context) {
    if (typeof value !== "string") return mismatch(context, path, this.description, value);
    if (unresolved(context, path, value)) return;
    const parsed = parsedHttpUrl(value);
    if (!parsed) {
      const literal = notReferences(value)[0];
      context.issues.push({
        path,
        message: `expected an http(s) URL, found ${describeAt(context, path, value)}`,
        hint:
          literal !== undefined
            ? `\${${literal}} is not expanded: ${referenceNameHint(literal)}`
            : httpUrlFix(value, providerAt(path)),
      });
      return;
    }
    const problem = baseUrlProblem(parsed);
    if (problem) context.issues.push({ path, ...problem });
  },
  toJsonSchema: () => ({ type: "string", format: "uri" }),
});

/** The provider whose setting `path` is (`models.providers.<id>.…`), or "" for another. */
function providerAt(path: readonly PathSegment[]): string {
  const [section, providers, key] = path;
  return section === "models" && providers === "providers" && typeof key === "string" ? key : "";
}

function numberDescription(options: { min?: number; max?: number; integer?: boolean }): string {
  const kind = options.integer ? "an integer" : "a number";
  if (options.min !== undefined && options.max !== undefined)
    return `${kind} from ${options.min} to ${options.max}`;
  if (options.min !== undefined) return `${kind} ≥ ${options.min}`;
  if (options.max !== undefined) return `${kind} ≤ ${options.max}`;
  return kind;
}

export const number = (
  options: { min?: number; max?: number; integer?: boolean; description?: string } = {},
): SchemaNode => ({
  description: options.description ?? numberDescription(options),
  validate(value, path, context) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const hint =
        templateInNonString(context, path, value, "a number") ??
        (typeof value === "string" ? unquotedNumberHint(value) : undefined);
      context.issues.push({
        path,
        message: `expected ${this.description}, found ${describeAt(context, path, value)}`,
        ...(hint ? { hint } : {}),
      });
      return;
    }
    if (options.integer && !Number.isInteger(value))
      mismatch(context, path, this.description, value);
    else if (options.integer && !Number.isSafeInteger(value)) {
      // JSON5 reads 99999999999999999999 as 1e20: not the number written, and not one any
      // provider or timer takes.
      context.issues.push({
        path,
        message: `is too large to be kept exactly (above ${Number.MAX_SAFE_INTEGER}), found ${describeAt(context, path, value)}`,
        hint: options.max !== undefined ? `use ${this.description}` : "use a smaller number",
      });
    } else if (options.min !== undefined && value < options.min)
      mismatch(context, path, this.description, value);
    else if (options.max !== undefined && value > options.max)
      mismatch(context, path, this.description, value);
  },
  toJsonSchema: () => ({
    type: options.integer ? "integer" : "number",
    ...(options.min !== undefined ? { minimum: options.min } : {}),
    ...(options.max !== undefined ? { maximum: options.max } : {}),
  }),
});

/**
 * The hint for a number written as a string: without quotes; in ASCII digits when typed in
 * full-width ones ("２５６０００", "０．６", as a Chinese or Japanese input method in full-width
 * mode writes them). A leading zero ("018789") is named instead: JSON5 reads no number with one,
 * so `config set gateway.port 018789`, typed without quotes, reaches here as a string too, and
 * "without quotes" would tell that person nothing. Undefined when the string is no number.
 */
function unquotedNumberHint(value: string): string | undefined {
  const ascii = value.normalize("NFKC").trim();
  if (ascii === "" || !Number.isFinite(Number(ascii))) return undefined;
  const fullWidth = ascii !== value.trim();
  if (/^[+-]?0\d/.test(ascii))
    return `a number has no leading zero: write ${Number(ascii)}${fullWidth ? " (in ASCII digits)" : ""}`;
  return fullWidth
    ? `write it in ASCII digits, without quotes: ${Number(ascii)}`
    : `write it without quotes: ${Number(ascii)}`;
}

export const boolean = (): SchemaNode => ({
  description: "true or false",
  validate(value, path, context) {
    if (typeof value !== "boolean") {
      const hint =
        templateInNonString(context, path, value, "true or false") ??
        (value === "true" || value === "false" ? `write it without quotes: ${value}` : undefined);
      context.issues.push({
        path,
        message: `expected true or false, found ${describeAt(context, path, value)}`,
        ...(hint ? { hint } : {}),
      });
    }
  },
  toJsonSchema: () => ({ type: "boolean" }),
});

export const oneOf = <T extends string | number>(values: readonly T[]): SchemaNode => ({
  description: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
  validate(value, path, context) {
    if (!values.includes(value as T) && !unresolved(context, path, value)) {
      const near = typeof value === "string" ? closestMatches(value, values.map(String), 1) : [];
      context.issues.push({
        path,
        message: `expected ${this.description}, found ${describeAt(context, path, value)}`,
        ...(near[0] ? { hint: `did you mean "${near[0]}"?` } : {}),
      });
    }
  },
  toJsonSchema: () => ({ enum: [...values] }),
});

export const array = (item: SchemaNode, options: { maxItems?: number } = {}): SchemaNode => ({
  description: `a list of ${item.description.replace(/^an? /, "")}s`,
  validate(value, path, context) {
    if (!Array.isArray(value)) return mismatch(context, path, "a list [...]", value);
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      context.issues.push({
        path,
        message: `has ${value.length} items; at most ${options.maxItems} allowed`,
      });
      return;
    }
    value.forEach((element, index) => {
      item.validate(element, [...path, index], context);
    });
  },
  child: (segment) => (typeof segment === "number" ? item : undefined),
  toJsonSchema: () => ({
    type: "array",
    items: item.toJsonSchema(),
    ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}),
  }),
});

/**
 * A free key (a provider id, a variable name) spelled `__proto__`: any program reading the
 * object in JavaScript would set its prototype with it rather than find an entry under it.
 */
function prototypeKeyIssue(path: PathSegment[]): SchemaIssue {
  return {
    path,
    message: `is not a valid key here`,
    hint: "__proto__ cannot be used as a name in the config: rename or remove it",
  };
}

/** An object whose keys are free (provider ids, env names, model refs); values share a schema. */
export const record = (
  value: SchemaNode,
  options: { keyPattern?: RegExp; keyHint?: string } = {},
): SchemaNode => ({
  description: "an object",
  validate(input, path, context) {
    if (!isPlainObject(input)) return mismatch(context, path, "an object {...}", input);
    for (const [key, element] of Object.entries(input)) {
      if (key === "__proto__") {
        context.issues.push(prototypeKeyIssue([...path, key]));
        continue;
      }
      if (options.keyPattern && !options.keyPattern.test(key)) {
        context.issues.push({
          path: [...path, key],
          message: `is not a valid key here`,
          ...(options.keyHint ? { hint: options.keyHint } : {}),
        });
        continue;
      }
      value.validate(element, [...path, key], context);
    }
  },
  child: (segment) =>
    typeof segment === "string" && (options.keyPattern?.test(segment) ?? true) ? value : undefined,
  toJsonSchema: () => ({
    type: "object",
    additionalProperties: value.toJsonSchema(),
    ...(options.keyPattern ? { propertyNames: { pattern: options.keyPattern.source } } : {}),
  }),
});

export interface ObjectOptions {
  required?: readonly string[];
  /** Keys accepted and reported once as ignored (sections of OpenClaw we do not implement). */
  ignoredKeys?: readonly string[];
  /** Validates keys not in the shape (e.g. the `env` block's variables). */
  rest?: SchemaNode;
  description?: string;
  /**
   * The hint for a key not in the shape that belongs elsewhere (a model's key on its provider),
   * given the object; undefined: the usual "did you mean" or list of keys.
   */
  misplacedKeyHint?: (key: string, input: Record<string, unknown>) => string | undefined;
}

/** The message of a required key the object lacks (config unset tells its removal apart). */
export const REQUIRED_BUT_MISSING = "is required but missing";

export const object = (
  shape: Record<string, SchemaNode>,
  options: ObjectOptions = {},
): SchemaNode => ({
  description: options.description ?? "an object",
  validate(input, path, context) {
    if (!isPlainObject(input)) return mismatch(context, path, "an object {...}", input);
    for (const key of options.required ?? []) {
      if (!Object.hasOwn(input, key) || input[key] === undefined) {
        context.issues.push({ path: [...path, key], message: REQUIRED_BUT_MISSING });
      }
    }
    for (const [key, element] of Object.entries(input)) {
      // Own keys only: `constructor` or `toString` in a config is an unknown key, not the
      // function every object inherits under that name.
      const node = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (node) {
        node.validate(element, [...path, key], context);
      } else if (options.ignoredKeys?.includes(key)) {
        context.ignored.push(formatPath([...path, key]));
      } else if (options.rest) {
        if (key === "__proto__") context.issues.push(prototypeKeyIssue([...path, key]));
        else options.rest.validate(element, [...path, key], context);
      } else {
        const near = closestMatches(key, Object.keys(shape), 1);
        context.issues.push({
          path: [...path, key],
          message: `is not a known key`,
          hint:
            options.misplacedKeyHint?.(key, input) ??
            (near[0]
              ? `did you mean "${near[0]}"?`
              : `known keys here: ${Object.keys(shape).join(", ")}`),
        });
      }
    }
  },
  child: (segment) => {
    if (typeof segment !== "string") return undefined;
    if (Object.hasOwn(shape, segment)) return shape[segment];
    if (options.ignoredKeys?.includes(segment)) return "any";
    return options.rest;
  },
  keys: () => Object.keys(shape),
  toJsonSchema: () => ({
    type: "object",
    properties: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.toJsonSchema()])),
    ...(options.required?.length ? { required: [...options.required] } : {}),
    additionalProperties: options.rest
      ? options.rest.toJsonSchema()
      : Boolean(options.ignoredKeys?.length),
  }),
});

/** A value that may take one of several shapes, chosen by its JSON type. */
export const either = (
  description: string,
  byType: Partial<Record<"string" | "object" | "array", SchemaNode>>,
  options: { expand?: (value: unknown) => unknown } = {},
): SchemaNode => ({
  description,
  ...(options.expand ? { expand: options.expand } : {}),
  validate(value, path, context) {
    const kind =
      typeof value === "string"
        ? "string"
        : Array.isArray(value)
          ? "array"
          : isPlainObject(value)
            ? "object"
            : undefined;
    const node = kind ? byType[kind] : undefined;
    if (!node) return mismatch(context, path, description, value);
    node.validate(value, path, context);
  },
  child: (segment) => {
    for (const node of Object.values(byType)) {
      const child = node.child?.(segment);
      if (child !== undefined) return child;
    }
    return undefined;
  },
  keys: () => Object.values(byType).flatMap((node) => node.keys?.() ?? []),
  toJsonSchema: () => ({ anyOf: Object.values(byType).map((node) => node.toJsonSchema()) }),
});

/** Any JSON value (for free-form `params`). */
export const anyValue = (description = "any value"): SchemaNode => ({
  description,
  validate() {},
  child: () => "any",
  toJsonSchema: () => ({}),
});
