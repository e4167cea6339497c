/**
 * Writing the config file (atomically, through util/atomic-files). An existing file is changed
 * in place, only where its value changed, so a hand-written file keeps its comments, order and
 * layout; a new file (or one this cannot edit safely) is written as JSON, which is valid JSON5.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { OpenClawError } from "../errors.js";
import { withWriteLocks, writeFileAtomic } from "../util/atomic-files.js";
import { rewriteJson5 } from "./json5-edit.js";
import { parseJson5Quietly } from "./json5-quiet.js";
import { parseJson5, readConfigText } from "./read.js";
import { isPlainObject } from "./schema-dsl.js";

export function serializeConfig(value: Record<string, unknown>): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The text of a config file that held `previous` and must now hold `value`: `previous` edited in
 * place when that can be done safely (its comments and layout kept), else `value` as JSON.
 */
export function configTextOver(
  previous: string | undefined,
  value: Record<string, unknown>,
): { text: string; keptLayout: boolean; droppedComments: boolean; lostJson5: boolean } {
  if (previous !== undefined) {
    try {
      const edited = rewriteJson5(previous, parseJson5Quietly(previous), value);
      if (edited !== undefined) {
        return { text: edited, keptLayout: true, droppedComments: false, lostJson5: false };
      }
    } catch {
      // Not JSON5 we can read: written out whole below.
    }
  }
  const json = serializeConfig(value);
  return {
    // A file written with \r\n (on Windows) keeps them even when it is written out whole.
    text: previous !== undefined && writtenWithCrlf(previous) ? json.replace(/\n/g, "\r\n") : json,
    keptLayout: previous === undefined,
    droppedComments: previous !== undefined && hasComments(previous),
    lostJson5: previous !== undefined && writtenAsJson5(previous),
  };
}

/**
 * Whether a config text holds what a rewrite as JSON loses: comments, or syntax only JSON5 reads
 * (unquoted keys, trailing commas, single quotes). Blank lines or another indent are not counted:
 * a file openclaw wrote itself (plain JSON) loses nothing a person wrote when written out again.
 */
export function writtenAsJson5(text: string): boolean {
  if (hasComments(text)) return true;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** Whether most of a text's line breaks are \r\n. */
function writtenWithCrlf(text: string): boolean {
  const crlf = text.split("\r\n").length - 1;
  return crlf > 0 && crlf * 2 > text.split("\n").length - 1;
}

/** Whether a JSON5 text has a comment (outside its strings). */
export function hasComments(text: string): boolean {
  const withoutStrings = text.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""');
  return /\/\/|\/\*/.test(withoutStrings);
}

/**
 * What to tell the person when a config file written as JSON5 could not be edited in place:
 * `droppedComments` when it had comments, else what of its JSON5 syntax is gone.
 */
export function droppedCommentsWarning(path: string, droppedComments = true): string {
  const name = basename(path);
  const lost = droppedComments
    ? "its comments are not kept"
    : "its JSON5 syntax (unquoted keys, trailing commas, single quotes) is not kept";
  return `${name} is rewritten as JSON: ${lost} (the previous file is saved as ${name}.bak)`;
}

/**
 * Writes `value` to the config file, edited in place where it can be. Returns what to tell the
 * person (comments that could not be kept). A caller that read the file to make `value` holds its
 * lock from before that read (editConfigFile in edit.ts does all of it).
 */
export function writeConfigFile(path: string, value: Record<string, unknown>): string[] {
  return withWriteLocks([path], () => {
    const previous = existsSync(path) ? readConfigText(path) : undefined;
    const out = configTextOver(previous, value);
    writeFileAtomic(path, out.text);
    return out.lostJson5 ? [droppedCommentsWarning(path, out.droppedComments)] : [];
  });
}

/**
 * The main config file as written (no includes merged, `${VAR}` kept), for editing. A missing file
 * is `{}`.
 */
export function readConfigFileForEdit(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  return configObject(readConfigText(path), path);
}

/** A main config file's text as the object it holds, refusing one that is not an object. */
export function configObject(text: string, path: string): Record<string, unknown> {
  const value = parseJson5(text, path);
  if (!isPlainObject(value)) {
    throw new OpenClawError(
      "config.not_object",
      `config file ${path} must hold an object {...} at the top`,
      {
        where: path,
      },
    );
  }
  return value;
}
