import { OpenClawError, type OpenClawErrorJson } from "../errors.js";
import { formatPath, type SchemaIssue } from "./schema-dsl.js";

/** A config problem, reported with the file, line (when known) and dotted path. */
export class ConfigError extends OpenClawError {
  /** The config file the problem is in; undefined when it is in no file (a config object). */
  readonly file: string | undefined;
  /** The line of `file` it is on, when known. */
  readonly line: number | undefined;
  /** Each problem found, by its dotted path (a check may find several at once). */
  readonly issues: readonly ConfigIssue[];

  constructor(
    code: string,
    message: string,
    options: {
      file?: string;
      line?: number;
      hint?: string;
      issues?: ConfigIssue[];
      cause?: unknown;
      /** 2 when the problem is in what was typed on the command line (a value given). */
      exitCode?: 1 | 2;
      /** Where, when it is not in a file (a dotted path); default: `file:line`. */
      where?: string;
    } = {},
  ) {
    const where =
      options.where ??
      (options.file ? `${options.file}${options.line ? `:${options.line}` : ""}` : undefined);
    super(code, message, {
      ...(options.hint ? { hint: options.hint } : {}),
      ...(where ? { where } : {}),
      ...(options.exitCode ? { exitCode: options.exitCode } : {}),
      cause: options.cause,
    });
    this.name = "ConfigError";
    this.file = options.file;
    this.line = options.line;
    this.issues = options.issues ?? [];
  }

  override toJSON(): OpenClawErrorJson & Record<string, unknown> {
    return { ...super.toJSON(), ...(this.issues.length ? { issues: this.issues } : {}) };
  }
}

/** One schema problem: dotted path, what is wrong, where in which file, what to do. */
export interface ConfigIssue {
  /** Dotted path of the value (`models.providers.moonshot.baseUrl`). */
  path: string;
  /** What is wrong with it. */
  message: string;
  /** The file the value is written in, when known. */
  file?: string;
  /** Its 1-based line in that file, when known. */
  line?: number;
  /** What to do about it. */
  hint?: string;
}

export function toConfigIssue(issue: SchemaIssue, file?: string, line?: number): ConfigIssue {
  return {
    path: formatPath(issue.path),
    message: issue.message,
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
    ...(issue.hint ? { hint: issue.hint } : {}),
  };
}

export function formatIssue(issue: ConfigIssue): string {
  const location = issue.file ? ` (${issue.file}${issue.line ? `:${issue.line}` : ""})` : "";
  return `${issue.path}: ${issue.message}${location}${issue.hint ? ` — ${issue.hint}` : ""}`;
}

/**
 * What to do about a variable a `${VAR}` needs: set it, or, when it is set to "" (`emptyIn`: the
 * env block's dotted path, with `line` when known, or "shell"), give it a value where it is set.
 */
export function emptyVariableHint(
  variable: string,
  file: string,
  emptyIn: string | undefined,
  line?: number,
): string {
  if (emptyIn === undefined) {
    return `export ${variable}=... in your shell, or add it to the "env" block of ${file}`;
  }
  if (emptyIn === "shell") {
    return `${variable} is set to "" in your shell: export ${variable}=... with a value, or unset it and add it to the "env" block of ${file}`;
  }
  return `${variable} is set to "" by the "env" block at ${emptyIn} (${file}${line ? `:${line}` : ""}): give it a value there`;
}

/** A `${VAR}` whose variable is not set, reported when the value is needed. */
export class MissingVariableError extends OpenClawError {
  /** The variable that is not set (or set to ""). */
  readonly variable: string;
  /** Dotted path of the config value that names it. */
  readonly configPath: string;

  /** `emptyIn`: where the variable is set to "" (the env block's dotted path, or "shell"). */
  constructor(variable: string, configPath: string, file?: string, emptyIn?: string) {
    super(
      "config.missing_env",
      `environment variable ${variable} is ${emptyIn ? "set but empty" : "not set"} (used at ${configPath})`,
      {
        hint: emptyVariableHint(variable, file ?? "your config", emptyIn),
        where: configPath,
      },
    );
    this.name = "MissingVariableError";
    this.variable = variable;
    this.configPath = configPath;
  }
}
