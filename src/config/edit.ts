/**
 * `config set|unset` as library calls: edit the main file as written (includes and `${VAR}`
 * references untouched), validate the result with its includes, and only then replace the file.
 * An edit that would make the config invalid is refused and nothing is written. The file's lock
 * is held from reading it to replacing it, so edits by processes running at once all land.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { OpenClawError } from "../errors.js";
import { withWriteLocks, writeFileAtomic } from "../util/atomic-files.js";
import { configBackup, type LeftOutKey } from "./backup-secrets.js";
import { droppedKeys, isUnderDropped } from "./dropped-keys.js";
import type { Env } from "./env.js";
import { type IncludedOverride, prepareIncludedSet } from "./include-set.js";
import { parseJson5Quietly } from "./json5-quiet.js";
import {
  type EditedPath,
  type LoadedConfig,
  loadEditedConfig,
  type ProviderProblems,
} from "./load.js";
import { formatOrigin, includedOrigin } from "./origin.js";
import { getAtPath, parsePath, setAtPath, unsetAtPath } from "./path-expr.js";
import { missingPathError, setPathError } from "./path-hints.js";
import { readConfigText } from "./read.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";
import { isSecretKeyName } from "./secret-names.js";
import { withFullFormsAlong } from "./short-forms.js";
import { configObject, configTextOver, droppedCommentsWarning } from "./write.js";

/**
 * Parses a CLI value as JSON5 (`8192`, `true`, `{a: 1}`, `"text"`), else takes it as a plain string.
 * A value that opens an object or an array but does not parse (its closing brace left out, a
 * comma too many among quoted strings) is refused: taken as a string, it was set as one, or
 * refused for what the string is not (`unknown provider "{primary: "moonshot"`), far from the slip.
 */
export function parseCliValue(text: string): unknown {
  try {
    return parseJson5Quietly(text);
  } catch (error) {
    const trimmed = text.trim();
    const opening = trimmed[0];
    if (opening !== "{" && opening !== "[") return text;
    // Closed and without quotes, it is a list or object whose strings the shell unquoted
    // (`[moonshot/kimi-k2.5]`): taken as text, the refusal says how to type it (typed-value-hints.ts).
    if (trimmed.endsWith(opening === "{" ? "}" : "]") && !/["']/.test(trimmed)) return text;
    // json5's message says where (`invalid end of input at 1:32`), not the value, which may hold a key.
    const reason = error instanceof Error ? error.message.replace(/^JSON5: /, "") : String(error);
    const kind = opening === "{" ? "an object" : "an array";
    throw new OpenClawError(
      "config.syntax",
      `the value starts ${kind} but is not valid JSON5: ${reason}`,
      {
        exitCode: 2,
        where: "the value given on the command line",
        hint: `check its closing ${opening === "{" ? "}" : "]"}, quotes and commas, and wrap the whole value in single quotes for the shell; to set it as text, write it quoted inside them: '"${opening}…"'`,
      },
    );
  }
}

/** Each option may be undefined, as left out, so that a program forwards its own as they are. */
export interface ConfigEditOptions {
  /** The environment `${VAR}` is expanded with when the result is validated (default: process). */
  env?: Env | undefined;
  /** The path the edit sets or removes: a problem it brings is blamed on the command line. */
  edited?: EditedPath;
  /**
   * Checks beyond the schema (the catalog's, as `config validate` runs them), given the config the
   * edit makes, a way to load the one the file holds now and the path edited; throw to refuse
   * the edit.
   */
  check?:
    | ((after: LoadedConfig, before: () => LoadedConfig | undefined, edited?: EditedPath) => void)
    | undefined;
  /**
   * What the `.bak` keeps: by default the previous file less the credentials the edit took out
   * (taking a key out is how a person takes it off the disk); `"as-was"` keeps it whole, for an
   * edit that removes a credential only along with the entry holding it (a prune), whose key
   * would otherwise be left nowhere. `keysKeptInBackup` then names them.
   */
  backup?: "without-removed-keys" | "as-was" | undefined;
  /**
   * Default "refuse": a schema problem inside a provider refuses the edit, as any other does.
   * "disable": it is left as it is (the gateway saving its new token into a config whose broken
   * provider it serves without); an edit of that provider itself is not one to make this way.
   */
  providerProblems?: ProviderProblems | undefined;
}

export interface ConfigFileEdit {
  /** Whether the file was written (an edit that changes nothing writes nothing). */
  changed: boolean;
  /** What to tell the person: comments that could not be kept. */
  warnings: string[];
  /** Whether a file written as JSON5 (comments, unquoted keys…) was rewritten as plain JSON. */
  rewroteJson5?: boolean;
  /**
   * Credentials the edit removed or replaced (with a `${VAR}` reference or another value): the
   * `.bak` holds what the file holds there now, not the key (see backup-secrets.ts).
   */
  keysLeftOutOfBackup?: LeftOutKey[];
  /** With `backup: "as-was"`: the credentials the edit took out, which the `.bak` still holds. */
  keysKeptInBackup?: LeftOutKey[];
}

/**
 * Edits the main config file: under its lock, reads it, lets `edit` change (a copy of) the object
 * it holds and return it (or undefined for no change), validates the result (its includes merged,
 * `options.check` too) and replaces the file, edited in place so that comments stay.
 */
export function editConfigFile(
  file: string,
  edit: (raw: Record<string, unknown>) => Record<string, unknown> | undefined,
  options: ConfigEditOptions = {},
): ConfigFileEdit {
  return withWriteLocks([file], () => {
    const text = existsSync(file) ? readConfigText(file) : undefined;
    const current = text === undefined ? {} : configObject(text, file);
    const next = edit(structuredClone(current));
    if (next === undefined) return { changed: false, warnings: [] };
    // An edit that changes nothing is still checked: in a config that is already invalid, setting
    // a value it already holds fixes nothing, and says so as any other edit there would.
    const changed = !isDeepStrictEqual(next, current);
    const env = options.env ?? process.env;
    const after = loadEditedConfig(next, file, env, {
      ...(text !== undefined ? { text } : {}),
      before: current,
      ...(options.edited ? { edited: options.edited } : {}),
      ...(options.providerProblems ? { providerProblems: options.providerProblems } : {}),
    });
    options.check?.(
      after,
      () => {
        try {
          return loadEditedConfig(current, file, env, text !== undefined ? { text } : {});
        } catch {
          return undefined;
        }
      },
      options.edited,
    );
    if (!changed) return { changed: false, warnings: [] };
    const out = configTextOver(text, next);
    // Keys that went only because `config set` replaced the object holding them stay in the .bak.
    const edited = options.edited;
    const dropped =
      edited?.action === "set"
        ? droppedKeys(getAtPath(current, edited.path), getAtPath(next, edited.path), edited.path)
        : [];
    const kept = configBackup(current, next, (path) => isUnderDropped(path, dropped));
    const asWas = options.backup === "as-was";
    writeFileAtomic(file, out.text, 0o600, asWas ? undefined : kept.backup);
    return {
      changed: true,
      warnings: out.lostJson5 ? [droppedCommentsWarning(file, out.droppedComments)] : [],
      rewroteJson5: out.lostJson5,
      ...(kept.leftOut.length === 0
        ? {}
        : asWas
          ? { keysKeptInBackup: kept.leftOut }
          : { keysLeftOutOfBackup: kept.leftOut }),
    };
  });
}

/** What a config edit (`setConfigValue`, `unsetConfigValue`) did, at which path. */
export interface EditResult {
  /** The edited path, dotted (`models.providers.moonshot.baseUrl`). */
  path: string;
  /** The same path as segments. */
  segments: PathSegment[];
  /** The value the main file held there before the edit; undefined when none. */
  previous: unknown;
  /** The value set; undefined for an unset. */
  value: unknown;
  /** Whether the file was written: false when it already held what was asked. */
  changed: boolean;
  /** What to tell the person: comments that could not be kept. */
  warnings: string[];
  /** See ConfigFileEdit. */
  rewroteJson5?: boolean;
  /** See ConfigFileEdit. */
  keysLeftOutOfBackup?: LeftOutKey[];
}

/**
 * Edits the value at `expression` in the main file: `change` gives the config with it changed (it
 * may throw to refuse); the value there before is reported beside the path.
 */
function editAtPath(
  file: string,
  expression: string,
  edited: { action: EditedPath["action"]; value: unknown; text?: string },
  change: (current: Record<string, unknown>, segments: PathSegment[]) => Record<string, unknown>,
  options: Omit<ConfigEditOptions, "edited">,
): EditResult {
  const segments = parsePath(expression);
  let previous: unknown;
  const { changed, warnings, rewroteJson5, keysLeftOutOfBackup } = editConfigFile(
    file,
    (current) => {
      // A path the config has no key for is told as `config get` tells it, before any change:
      // read against the file, whose keys (a provider's id) are not glued to the word after them.
      if (edited.action === "set") {
        const mistake = setPathError(segments, current);
        if (mistake) throw mistake;
      }
      const next = change(current, segments);
      previous = getAtPath(current, segments);
      return next;
    },
    {
      ...options,
      edited: {
        path: segments,
        action: edited.action,
        ...(edited.text !== undefined ? { typed: { value: edited.value, text: edited.text } } : {}),
      },
    },
  );
  return {
    path: formatPath(segments),
    segments,
    previous,
    value: edited.value,
    changed,
    warnings,
    ...(rewroteJson5 ? { rewroteJson5 } : {}),
    ...(keysLeftOutOfBackup ? { keysLeftOutOfBackup } : {}),
  };
}

/** What `setConfigValue` did; also names an included file's value it now overrides. */
export interface SetResult extends EditResult {
  /** The value an included file holds at the path, which the main file's now overrides. */
  overrides?: IncludedOverride;
}

export function setConfigValue(
  file: string,
  expression: string,
  value: unknown,
  options: Omit<ConfigEditOptions, "edited"> & {
    /** The value as typed on the command line, before JSON5 read it: to say how to quote it. */
    typed?: string | undefined;
  } = {},
): SetResult {
  let overrides: IncludedOverride | undefined;
  const { typed, ...rest } = options;
  const result = editAtPath(
    file,
    expression,
    { action: "set", value, ...(typed !== undefined ? { text: typed } : {}) },
    (current, segments) => {
      // A key below a value in a short form (`model: "ref"`) is set in its full form, keeping the
      // ref; a path inside a list an included file sets is refused.
      const prepared = prepareIncludedSet(current, file, segments, value);
      overrides = prepared.overrides;
      return setAtPath(prepared.root, segments, value);
    },
    rest,
  );
  return { ...result, ...(overrides && result.changed ? { overrides } : {}) };
}

/** `path` is not in the main file: say where it is when an included file sets it. */
function notInMainFile(
  file: string,
  segments: PathSegment[],
  current: Record<string, unknown>,
): OpenClawError {
  const path = formatPath(segments);
  const origin = includedOrigin(file, segments);
  if (origin) {
    const where = formatOrigin(origin);
    return new OpenClawError(
      "config.in_include",
      `${path} is set in ${where}, which ${basename(file)} includes with $include; config unset changes only ${file}`,
      {
        where,
        hint: `remove it from ${origin.file}${origin.line ? ` (line ${origin.line})` : ""} in an editor`,
      },
    );
  }
  // Exit 2 for a key that does not exist, 1 for one not set: as `config get` says it, also
  // of a file not written yet.
  const where = existsSync(file) ? file : `${file} (not created yet)`;
  return missingPathError(current, segments, "unset", where);
}

export function unsetConfigValue(
  file: string,
  expression: string,
  options: Omit<ConfigEditOptions, "edited"> = {},
): EditResult {
  return editAtPath(
    file,
    expression,
    { action: "unset", value: undefined },
    (current, segments) => {
      const { root, removed } = unsetAtPath(withFullFormsAlong(current, segments), segments);
      if (!removed) throw notInMainFile(file, segments, current);
      return root;
    },
    options,
  );
}

/**
 * True for values that hold credentials (`apiKey`, `gateway.auth.token`, `env.*_API_KEY`, an
 * `Authorization` header).
 */
export function isSecretPath(segments: readonly PathSegment[]): boolean {
  const last = segments[segments.length - 1];
  return typeof last === "string" && isSecretKeyName(last);
}
