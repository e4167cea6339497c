/**
 * What an edit of the default chain (`models set`, `models fallbacks add`, `config set
 * agents.defaults.model…`) says at once about a member whose provider has no usable key: it was
 * written without a word, and the first anyone heard of it was doctor, or a run that failed.
 */
import { buildCatalog } from "../catalog/index.js";
import type { LoadedConfig } from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { chainEntryRef, type ModelsStatus } from "../onboard/models-view.js";

/** A member of the default chain and what it is there: `the default model`, `fallback #2`. */
export interface ChainMember {
  ref: string;
  role: string;
}

const DEFAULT_ROLE = "the default model";

/** The default chain's refs as a config names them, aliases resolved as `models status` says them. */
export interface DefaultChain {
  default: string | undefined;
  fallbacks: readonly string[];
}

/** `loaded`'s default chain; undefined when its catalog cannot be built (nothing to compare). */
export function defaultChainOf(loaded: LoadedConfig): DefaultChain | undefined {
  try {
    const catalog = buildCatalog(loaded);
    return {
      default: catalog.primary ? chainEntryRef(catalog, catalog.primary) : undefined,
      fallbacks: catalog.fallbacks.map((ref) => chainEntryRef(catalog, ref)),
    };
  } catch (error) {
    if (isOpenClawError(error)) return undefined;
    throw error;
  }
}

/**
 * Which members an edit of the chain wrote, given the chain before it: a ref it did not hold, or
 * a new default. A member that was there already was warned of when it was written (or by
 * doctor): said again at every edit of the chain, its warning buried the one about the new member.
 */
export function writtenSince(before: DefaultChain): (member: ChainMember) => boolean {
  const held = new Set([before.default, ...before.fallbacks]);
  return ({ ref, role }) => !held.has(ref) || (role === DEFAULT_ROLE && ref !== before.default);
}

function chainMembers(status: ModelsStatus): ChainMember[] {
  const members: ChainMember[] = [];
  if (status.default) members.push({ ref: status.default, role: DEFAULT_ROLE });
  status.fallbacks.forEach((ref, index) => {
    members.push({ ref, role: `fallback #${index + 1}` });
  });
  return members;
}

/**
 * One warning (for stderr, or `warnings` with --json) per member of the chain whose provider needs
 * a key and has none, with what gives it one (its onboard command); `written` keeps the members
 * an edit just wrote (every member without it).
 */
export function keylessChainWarnings(
  status: ModelsStatus,
  written?: (member: ChainMember) => boolean,
): string[] {
  return chainMembers(status).flatMap((member) => {
    if (written && !written(member)) return [];
    const { ref, role } = member;
    const provider = status.providers.find((entry) => ref.startsWith(`${entry.provider}/`));
    if (!provider?.keyRequired || provider.active !== undefined) return [];
    const fix = provider.missingHint ? `; ${provider.missingHint}` : "";
    return [
      `no usable key for ${provider.provider}, so ${ref} (${role}) cannot answer until it has one${fix}`,
    ];
  });
}
