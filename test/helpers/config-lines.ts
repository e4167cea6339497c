/** Finding the lines and the load errors of config texts in tests. */
import { join } from "node:path";
import { type ConfigError, loadConfig } from "../../src/config/index.js";
import { tempFiles } from "./tmp.js";

/** The line (from 1) of the only line of `text` holding `marker`; throws when not exactly one does. */
export function lineWith(text: string, marker: string): number {
  const lines = text.split("\n");
  const matching = lines.flatMap((line, index) => (line.includes(marker) ? [index + 1] : []));
  if (matching.length !== 1) throw new Error(`"${marker}" is on ${matching.length} lines`);
  return matching[0] as number;
}

/** Writes `files` (one of them openclaw.json) to a fresh directory and loads it, expecting a refusal. */
export function loadError(files: Record<string, string>): { dir: string; error: ConfigError } {
  const dir = tempFiles(files);
  try {
    loadConfig({ path: join(dir, "openclaw.json"), env: {} });
  } catch (error) {
    return { dir, error: error as ConfigError };
  }
  throw new Error("expected the config to be refused");
}
