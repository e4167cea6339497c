import { existsSync } from "node:fs";
import type { Env } from "./env.js";
import { ConfigError, type ConfigIssue, formatIssue, toConfigIssue } from "./errors.js";
import { locateOrigin } from "./origin.js";
import { resolveConfigPath } from "./paths.js";
import { locateLine, readConfigTree, resolveConfigIncludes } from "./read.js";
import { configSchema } from "./schema.js";
import type { ValidationContext } from "./schema-dsl.js";
import {
  type ConfigTemplates,
  describeTemplatedValue,
  expandConfig,
  type TemplateSource,
} from "./templates.js";
import type { OpenClawConfig } from "./types.js";
import { serializeConfig } from "./write.js";

export interface LoadedConfig extends TemplateSource {
  /** The main config file's path (whether or not it exists). */
  path: string;
  exists: boolean;
  /**
   * Validated config with `${VAR}` expanded in every string value. A value naming a variable that
   * is not set is kept as written and listed in `unresolved`: whatever needs it calls
   * requireVariables(loaded, path), which throws MissingVariableError.
   */
  config: OpenClawConfig;
  /** The config as written (includes merged, `${VAR}` kept): for showing it, never for using it. */
  written: OpenClawConfig;
  /** Every string value holding `${VAR}`, by dotted path, as written. */
  templates: ConfigTemplates;
  /** Dotted paths of the values naming an unset variable. */
  unresolved: readonly string[];
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

/** Where the config being validated came from, to blame each problem on the right file. */
export interface ValidationSource {
  /** The main config file. */
  file?: string;
  /** File texts by path, for lines. */
  texts?: ReadonlyMap<string, string>;
  /** Files as parsed, `$include`s unresolved: a problem is reported in the file its value is in. */
  parsed?: ReadonlyMap<string, unknown>;
  /** `${VAR}` values by path: shown as written in messages, and unset ones checked when used. */
  templates?: ConfigTemplates;
}

function contextFor(templates: ConfigTemplates | undefined): ValidationContext {
  if (!templates || templates.size === 0) return { issues: [], ignored: [] };
  return {
    issues: [],
    ignored: [],
    describeTemplate: (path, value) => {
      const template = templates.get(path);
      return template ? describeTemplatedValue(template, value) : undefined;
    },
    isUnresolved: (path) => (templates.get(path)?.missing.length ?? 0) > 0,
  };
}

/** Validates an already-parsed (and expanded) config; throws ConfigError listing every issue. */
export function validateConfig(
  value: unknown,
  source: ValidationSource = {},
): { config: OpenClawConfig; ignoredSections: string[] } {
  const context = contextFor(source.templates);
  configSchema.validate(value, [], context);
  if (context.issues.length > 0) {
    const { file, texts, parsed } = source;
    const issues: ConfigIssue[] = context.issues.map((issue) => {
      if (file && parsed && texts) {
        const origin = locateOrigin({ parsed, texts }, file, issue.path);
        return toConfigIssue(issue, origin.file, origin.line);
      }
      const text = file ? texts?.get(file) : undefined;
      return toConfigIssue(issue, file, text ? locateLine(text, issue.path) : undefined);
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
 * (relative to `file`, as loading will), `${VAR}` expanded as loading will with `env`, and the
 * result is checked, with lines located in the text that would be written (or in the included
 * file a problem is in). Throws ConfigError ending in "nothing was written".
 */
export function validateEditedConfig(
  raw: Record<string, unknown>,
  file: string,
  env: Env = process.env,
): { config: OpenClawConfig; ignoredSections: string[] } {
  try {
    const tree = resolveConfigIncludes(raw, file);
    tree.texts.set(file, serializeConfig(raw));
    const expanded = expandConfig(tree.value, env);
    return validateConfig(expanded.value, {
      file,
      texts: tree.texts,
      parsed: tree.parsed,
      templates: expanded.templates,
    });
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

/** Loads, merges includes, expands `${VAR}`, validates. A missing file is an empty config. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const processEnv = options.env ?? process.env;
  const path = options.path ?? resolveConfigPath(processEnv);
  if (!existsSync(path)) {
    return {
      path,
      exists: false,
      config: {},
      written: {},
      templates: new Map(),
      unresolved: [],
      env: { ...processEnv },
      ignoredSections: [],
      files: [],
    };
  }
  const tree = readConfigTree(path);
  const expanded = expandConfig(tree.value, processEnv);
  const { config, ignoredSections } = validateConfig(expanded.value, {
    file: path,
    texts: tree.texts,
    parsed: tree.parsed,
    templates: expanded.templates,
  });
  return {
    path,
    exists: true,
    config,
    written: tree.value as OpenClawConfig,
    templates: expanded.templates,
    unresolved: expanded.unresolved,
    env: expanded.env,
    ignoredSections,
    files: tree.files,
  };
}
