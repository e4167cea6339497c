import { existsSync } from "node:fs";
import { type Env, effectiveEnv } from "./env.js";
import { ConfigError, type ConfigIssue, formatIssue, toConfigIssue } from "./errors.js";
import { resolveConfigPath } from "./paths.js";
import { locateLine, readConfigTree, resolveConfigIncludes } from "./read.js";
import { configSchema } from "./schema.js";
import type { ValidationContext } from "./schema-dsl.js";
import type { OpenClawConfig } from "./types.js";
import { serializeConfig } from "./write.js";

export interface LoadedConfig {
  /** The main config file's path (whether or not it exists). */
  path: string;
  exists: boolean;
  /** Validated config; `${VAR}` templates are left as written. */
  config: OpenClawConfig;
  /** The process environment plus `env` block variables it lacks. */
  env: Env;
  /** Dotted paths of sections accepted but not used by this project. */
  ignoredSections: string[];
  /** Every file read (main file first): what hot reload watches. */
  files: string[];
}

export interface LoadOptions {
  path?: string;
  env?: Env;
}

/** Validates an already-parsed config object; throws ConfigError listing every issue. */
export function validateConfig(
  value: unknown,
  source: { file?: string; texts?: Map<string, string> } = {},
): { config: OpenClawConfig; ignoredSections: string[] } {
  const context: ValidationContext = { issues: [], ignored: [] };
  configSchema.validate(value, [], context);
  if (context.issues.length > 0) {
    const issues: ConfigIssue[] = context.issues.map((issue) => {
      const text = source.file ? source.texts?.get(source.file) : undefined;
      return toConfigIssue(issue, source.file, text ? locateLine(text, issue.path) : undefined);
    });
    const first = issues[0]!;
    const single = issues.length === 1;
    // One problem: its hint is the error's hint (printed once, not also in the message). Several:
    // each keeps its hint in the list, and the error's hint is about all of them.
    const message = single
      ? `invalid config: ${formatIssue({ ...first, hint: undefined })}`
      : `invalid config: ${issues.length} problems\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`;
    const generic = `fix ${first.path}${single ? "" : ` (and ${issues.length - 1} more)`}, then run: openclaw config validate`;
    throw new ConfigError("config.invalid", message, {
      ...(first.file ? { file: first.file } : {}),
      ...(first.line ? { line: first.line } : {}),
      hint: (single ? first.hint : undefined) ?? generic,
      issues,
    });
  }
  return { config: value as OpenClawConfig, ignoredSections: context.ignored };
}

/**
 * Validates an edited main-file object before it is written to `file`: its `$include`s are merged
 * (relative to `file`, as loading will) and the result is checked, with lines located in the text
 * that would be written. Throws ConfigError ending in "nothing was written".
 */
export function validateEditedConfig(
  raw: Record<string, unknown>,
  file: string,
): { config: OpenClawConfig; ignoredSections: string[] } {
  try {
    const tree = resolveConfigIncludes(raw, file);
    tree.texts.set(file, serializeConfig(raw));
    return validateConfig(tree.value, { file, texts: tree.texts });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.code, `${error.message}\nnothing was written`, {
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
      issues: [...error.issues],
      cause: error,
    });
  }
}

/** Loads, merges includes, validates. A missing file is an empty config. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const processEnv = options.env ?? process.env;
  const path = options.path ?? resolveConfigPath(processEnv);
  if (!existsSync(path)) {
    return {
      path,
      exists: false,
      config: {},
      env: { ...processEnv },
      ignoredSections: [],
      files: [],
    };
  }
  const tree = readConfigTree(path);
  const { config, ignoredSections } = validateConfig(tree.value, { file: path, texts: tree.texts });
  return {
    path,
    exists: true,
    config,
    env: effectiveEnv(config, processEnv),
    ignoredSections,
    files: tree.files,
  };
}
