import { authStorePath } from "../auth/index.js";
import { buildCatalog } from "../catalog/index.js";
import { agentDir, type Env, loadConfig, resolveStateDir } from "../config/index.js";
import type { ViewContext } from "./models-view.js";

/** Config, catalog and credential-store location for the `models` commands. */
export function openModelsContext(
  processEnv: Env = process.env,
  agentId = "main",
): ViewContext & { authStorePath: string } {
  // A provider the schema refuses is shown as disabled (catalog.problems), not the whole list lost.
  const loaded = loadConfig({ env: processEnv, providerProblems: "disable" });
  const dir = agentDir(resolveStateDir(processEnv), agentId);
  return {
    catalog: buildCatalog(loaded),
    env: loaded.env,
    processEnv,
    agentDir: dir,
    authStorePath: authStorePath(dir),
  };
}
