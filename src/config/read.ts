/**
 * Reading config files: JSON5 with readable syntax errors, `$include` (string or list, relative to
 * the including file, confined to the config's directory, cycles detected), size and depth limits.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { shellWord } from "../util/shell-word.js";
import { ConfigError } from "./errors.js";
import { specialFileKind } from "./file-kind.js";
import { parseJson5Quietly } from "./json5-quiet.js";
import { locateLine } from "./locate.js";
import { hashCommentAdvice, missingCommaAt } from "./missing-comma.js";
import { isPlainObject, type PathSegment } from "./schema-dsl.js";
import { secondObjectAdvice } from "./second-object.js";
import { caretUnder, maskSecretsInSourceLine } from "./source-line.js";
import { strayCommaAdvice } from "./stray-comma.js";
import { unclosedBracket } from "./unclosed-bracket.js";
import { unquotedWordAt } from "./unquoted-word.js";
import { lookAlikeAdvice, lookAlikeQuoteOnLine } from "./wide-punctuation.js";

/** Config files are hand-written; anything this big is a mistake (or hostile). */
export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;
export const MAX_NESTING_DEPTH = 64;
export const MAX_INCLUDE_DEPTH = 10;

export interface ReadResult {
  value: Record<string, unknown>;
  /** Every file read, the main file first. */
  files: string[];
  /** File text by path, for locating lines of schema issues. */
  texts: Map<string, string>;
  /** Each file's value as parsed, `$include`s unresolved: where a merged value came from. */
  parsed: Map<string, unknown>;
}

interface Json5SyntaxError extends SyntaxError {
  lineNumber?: number;
  columnNumber?: number;
}

/** What the person can do about a config file that could not be read, by the system's reason. */
export function unreadableHint(
  file: string,
  code: string | undefined,
  role: "main" | "include",
  owner?: { fileUid: number; processUid: number | undefined },
  /** For a directory: the config file it holds (a state dir given as the config), if any. */
  configInside?: string,
): string {
  if (code === "EISDIR") {
    if (role === "main" && configInside !== undefined)
      return `it holds the config file ${configInside}: point OPENCLAW_CONFIG_PATH at that file (export OPENCLAW_CONFIG_PATH=${shellWord(configInside)}); nothing was changed`;
    return role === "main"
      ? `move the directory away (mv ${file} ${file}.d), or point OPENCLAW_CONFIG_PATH at a file`
      : "point the $include at a file, not a directory";
  }
  if (code === "EACCES" || code === "EPERM") {
    if (owner && owner.processUid !== undefined && owner.fileUid !== owner.processUid)
      return `it belongs to another user: take it over with sudo chown "$(id -un)" ${file}, then chmod 600 ${file}`;
    return `let yourself read it: chmod 600 ${file} (and make sure you may enter the directories above it)`;
  }
  if (code === "ENOENT")
    return role === "main"
      ? "check that the file exists"
      : "check the $include path: it is relative to the file that includes it";
  if (code === "ENOTDIR") return `a part of the path ${file} is a file, not a directory`;
  if (code === "ELOOP")
    return role === "main"
      ? `put the config file itself at ${file}: ls -l ${file} shows where its links lead`
      : `point the $include at the file itself: ls -l ${file} shows where its links lead`;
  if (code === "ENAMETOOLONG") return "shorten the path: the system refuses one this long";
  return "check that the file exists and that you may read it";
}

/** `text` with its control characters written as escapes (\\u0000): shown, not sent to the terminal. */
export function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * The `openclaw.json` a directory given as the config holds (the state dir, taken for the
 * config file): moving that directory away, as said of any other, would move the config too.
 */
function configFileIn(dir: string): string | undefined {
  const file = join(dir, "openclaw.json");
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function unreadable(file: string, role: "main" | "include", error: unknown): ConfigError {
  const errno = error as NodeJS.ErrnoException;
  let owner: { fileUid: number; processUid: number | undefined } | undefined;
  try {
    owner = { fileUid: statSync(file).uid, processUid: process.getuid?.() };
  } catch {
    owner = undefined;
  }
  const reason =
    errno.code === "EISDIR"
      ? "it is a directory"
      : errno.code === "EACCES" || errno.code === "EPERM"
        ? "permission denied"
        : errno.code === "ENOENT"
          ? "no such file"
          : errno.code === "ELOOP"
            ? "its symbolic links lead back to themselves"
            : errno.code === "ENAMETOOLONG"
              ? "its path is too long"
              : escapeControls(errno.message);
  const shown = escapeControls(file);
  const inside = errno.code === "EISDIR" ? configFileIn(file) : undefined;
  return new ConfigError("config.unreadable", `cannot read config file ${shown}: ${reason}`, {
    file,
    hint: unreadableHint(
      shown,
      errno.code,
      role,
      owner,
      inside === undefined ? undefined : escapeControls(inside),
    ),
    cause: error,
  });
}

/** Reads a config file's text, refusing (with what to do) one that cannot be read or is too big. */
export function readConfigText(file: string, role: "main" | "include" = "main"): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory())
      throw Object.assign(new Error(`${file} is a directory`), { code: "EISDIR" });
    size = stat.size;
  } catch (error) {
    throw unreadable(file, role, error);
  }
  const tooLarge = (what: string) =>
    new ConfigError(
      "config.too_large",
      `config file ${file} is ${what}; the limit is ${MAX_CONFIG_BYTES / 1024 / 1024} MB`,
      { file, hint: "a config file holds settings, not data: check that this is the right file" },
    );
  if (size > MAX_CONFIG_BYTES) throw tooLarge(`${(size / 1024 / 1024).toFixed(1)} MB`);
  let bytes: Buffer | undefined;
  try {
    bytes = readAtMost(file, MAX_CONFIG_BYTES);
  } catch (error) {
    throw unreadable(file, role, error);
  }
  // A device or a pipe has no size to check first (/dev/zero says 0 and never ends).
  if (bytes === undefined) throw tooLarge(`larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB`);
  return bytes.toString("utf8");
}

/** The file's bytes, or undefined when there are more than `limit` of them. */
function readAtMost(file: string, limit: number): Buffer | undefined {
  const fd = openSync(file, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      total += read;
      if (total > limit) return undefined;
      chunks.push(chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
}

/** Comments and whitespace only: a file with nothing in it (yet). */
function holdsNothing(body: string): boolean {
  // Removing comment-like text also inside strings is harmless here: a string leaves its quotes.
  return (
    body
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/[^\n]*/g, "")
      .trim() === ""
  );
}

/**
 * Parses a config file's JSON5 text, turning syntax errors into file:line:column with the
 * offending line shown. A file holding nothing (whitespace or comments only) is `{}`, as a
 * missing file is: a config file just created is not an error.
 */
export function parseJson5(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (holdsNothing(body)) return {};
  // Fast path: files written by tools are plain JSON, which V8 parses ~15× faster than JSON5.
  // Hand-written JSON5 fails this within its first comment or unquoted key, so the retry is cheap.
  try {
    return JSON.parse(body);
  } catch {
    // not plain JSON: fall through to JSON5
  }
  try {
    return parseJson5Quietly(body);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ConfigError("config.too_deep", `config file ${file} is nested too deeply to read`, {
        file,
        hint: `keep objects and lists under ${MAX_NESTING_DEPTH} levels deep`,
      });
    }
    const syntax = error as Json5SyntaxError;
    let line = syntax.lineNumber ?? 1;
    let column = syntax.columnNumber ?? 1;
    let reason = String(syntax.message ?? error)
      .replace(/^JSON5: /, "")
      .replace(/ at \d+:\d+$/, "");
    let hint =
      "the config is JSON5: check for a missing comma, an unclosed quote or brace, or text after the last }";
    // The file ends inside an object or list: point at the bracket left open, not at the end.
    const unclosed = reason.startsWith("invalid end of input") ? unclosedBracket(body) : undefined;
    if (unclosed) {
      const closer = unclosed.bracket === "{" ? "}" : "]";
      ({ line, column } = unclosed);
      reason = `this "${unclosed.bracket}" is never closed: the file ends first`;
      const what = unclosed.bracket === "{" ? "object" : "list";
      hint = `add the "${closer}" that ends the ${what} opened at line ${line}, column ${column}, where that ${what} should end`;
    }
    // A line break inside a string: JSON5 names the break, on the next line at column 0 for
    // "\n", which quoted a line with nothing wrong in it. Point at the end of the string's line.
    if (/^invalid character '\\[nr]'$/.test(reason)) {
      if (column === 0) line -= 1;
      column = (body.split(/\r?\n/)[line - 1] ?? "").length + 1;
      reason = "this string is never closed: its line ends first";
      hint =
        "close the string with the quote it opens with, on the same line (write \\n for a line break inside it)";
      // A closing quote typed as “ or ” leaves the string open; the masked line may hide it.
      const quote = lookAlikeQuoteOnLine(body.split(/\r?\n/)[line - 1] ?? "");
      if (quote) hint = `${quote}; else ${hint}`;
    }
    // Two snippets pasted one after the other: say that, not "a missing comma?".
    const second =
      reason === "invalid character '{'" || reason === "invalid character ','"
        ? secondObjectAdvice(body, line, column)
        : undefined;
    if (second) ({ line, column, reason, hint } = second);
    // A comma too many (two in a row, one after an opening bracket or after the last "}").
    const stray =
      second === undefined && reason === "invalid character ','"
        ? strayCommaAdvice(body, line, column)
        : undefined;
    if (stray) ({ reason, hint } = stray);
    // JSON5 escapes a quote or backslash it names (a backslash before it): show the character as
    // typed, a single quote between double ones.
    reason = reason
      .replace(/^invalid character '\\''$/, `invalid character "'"`)
      .replace(/^invalid character '\\(["\\])'$/, "invalid character '$1'");
    // A comma left out between two entries: point at where it goes, not at the next entry.
    const comma =
      second === undefined && reason.startsWith("invalid character ")
        ? missingCommaAt(body, line, column)
        : undefined;
    if (comma) ({ line, column, reason, hint } = comma);
    // A word left without quotes (`bind: lan`, `kimi-code: {…}`): JSON5 names one character of it.
    const unquoted =
      second === undefined && comma === undefined && reason.startsWith("invalid character ")
        ? unquotedWordAt(body, line, column)
        : undefined;
    if (unquoted) ({ line, column, reason, hint } = unquoted);
    if (reason === "invalid character '#'") ({ reason, hint } = hashCommentAdvice());
    // A colon, comma or quote typed with a Chinese input method on: say so, and what to type.
    const invalid = /^invalid character '(.)'$/u.exec(reason)?.[1];
    const lookAlike = invalid === undefined ? undefined : lookAlikeAdvice(invalid);
    if (lookAlike) ({ reason, hint } = lookAlike);
    const sourceLine = maskSecretsInSourceLine(text.split(/\r?\n/)[line - 1] ?? "");
    const shown = sourceLine.length > 120 ? `${sourceLine.slice(0, 117)}...` : sourceLine;
    const caret = caretUnder(shown, Math.min(column, 120));
    throw new ConfigError(
      "config.syntax",
      `${file}:${line}:${column}: ${reason}\n    ${shown}\n    ${caret}`,
      {
        file,
        line,
        hint,
        cause: error,
      },
    );
  }
}

/** Iterative depth check, so hostile nesting cannot overflow the stack of later recursive steps. */
function checkDepth(root: unknown, file: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_NESTING_DEPTH) {
      throw new ConfigError(
        "config.too_deep",
        `config file ${file} nests more than ${MAX_NESTING_DEPTH} levels deep`,
        {
          file,
          hint: "flatten the structure: no part of the config needs that many levels",
        },
      );
    }
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
}

/**
 * Sets a key as data, also `__proto__`: assigning that one would change the object's prototype,
 * and the key (a mistake validation reports) would vanish from the config without a word.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Deep merge for `$include`: objects merge key by key, anything else is replaced by the later value. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    setOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
  }
  return out;
}

interface IncludeState {
  rootDir: string;
  files: string[];
  texts: Map<string, string>;
  parsed: Map<string, unknown>;
  chain: string[];
}

/** Where an `$include` is written: the including file and the `$include`'s line there. */
interface IncludedAt {
  file: string;
  line: number | undefined;
}

function loadFile(file: string, state: IncludeState, includedAt?: IncludedAt): unknown {
  if (state.chain.includes(file)) {
    const cycle = [...state.chain.slice(state.chain.indexOf(file)), file]
      .map((path) => relative(state.rootDir, path) || path)
      .join(" → ");
    throw new ConfigError("config.include_cycle", `$include cycle: ${cycle}`, {
      file: state.chain[state.chain.length - 1] ?? file,
      hint: "remove one of these $include entries so that no file includes itself",
    });
  }
  if (state.chain.length > MAX_INCLUDE_DEPTH) {
    throw new ConfigError(
      "config.include_depth",
      `$include nests more than ${MAX_INCLUDE_DEPTH} files deep`,
      {
        file,
      },
    );
  }
  const text = readIncluded(file, state.chain.length === 0 ? "main" : "include", includedAt);
  state.files.push(file);
  state.texts.set(file, text);
  const parsed = parseJson5(text, file);
  checkDepth(parsed, file);
  state.parsed.set(file, parsed);
  state.chain.push(file);
  try {
    return resolveIncludes(parsed, dirname(file), file, state);
  } finally {
    state.chain.pop();
  }
}

/**
 * `readConfigText`, and for an included file that cannot be read (missing, a directory, too big)
 * the error is told at the `$include`'s line, where the fix goes; its message names the file.
 */
function readIncluded(file: string, role: "main" | "include", includedAt?: IncludedAt): string {
  try {
    return readConfigText(file, role);
  } catch (error) {
    if (!(error instanceof ConfigError) || !includedAt) throw error;
    throw new ConfigError(error.code, error.message, {
      file: includedAt.file,
      ...(includedAt.line ? { line: includedAt.line } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
      cause: error.cause,
    });
  }
}

/** What a value is, for an included file that does not hold an object. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

export function includeTargets(spec: unknown, file: string, line?: number): string[] {
  if (typeof spec === "string") return [spec];
  if (Array.isArray(spec) && spec.every((entry) => typeof entry === "string"))
    return spec as string[];
  throw new ConfigError("config.include_invalid", `$include must be a path or a list of paths`, {
    file,
    ...(line ? { line } : {}),
    hint: 'write $include: "./providers.json5" or $include: ["./a.json5", "./b.json5"]',
  });
}

/** The file an `$include` entry names, relative to the including file's directory. */
export function includePath(target: string, baseDir: string): string {
  return isAbsolute(target) ? target : resolve(baseDir, target);
}

/**
 * `loadFile` for an `$include` at `line` of `file`: a cycle or too deep a nesting is blamed on
 * that line, where the `$include` to remove is.
 */
function loadIncluded(path: string, state: IncludeState, file: string, line?: number): unknown {
  try {
    return loadFile(path, state, { file, line });
  } catch (error) {
    const atThisInclude =
      error instanceof ConfigError &&
      (error.code === "config.include_cycle" || error.code === "config.include_depth") &&
      error.file === file &&
      error.line === undefined;
    if (!atThisInclude || !line) throw error;
    throw new ConfigError(error.code, error.message, {
      file,
      line,
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }
}

/** `at`: where `value` is in `file`'s object, for the line of an `$include` that is refused. */
function resolveIncludes(
  value: unknown,
  baseDir: string,
  file: string,
  state: IncludeState,
  at: readonly PathSegment[] = [],
): unknown {
  if (Array.isArray(value))
    return value.map((element, index) =>
      resolveIncludes(element, baseDir, file, state, [...at, index]),
    );
  if (!isPlainObject(value)) return value;
  let merged: unknown = {};
  if ("$include" in value) {
    const text = state.texts.get(file);
    const lineOf = (path: readonly PathSegment[]) =>
      text === undefined ? undefined : locateLine(text, path);
    const targets = includeTargets(value.$include, file, lineOf([...at, "$include"]));
    for (const [index, target] of targets.entries()) {
      const entryPath = typeof value.$include === "string" ? [] : [index];
      const line = lineOf([...at, "$include", ...entryPath]);
      const shown = escapeControls(target);
      if (target.includes("\u0000")) {
        throw new ConfigError(
          "config.include_invalid",
          `$include "${shown}" is not a path: no file name holds the character \\u0000 (NUL)`,
          {
            file,
            ...(line ? { line } : {}),
            hint: 'write the path of a file next to this one, e.g. $include: "./providers.json5"',
          },
        );
      }
      const path = includePath(target, baseDir);
      const inside = relative(state.rootDir, path);
      if (inside.startsWith("..") || isAbsolute(inside)) {
        throw new ConfigError(
          "config.include_outside",
          `$include "${shown}" points outside the config directory`,
          {
            file,
            ...(line ? { line } : {}),
            hint: `keep included files inside ${state.rootDir}`,
          },
        );
      }
      const special = specialFileKind(path);
      if (special) {
        const shownPath = escapeControls(path);
        throw new ConfigError(
          "config.include_not_file",
          `${shownPath} is ${special}, not a file; $include takes a JSON5 file`,
          {
            file,
            ...(line ? { line } : {}),
            hint: `write the settings into a JSON5 file and point the $include at it (ls -l ${shownPath} shows what the path is)`,
          },
        );
      }
      const included = loadIncluded(path, state, file, line);
      if (!isPlainObject(included)) {
        throw new ConfigError(
          "config.include_not_object",
          `$include "${shown}" does not hold an object: ${escapeControls(path)} holds ${kindOf(included)}`,
          {
            file,
            ...(line ? { line } : {}),
            hint: `wrap the settings in ${escapeControls(path)} in { }, or point the $include at a file that holds an object`,
          },
        );
      }
      merged = deepMerge(merged, included);
    }
  }
  const own: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== "$include")
      setOwn(own, key, resolveIncludes(child, baseDir, file, state, [...at, key]));
  }
  return deepMerge(merged, own);
}

/** Reads the main config file and everything it includes into one object. */
export function readConfigTree(file: string): ReadResult {
  const state: IncludeState = {
    rootDir: dirname(file),
    files: [],
    texts: new Map(),
    parsed: new Map(),
    chain: [],
  };
  const value = loadFile(file, state);
  return topLevelObject(value, file, state);
}

/**
 * Merges the includes of a main file's object that is not on disk yet (an edit about to be
 * written to `file`): includes resolve and are confined exactly as if `file` held `value`.
 */
export function resolveConfigIncludes(value: Record<string, unknown>, file: string): ReadResult {
  const state: IncludeState = {
    rootDir: dirname(file),
    files: [file],
    texts: new Map(),
    parsed: new Map([[file, value]]),
    chain: [file],
  };
  checkDepth(value, file);
  return topLevelObject(resolveIncludes(value, dirname(file), file, state), file, state);
}

function topLevelObject(value: unknown, file: string, state: IncludeState): ReadResult {
  if (!isPlainObject(value)) {
    throw new ConfigError(
      "config.not_object",
      `config file ${file} must hold an object {...} at the top`,
      {
        file,
        line: 1,
        hint: "wrap the settings in { }",
      },
    );
  }
  return { value, files: state.files, texts: state.texts, parsed: state.parsed };
}
