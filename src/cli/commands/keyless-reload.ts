/**
 * What a config reload tells the operator about the default chain's members without a key,
 * which the start-up report warned of once (`keylessDefaults`): a member newly without one is
 * warned of (once: a later reload that leaves it so says nothing), and one that has a key again
 * is said to be fixed, as `provider X's config is fixed` is. Pure: the two states in, lines out.
 */
import type { KeylessChainMember } from "../../onboard/chain-keys.js";

/** The default chain as `models status` sees it, the part these lines are about. */
export interface DefaultChainKeys {
  /** Members ahead of the one that answers that have no usable key. */
  keyless: readonly KeylessChainMember[];
  /** Refs of the chain's members, in order (those left out for a config problem aside). */
  chain: readonly string[];
  /** Providers with a usable key, or that need none. */
  keyed: ReadonlySet<string>;
}

/** One situation: this member, at this place in the chain, answered for by that one. */
const situation = (member: KeylessChainMember) =>
  `${member.ref}\n${member.path}\n${member.answeredBy}`;

export function keylessReloadLines(before: DefaultChainKeys, after: DefaultChainKeys): string[] {
  const was = new Set(before.keyless.map(situation));
  const stillKeyless = new Set(after.keyless.map((member) => member.ref));
  const lines: string[] = [];
  // A member that got a key (still in the chain): one taken out of the chain is no news here,
  // and a provider that lost every key is warned of by the reload itself (`no API key now`).
  for (const member of before.keyless) {
    if (stillKeyless.has(member.ref)) continue;
    if (!after.chain.includes(member.ref) || !after.keyed.has(member.provider)) continue;
    lines.push(
      `gateway: the default chain's ${member.ref} has a usable key for ${member.provider} now: requests no longer fall back past it`,
    );
  }
  for (const member of after.keyless) {
    if (was.has(situation(member))) continue;
    const hint = member.hint ? `\n  hint: ${member.hint}` : "";
    lines.push(`gateway: warning: ${member.message}${hint}`);
  }
  return lines;
}
