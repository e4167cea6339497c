/**
 * The `env` block and `${VAR}` templates. The block fills in variables the process lacks (the
 * process always wins). Loading expands every string value of the config (templates.ts); a value
 * naming a missing variable is kept as written, so it breaks just the command that uses it.
 */
import { MissingVariableError } from "./errors.js";
import type { OpenClawConfig } from "./types.js";

/** An environment: variable names to values, as `process.env`. */
export type Env = Record<string, string | undefined>;

/** Variables the config's `env` block defines: top-level strings and `env.vars`. */
export function envBlockVariables(config: OpenClawConfig): Record<string, string> {
  const block = config.env;
  const out: Record<string, string> = {};
  if (!block) return out;
  for (const [name, value] of Object.entries(block)) {
    if (typeof value === "string") out[name] = value;
  }
  const vars = block.vars;
  if (vars && typeof vars === "object") {
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value === "string") out[name] = value;
    }
  }
  return out;
}

/** The environment the config sees: the process's, plus block variables the process lacks. */
export function effectiveEnv(config: OpenClawConfig, processEnv: Env): Env {
  const merged: Env = { ...processEnv };
  for (const [name, value] of Object.entries(envBlockVariables(config))) {
    if (merged[name] === undefined || merged[name] === "") merged[name] = value;
  }
  return merged;
}

/** Sets block variables on `target` (normally process.env) only where it lacks them. */
export function applyEnvBlock(config: OpenClawConfig, target: Env = process.env): string[] {
  const applied: string[] = [];
  for (const [name, value] of Object.entries(envBlockVariables(config))) {
    if (target[name] === undefined || target[name] === "") {
      target[name] = value;
      applied.push(name);
    }
  }
  return applied;
}

const TEMPLATE = /\$(\$?)\{([A-Z_][A-Z0-9_]*)\}/g;

/** Names of the variables a template refers to (escaped `$${X}` excluded). */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(TEMPLATE)) {
    if (match[1] !== "$" && match[2]) names.push(match[2]);
  }
  return names;
}

export function hasTemplate(value: string): boolean {
  return templateVariables(value).length > 0;
}

function expand(template: string, env: Env, onMissing: (name: string) => string): string {
  if (!template.includes("${")) return template;
  return template.replace(TEMPLATE, (_whole, escaped: string, name: string) => {
    if (escaped === "$") return `\${${name}}`;
    const value = env[name];
    return value === undefined || value === "" ? onMissing(name) : value;
  });
}

/**
 * Expands `${VAR}` (also inline: `"${BASE}/v1"`); `$${VAR}` stays a literal `${VAR}`. An unset or
 * empty variable throws MissingVariableError naming it and `where` (a dotted config path).
 */
export function expandTemplate(template: string, env: Env, where: string, file?: string): string {
  return expand(template, env, (name) => {
    throw new MissingVariableError(name, where, file);
  });
}

/** A `${VAR}` template with its variables filled in. */
export interface ExpandedTemplate {
  /** The expanded text. */
  value: string;
  /** Variables the template names that are unset or empty in `env` (they expand to ""). */
  missing: string[];
}

/** Like expandTemplate, but never throws: the caller decides what a missing variable means. */
export function tryExpandTemplate(template: string, env: Env): ExpandedTemplate {
  const missing: string[] = [];
  const value = expand(template, env, (name) => {
    missing.push(name);
    return "";
  });
  return { value, missing };
}
