/**
 * Writing the config file (atomically, through util/atomic-files). An existing file is changed
 * in place, only where its value changed, so a hand-written file keeps its comments, order and
 * layout; a new file (or one this cannot edit safely) is written as JSON, which is valid JSON5.
 */
import { existsSync } from "node:fs";
import JSON5 from "json5";
import { OpenClawError } from "../errors.js";
import { writeFileAtomic } from "../util/atomic-files.js";
import { rewriteJson5 } from "./json5-edit.js";
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
): { text: string; keptLayout: boolean } {
  if (previous !== undefined) {
    try {
      const edited = rewriteJson5(previous, JSON5.parse(previous), value);
      if (edited !== undefined) return { text: edited, keptLayout: true };
    } catch {
      // Not JSON5 we can read: written out whole below.
    }
  }
  return { text: serializeConfig(value), keptLayout: previous === undefined };
}

export function writeConfigFile(path: string, value: Record<string, unknown>): void {
  const previous = existsSync(path) ? readConfigText(path) : undefined;
  writeFileAtomic(path, configTextOver(previous, value).text);
}

/**
 * The main config file as written (no includes merged, `${VAR}` kept), for editing. A missing file
 * is `{}`.
 */
export function readConfigFileForEdit(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const value = parseJson5(readConfigText(path), path);
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
