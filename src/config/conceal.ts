/**
 * A loaded config printed by `console.log`, `util.inspect` or `JSON.stringify` (a library user
 * logging a catalog or runtime) shows its file, what is configured and what is wrong, never the
 * environment it was loaded with (`env` is a copy of process.env: every key and cloud credential
 * in it) nor a key written in the config or expanded into it. The object itself is unchanged for
 * code: its properties read as before; only these printed forms are replaced (non-enumerable
 * methods, so a spread or Object.keys does not see them).
 */
import { inspect } from "node:util";
import type { Env } from "./env.js";
import type { LoadedConfig } from "./load.js";
import { redactConfigValue } from "./redact.js";

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** Gives `env` printed forms that name how many variables it holds, not what they are. */
export function concealEnv<T extends Env>(env: T): T {
  if (!Object.isExtensible(env) || Object.hasOwn(env, inspect.custom)) return env;
  const summary = () => `[environment: ${Object.keys(env).length} variables, not shown]`;
  define(env, "toJSON", summary);
  define(env, inspect.custom, summary);
  return env;
}

/** The printed form of a loaded config: the written config with secrets masked, no env. */
function safeView(loaded: LoadedConfig): Record<string, unknown> {
  return {
    path: loaded.path,
    exists: loaded.exists,
    files: loaded.files,
    config: redactConfigValue(loaded.written),
    unresolved: loaded.unresolved,
    ignoredSections: loaded.ignoredSections,
    env: `[environment: ${Object.keys(loaded.env).length} variables, not shown]`,
  };
}

/** Gives a loaded config (and its env) printed forms that show no secret; returns it. */
export function concealLoadedConfig<T extends LoadedConfig>(loaded: T): T {
  if (!Object.isExtensible(loaded) || Object.hasOwn(loaded, inspect.custom)) return loaded;
  concealEnv(loaded.env);
  define(loaded, "toJSON", () => safeView(loaded));
  define(loaded, inspect.custom, () => safeView(loaded));
  return loaded;
}
