/**
 * `${VAR}` in every string value of a loaded config. Expansion happens once, at load: a value
 * whose variables are all set is replaced by its expansion; a value naming an unset (or empty)
 * variable is kept as written and recorded by its dotted path, so that the code needing that value
 * throws MissingVariableError and every other command runs. Keys are never expanded.
 */
import { type Env, templateVariables, tryExpandTemplate } from "./env.js";
import { MissingVariableError } from "./errors.js";
import { describeValue, formatPath, isPlainObject, type PathSegment } from "./schema-dsl.js";
import { looksLikeSecret } from "./secret-names.js";

/** A string value of the config that holds `${VAR}` (or an escaped `$${VAR}`). */
export interface ConfigTemplate {
  /** The value as written. */
  raw: string;
  /** Variables it names (escaped ones excluded), each once. */
  variables: string[];
  /** Those of `variables` that are unset or empty: the value is kept as written. */
  missing: string[];
  /**
   * Those of `missing` that are set, to "": where (the `env` block's dotted path, `env.BASE`, or
   * "shell"), so that a message does not say to set a variable the user did set.
   */
  empty?: Record<string, string>;
}

/** Dotted path (as `formatPath` writes it) → the template found there. */
export type ConfigTemplates = ReadonlyMap<string, ConfigTemplate>;

/** What the places that need a value are given: the templates and the main file's path. */
export interface TemplateSource {
  /** Every string value holding `${VAR}`, by dotted path, as written. */
  templates: ConfigTemplates;
  /** Paths whose value names an unset variable (a subset of `templates`' keys). */
  unresolved: readonly string[];
  /** The main config file (for the hint: its `env` block can set the variable). */
  path: string;
}

const ANY_TEMPLATE = /\$\$?\{[A-Z_][A-Z0-9_]*\}/;

function unique(names: string[]): string[] {
  return names.length < 2 ? names : [...new Set(names)];
}

/** Sets a key without going through a `__proto__` setter. */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

class Expander {
  readonly templates = new Map<string, ConfigTemplate>();
  readonly unresolved: string[] = [];
  /** Variables the `env` block defines → the dotted path of that definition. */
  readonly blockDefined = new Map<string, string>();
  private readonly path: PathSegment[] = [];

  /** Expands the value of a top-level key. */
  expandTop(key: string, value: unknown, env: Env): unknown {
    this.path.length = 0;
    this.path.push(key);
    return this.expand(value, env);
  }

  /** Returns `value` itself when nothing in it changes (most of a config), else a copy. */
  private expand(value: unknown, env: Env): unknown {
    if (typeof value === "string") return this.expandString(value, env);
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const child: unknown = value[index];
        this.path.push(index);
        const next = this.expand(child, env);
        this.path.pop();
        if (next !== child) {
          out ??= [...value];
          out[index] = next;
        }
      }
      return out ?? value;
    }
    if (!isPlainObject(value)) return value;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const child = value[key];
      this.path.push(key);
      const next = this.expand(child, env);
      this.path.pop();
      if (next !== child) {
        out ??= { ...value };
        assign(out, key, next);
      }
    }
    return out ?? value;
  }

  private expandString(value: string, env: Env): string {
    if (!value.includes("${") || !ANY_TEMPLATE.test(value)) return value;
    const path = formatPath(this.path);
    const expanded = tryExpandTemplate(value, env);
    const missing = unique(expanded.missing);
    const empty: Record<string, string> = {};
    for (const name of missing) {
      if (env[name] === "") empty[name] = this.blockDefined.get(name) ?? "shell";
    }
    this.templates.set(path, {
      raw: value,
      variables: unique(templateVariables(value)),
      missing,
      ...(Object.keys(empty).length > 0 ? { empty } : {}),
    });
    if (missing.length > 0) {
      this.unresolved.push(path);
      return value;
    }
    return expanded.value;
  }
}

export interface ExpandedConfig {
  value: Record<string, unknown>;
  /** The process environment plus `env` block variables it lacks (block values expanded). */
  env: Env;
  templates: Map<string, ConfigTemplate>;
  unresolved: string[];
}

/**
 * Expands `${VAR}` in every string value. The `env` block is expanded first, against the process
 * environment alone; its variables then fill in those the process lacks, and the rest of the
 * config is expanded against the result. A block variable naming an unset variable is not defined.
 */
export function expandConfig(root: Record<string, unknown>, processEnv: Env): ExpandedConfig {
  const expander = new Expander();
  const env: Env = { ...processEnv };
  let out: Record<string, unknown> | undefined;
  const keep = (key: string, before: unknown, after: unknown) => {
    if (after === before) return;
    out ??= { ...root };
    assign(out, key, after);
  };
  if (root.env !== undefined) {
    const block = expander.expandTop("env", root.env, processEnv);
    keep("env", root.env, block);
    const unset = new Set(expander.unresolved);
    const define = (name: string, value: unknown, path: PathSegment[]) => {
      if (typeof value !== "string" || unset.has(formatPath(path))) return;
      if (env[name] === undefined || env[name] === "") {
        env[name] = value;
        expander.blockDefined.set(name, formatPath(path));
      }
    };
    if (isPlainObject(block)) {
      // The first definition stays: `env.vars` first, so a name in both places takes its value
      // there, as envBlockVariables (what status and doctor show) has it.
      if (isPlainObject(block.vars)) {
        for (const [name, value] of Object.entries(block.vars))
          define(name, value, ["env", "vars", name]);
      }
      for (const [name, value] of Object.entries(block)) define(name, value, ["env", name]);
    }
  }
  for (const key of Object.keys(root)) {
    if (key !== "env") keep(key, root[key], expander.expandTop(key, root[key], env));
  }
  return {
    value: out ?? root,
    env,
    templates: expander.templates,
    unresolved: expander.unresolved,
  };
}

/** Whether `path` is `prefix` itself or lies below it (`a.b` is below `a`, `a.bc` is not). */
export function isPathWithin(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path[prefix.length];
  return next === undefined || next === "." || next === "[";
}

function missingError(source: TemplateSource, path: string): MissingVariableError | undefined {
  const template = source.templates.get(path);
  const variable = template?.missing[0];
  if (variable === undefined) return undefined;
  return new MissingVariableError(variable, path, source.path, template?.empty?.[variable]);
}

/**
 * Throws MissingVariableError when the value at `path` names a variable that is not set: call it
 * where that value is about to be used.
 */
export function requireVariables(source: TemplateSource, path: string): void {
  if (source.unresolved.length === 0) return;
  const error = missingError(source, path);
  if (error) throw error;
}

/**
 * Like requireVariables for every value at or below `prefix`, except paths `skip` accepts (say the
 * provider's `apiKey`, which other key sources can stand in for).
 */
export function requireVariablesWithin(
  source: TemplateSource,
  prefix: string,
  skip?: (path: string) => boolean,
): void {
  for (const path of source.unresolved) {
    if (!isPathWithin(path, prefix) || skip?.(path)) continue;
    const error = missingError(source, path);
    if (error) throw error;
  }
}

const SECRET_NAME = /(api[-_]?key|_key|token|secret|password|passwd|credentials?)$/i;

/**
 * A value expanded from `template` may be shown in a message only if no variable it names looks
 * like it holds a credential and the result does not look like a key.
 */
export function mayShowExpansion(template: ConfigTemplate, value: string): boolean {
  return !template.variables.some((name) => SECRET_NAME.test(name)) && !looksLikeSecret(value);
}

/**
 * How a message shows a value that came from a template: as written, then its expansion when that
 * is safe to print (`the string "${BASE}/v1" (expanded: "htp://x/v1")`).
 */
export function describeTemplatedValue(template: ConfigTemplate, value: unknown): string {
  const written = describeValue(template.raw);
  if (template.missing.length > 0) {
    const names = template.missing.join(", ");
    const allEmpty = template.missing.every((name) => template.empty?.[name] !== undefined);
    return `${written} (${names} ${template.missing.length > 1 ? "are" : "is"} ${allEmpty ? "set but empty" : "not set"})`;
  }
  if (typeof value !== "string" || value === template.raw) return written;
  return mayShowExpansion(template, value)
    ? `${written} (expanded: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)})`
    : `${written} (its expansion is not shown: it may be a secret)`;
}
