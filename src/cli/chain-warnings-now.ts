/**
 * What an edit of the default chain (`models set`, `models fallbacks add`, `config set
 * agents.defaults.model…`) says at once of the members it wrote, from the config as it is on disk
 * after the edit, read once: a retired id (a 404 on every request) and a provider without a key.
 */
import { type Env, loadConfig } from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { modelsContextOf } from "../onboard/models-context.js";
import { modelsStatus } from "../onboard/models-view.js";
import { type RetiredChainScope, retiredChainWarnings } from "../onboard/retired-chain.js";
import { keylessChainWarnings } from "./keyless-chain-warnings.js";

/** The two kinds of warning apart: an edit that wrote nothing says only the keyless ones. */
export interface ChainWarnings {
  retired: string[];
  keyless: string[];
}

const NONE: ChainWarnings = { retired: [], keyless: [] };

/**
 * retiredChainWarnings and keylessChainWarnings of the members `scope` keeps, the keys seen as a
 * run would see them; none when the config cannot be read (the edit said what it wrote already).
 */
export function chainWarningsNow(
  processEnv: Env,
  scope: Pick<RetiredChainScope, "written" | "typed"> = {},
): ChainWarnings {
  let context: ReturnType<typeof modelsContextOf>;
  try {
    const loaded = loadConfig({ env: processEnv, providerProblems: "disable" });
    context = modelsContextOf(loaded, processEnv);
  } catch (error) {
    if (isOpenClawError(error)) return NONE;
    throw error;
  }
  return {
    retired: unlessRefused(() => retiredChainWarnings(context.catalog, scope)),
    keyless: unlessRefused(() =>
      keylessChainWarnings(modelsStatus(context, context.authStorePath), scope.written),
    ),
  };
}

/** `warnings()`, or none when what it reads refuses with one of our errors. */
function unlessRefused(warnings: () => string[]): string[] {
  try {
    return warnings();
  } catch (error) {
    if (isOpenClawError(error)) return [];
    throw error;
  }
}
