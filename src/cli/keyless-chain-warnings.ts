/**
 * What an edit of the default chain (`models set`, `models fallbacks add`, `config set
 * agents.defaults.model…`) says at once about a member whose provider has no usable key: it was
 * written without a word, and the first anyone heard of it was doctor, or a run that failed.
 */
import type { Env } from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { openModelsContext } from "../onboard/models-context.js";
import { type ModelsStatus, modelsStatus } from "../onboard/models-view.js";

/** A member of the default chain and what it is there: `the default model`, `fallback #2`. */
interface ChainMember {
  ref: string;
  role: string;
}

function chainMembers(status: ModelsStatus): ChainMember[] {
  const members: ChainMember[] = [];
  if (status.default) members.push({ ref: status.default, role: "the default model" });
  status.fallbacks.forEach((ref, index) => {
    members.push({ ref, role: `fallback #${index + 1}` });
  });
  return members;
}

/**
 * One warning (for stderr, or `warnings` with --json) per member of the chain whose provider needs
 * a key and has none, with what gives it one (its onboard command); `only` keeps the members that
 * are that ref, the one an edit just wrote.
 */
export function keylessChainWarnings(status: ModelsStatus, only?: string): string[] {
  return chainMembers(status).flatMap(({ ref, role }) => {
    if (only !== undefined && ref !== only) return [];
    const provider = status.providers.find((entry) => ref.startsWith(`${entry.provider}/`));
    if (!provider?.keyRequired || provider.active !== undefined) return [];
    const fix = provider.missingHint ? `; ${provider.missingHint}` : "";
    return [
      `no usable key for ${provider.provider}, so ${ref} (${role}) cannot answer until it has one${fix}`,
    ];
  });
}

/**
 * keylessChainWarnings for the config as it is now on disk (after the edit), the keys seen as a
 * run would see them; none when the config cannot be read (the edit said what it wrote already).
 */
export function keylessChainWarningsNow(processEnv: Env, only?: string): string[] {
  try {
    const context = openModelsContext(processEnv);
    return keylessChainWarnings(modelsStatus(context, context.authStorePath), only);
  } catch (error) {
    if (isOpenClawError(error)) return [];
    throw error;
  }
}
