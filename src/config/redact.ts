/**
 * Config values made safe to show (`config get`, `config set`'s echo, an inspected LoadedConfig):
 * a value is masked when its key is named like a credential, when it is shaped like one whatever
 * its key, and in the `env` block (where keys sit under any name) unless it is plainly not one.
 * `${VAR}` references are shown as written: they name a variable, not a secret. Pure.
 */
import { hasTemplate } from "./env.js";
import type { PathSegment } from "./schema-dsl.js";
import { hasKeyPrefix, isSecretKeyName, looksLikeSecret, maskSecret } from "./secret-names.js";

/** A variable of the `env` block: `env.NAME` or `env.vars.NAME`. */
function isEnvEntry(path: readonly PathSegment[]): boolean {
  if (path[0] !== "env") return false;
  return path[1] === "vars" ? path.length === 3 : path.length === 2;
}

/** An env value that is plainly not a credential: a URL without a password, a path, a short word. */
function plainlyNotSecret(value: string): boolean {
  if (value.length <= 8) return true;
  if (/^https?:\/\/[^/@\s]*(\/|$)/.test(value) && !/^https?:\/\/[^/\s]*@/.test(value)) return true;
  return /^(~|\.{0,2}\/)/.test(value) && !/\s/.test(value);
}

/**
 * Keys whose values name things (a model's id and name, an alias, a ref): only a known key
 * prefix masks one, not a long run of letters and digits, which a model id may well have.
 */
const NAMING_KEYS = new Set(["id", "name", "alias", "primary", "model", "fallbacks"]);

function isNaming(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  const key = typeof last === "number" ? path[path.length - 2] : last;
  return typeof key === "string" && NAMING_KEYS.has(key);
}

/** Empty, or `${VAR}` references with nothing secret-shaped beside them: they name, not hold. */
function nothingToHide(value: string): boolean {
  return value === "" || (hasTemplate(value) && !looksLikeSecret(value.replace(/\$\{\w+\}/g, "")));
}

/**
 * Whether the string at `path` is a credential by its key's name or its own shape: what makes a
 * file holding it one to keep private (`doctor`). Narrower than isSecretValue, which also masks an
 * `env` value that merely might be one.
 */
export function isCredentialValue(path: readonly PathSegment[], value: string): boolean {
  if (nothingToHide(value)) return false;
  const last = path[path.length - 1];
  if (typeof last === "string" && isSecretKeyName(last)) return true;
  if (isNaming(path)) return hasKeyPrefix(value);
  return looksLikeSecret(value);
}

/** Whether the string at `path` is a secret to mask when shown. */
export function isSecretValue(path: readonly PathSegment[], value: string): boolean {
  if (isCredentialValue(path, value)) return true;
  return !nothingToHide(value) && isEnvEntry(path) && !plainlyNotSecret(value);
}

/** `value` (found at `path`) with every secret in it masked; the input is not changed. */
export function redactConfigValue(value: unknown, path: readonly PathSegment[] = []): unknown {
  if (typeof value === "string") return isSecretValue(path, value) ? maskSecret(value) : value;
  if (Array.isArray(value))
    return value.map((item, index) => redactConfigValue(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactConfigValue(item, [...path, key])]),
    );
  }
  return value;
}
