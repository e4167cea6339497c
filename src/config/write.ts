/**
 * Writing the config file (atomically, through util/atomic-files). JSON is written (valid JSON5);
 * comments in a hand-written file do not survive a rewrite — the docs say so.
 */
import { existsSync } from "node:fs";
import { OpenClawError } from "../errors.js";
import { writeFileAtomic } from "../util/atomic-files.js";
import { parseJson5, readConfigText } from "./read.js";
import { isPlainObject } from "./schema-dsl.js";

export function serializeConfig(value: Record<string, unknown>): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writeConfigFile(path: string, value: Record<string, unknown>): void {
  writeFileAtomic(path, serializeConfig(value));
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
