/**
 * What `config validate` (and `doctor`) warn about in a config that loads: things that do not
 * stop it from working but that a person should know. A key written twice in one object (JSON5
 * keeps the last; the first silently does nothing), a `${VAR}` whose variable is not set (the
 * value cannot be used until it is; loading keeps it as written so that other commands run), and
 * `${name}` text that is not a reference at all (names are uppercase), so it stays literally, as
 * does `$NAME` without braces.
 */
import { readFileSync } from "node:fs";
import { andList } from "../util/and-list.js";
import { emptyVariableHint } from "./errors.js";
import { duplicateKeys } from "./json5-edit.js";
import type { LoadedConfig } from "./load.js";
import { configValueLocator } from "./origin.js";
import { parsePath } from "./path-expr.js";
import {
  bareReferences,
  bareReferenceWords,
  notReferences,
  referenceNameHint,
} from "./reference-names.js";
import { formatPath, isPlainObject, type PathSegment } from "./schema-dsl.js";

export interface ConfigNotice {
  /** Dotted path of the value (in its file, for a key written twice). */
  path: string;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
}

/**
 * The lines a key written more than once is on: "lines 2 and 4", or "both on line 10" for an
 * object written on one line, where "lines 10 and 10" would read as a mistake of its own.
 */
function whereWritten(lines: readonly number[]): string {
  const distinct = [...new Set(lines)];
  if (distinct.length === 1) return `${lines.length === 2 ? "both" : "all"} on line ${distinct[0]}`;
  return `lines ${distinct.slice(0, -1).join(", ")} and ${distinct.at(-1)}`;
}

function duplicateKeyNotices(files: readonly string[]): ConfigNotice[] {
  const out: ConfigNotice[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const duplicate of duplicateKeys(text)) {
      const lines = duplicate.lines;
      out.push({
        path: formatPath(duplicate.path),
        message: `is written ${lines.length} times in one object (${whereWritten(lines)}): only the last counts, the others are ignored`,
        hint: `keep one of them in ${file}`,
        file,
        line: lines[0] as number,
      });
    }
  }
  return out;
}

/**
 * One warning for keys written more than once at the top of a config file (`env`, `agents`,
 * `models`): what the provider page's two snippets give when the second one's inside is pasted
 * into the first. JSON5 keeps the last of each, so a whole provider, its key and its default
 * vanish without a word, and a command run on them says the provider has no key or is not
 * allowed. Said by the commands that use the config (`config validate` and `doctor` name each
 * key); undefined when no top-level key is written twice.
 */
export function sectionsWrittenTwice(loaded: LoadedConfig): string | undefined {
  if (!loaded.exists) return undefined;
  for (const file of loaded.files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const twice = duplicateKeys(text, true);
    if (twice.length === 0) continue;
    const list = andList(
      twice.map((duplicate) => `${String(duplicate.path[0])} (${whereWritten(duplicate.lines)})`),
    );
    const times = twice.every((duplicate) => duplicate.lines.length === 2)
      ? "twice"
      : "more than once";
    return `${file} writes ${list} ${times} at its top level: only the last of each counts, so what the others set is ignored; merge them into one (two providers go side by side in one models.providers), then check with: openclaw config validate`;
  }
  return undefined;
}

/** A provider's key has other sources (the credential store, the environment): not warned about. */
const KEY_PATH = /\.apiKey$/;

function unsetVariableNotices(loaded: LoadedConfig): ConfigNotice[] {
  const out: ConfigNotice[] = [];
  const locate = configValueLocator(loaded.path);
  const variableHint = (name: string, emptyIn: string | undefined): string => {
    if (emptyIn === undefined || emptyIn === "shell") {
      return emptyVariableHint(name, loaded.path, emptyIn);
    }
    let where: ReturnType<typeof locate>;
    try {
      where = locate(parsePath(emptyIn));
    } catch {
      where = undefined;
    }
    return emptyVariableHint(name, where?.file ?? loaded.path, emptyIn, where?.line);
  };
  for (const path of loaded.unresolved) {
    if (KEY_PATH.test(path)) continue;
    const missing = loaded.templates.get(path)?.missing ?? [];
    if (missing.length === 0) continue;
    const names = missing.join(", ");
    const plural = missing.length > 1;
    const empty = loaded.templates.get(path)?.empty ?? {};
    const allEmpty = missing.every((name) => empty[name] !== undefined);
    let origin: ReturnType<typeof locate>;
    try {
      origin = locate(parsePath(path));
    } catch {
      origin = undefined;
    }
    out.push({
      path,
      message: allEmpty
        ? `uses ${names}, which ${plural ? "are" : "is"} set but empty: this value cannot be used until ${plural ? "they have values" : "it has a value"}`
        : `uses ${names}, which ${plural ? "are" : "is"} not set: this value cannot be used until ${plural ? "they are" : "it is"}`,
      hint: variableHint(missing[0] as string, empty[missing[0] as string]),
      ...(origin ? { file: origin.file, ...(origin.line ? { line: origin.line } : {}) } : {}),
    });
  }
  return out;
}

function literalTemplateNotices(root: unknown): ConfigNotice[] {
  const out: ConfigNotice[] = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (typeof value === "string") {
      const bare = bareReferences(value)[0];
      if (bare !== undefined) out.push({ path: formatPath(path), ...bareReferenceWords(bare) });
      const names = notReferences(value);
      if (names.length === 0) return;
      out.push({
        path: formatPath(path),
        message: `"\${${names[0]}}" is not expanded: it is not a variable name, so the text stays as written`,
        hint: referenceNameHint(names[0] as string),
      });
      return;
    }
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(root, []);
  return out;
}

/** Warnings about a config that loaded (see the top of this file), in file order of kind. */
export function configNotices(loaded: LoadedConfig): ConfigNotice[] {
  if (!loaded.exists) return [];
  return [
    ...duplicateKeyNotices(loaded.files),
    ...unsetVariableNotices(loaded),
    ...literalTemplateNotices(loaded.written),
  ];
}
