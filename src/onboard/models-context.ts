import { authStorePath } from "../auth/index.js";
import { buildCatalog } from "../catalog/index.js";
import {
  agentDir,
  type Env,
  type LoadedConfig,
  loadConfig,
  resolveStateDir,
} from "../config/index.js";
import { placeBaseUrls } from "../runtime/base-url-place.js";
import type { ViewContext } from "./models-view.js";

/** Config, catalog and credential-store location for the `models` commands. */
export function openModelsContext(
  processEnv: Env = process.env,
  agentId = "main",
): ViewContext & { authStorePath: string } {
  // A provider the schema refuses is shown as disabled (catalog.problems), not the whole list lost.
  const loaded = loadConfig({ env: processEnv, providerProblems: "disable" });
  return modelsContextOf(loaded, processEnv, agentId);
}

/**
 * The same for a config already loaded: the one a running gateway serves, which is the last good
 * one while the file cannot be reloaded (a broken `$include`).
 */
export function modelsContextOf(
  loaded: LoadedConfig,
  processEnv: Env = process.env,
  agentId = "main",
): ViewContext & { authStorePath: string } {
  const dir = agentDir(resolveStateDir(processEnv), agentId);
  const catalog = buildCatalog(loaded);
  // A probe that could not reach an endpoint names the line its base URL is set on.
  placeBaseUrls(catalog, loaded);
  return {
    catalog,
    env: loaded.env,
    processEnv,
    agentDir: dir,
    authStorePath: authStorePath(dir),
  };
}
