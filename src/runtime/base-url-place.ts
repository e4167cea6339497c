/**
 * Where each configured provider's baseUrl is written, as `file:line`, for the hint of a request
 * that could not reach it: the line to check, as `config validate` names lines. A config given as
 * an object, or a baseUrl the file does not hold (a built-in provider's), has no line.
 */
import type { Catalog } from "../catalog/index.js";
import {
  CONFIG_OBJECT_PATH,
  configValueLocator,
  type LoadedConfig,
  parsePath,
} from "../config/index.js";

export function placeBaseUrls(catalog: Catalog, loaded: LoadedConfig): void {
  if (loaded.path === CONFIG_OBJECT_PATH || !loaded.exists) return;
  const locate = configValueLocator(loaded.path);
  for (const provider of catalog.providers.values()) {
    if (provider.configPath === undefined) continue;
    const origin = locate([...parsePath(provider.configPath), "baseUrl"]);
    if (origin?.line) provider.baseUrlAt = `${origin.file}:${origin.line}`;
  }
}
