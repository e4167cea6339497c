/**
 * `config set|unset` as library calls: edit the main file as written (includes and `${VAR}`
 * references untouched), validate the result with its includes, and only then replace the file.
 * An edit that would make the config invalid is refused and nothing is written.
 */
import JSON5 from "json5";
import { OpenClawError } from "../errors.js";
import { validateEditedConfig } from "./load.js";
import { getAtPath, parsePath, setAtPath, unsetAtPath } from "./path-expr.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";
import { isSecretKeyName } from "./secret-names.js";
import { readConfigFileForEdit, writeConfigFile } from "./write.js";

/** Parses a CLI value as JSON5 (`8192`, `true`, `{a: 1}`, `"text"`), else takes it as a plain string. */
export function parseCliValue(text: string): unknown {
  try {
    return JSON5.parse(text);
  } catch {
    return text;
  }
}

function replaceValidated(path: string, next: Record<string, unknown>): void {
  validateEditedConfig(next, path);
  writeConfigFile(path, next);
}

export interface EditResult {
  path: string;
  segments: PathSegment[];
  previous: unknown;
  value: unknown;
}

export function setConfigValue(file: string, expression: string, value: unknown): EditResult {
  const segments = parsePath(expression);
  const current = readConfigFileForEdit(file);
  const previous = getAtPath(current, segments);
  replaceValidated(file, setAtPath(current, segments, value));
  return { path: formatPath(segments), segments, previous, value };
}

export function unsetConfigValue(file: string, expression: string): EditResult {
  const segments = parsePath(expression);
  const current = readConfigFileForEdit(file);
  const { root, removed } = unsetAtPath(current, segments);
  if (!removed) {
    // A failure, not a usage mistake: the same exit code (1) as `config get` of a path not set.
    throw new OpenClawError("config.not_set", `${formatPath(segments)} is not set in ${file}`, {
      hint: "see what is set with: openclaw config get <path>",
    });
  }
  replaceValidated(file, root);
  return {
    path: formatPath(segments),
    segments,
    previous: getAtPath(current, segments),
    value: undefined,
  };
}

/**
 * True for values that hold credentials (`apiKey`, `gateway.auth.token`, `env.*_API_KEY`, an
 * `Authorization` header).
 */
export function isSecretPath(segments: readonly PathSegment[]): boolean {
  const last = segments[segments.length - 1];
  return typeof last === "string" && isSecretKeyName(last);
}
