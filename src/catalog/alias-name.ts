/**
 * Which alias names can be used, and what to do about one that cannot. Pure and free of the
 * catalog, so that resolving a model (resolve.ts), the checks (check.ts) and the gateway all
 * apply the one rule.
 */
import { hasUnprintable } from "../util/printable.js";
import { shellWord, singleQuoted } from "../util/shell-word.js";

/** Control characters (ESC, newline, DEL, C1): printed in a list they clear the screen or split rows. */
const CONTROL = /\p{Cc}/u;

/**
 * Whether an alias is spelled as the name of the default chain: the gateway and the agent read
 * `openclaw` (any case, spaces around it ignored) and `openclaw/…` as the primary model and its
 * fallbacks before they look at aliases, so such an alias would never be used.
 */
export function isReservedAliasName(alias: string): boolean {
  const name = alias.trim().toLowerCase();
  return name === "openclaw" || name.startsWith("openclaw/");
}

/**
 * Why an alias name is not usable, or undefined when it is: `models aliases add` refuses the same
 * names. An alias with a `/` reads as a ref, and a ref that names a model wins over it, so such an
 * alias is never used for the model it was given to (or hides nothing and confuses the reader).
 */
export function aliasNameProblem(alias: string): string | undefined {
  if (alias.trim() === "") return "it is empty";
  if (CONTROL.test(alias)) return "it contains a control character (such as ESC or a newline)";
  if (hasUnprintable(alias))
    return "it contains an invisible or text-direction character (such as U+202E or a zero-width space)";
  if (isReservedAliasName(alias))
    return 'the name "openclaw" (any case, and "openclaw/…") is reserved: it always names the default model and its fallbacks, never an alias';
  if (alias.includes("/")) return 'it contains "/", so it reads as a model ref';
  return undefined;
}

/**
 * What to do instead of giving `ref` a reserved alias: `rename` is the command that gives it
 * another name; the default chain is changed with `models set`.
 */
export function reservedAliasHint(ref: string, rename: string): string {
  return `pick another name, e.g. ${rename}; "openclaw" already names the default model (and its fallbacks): to make that ${ref}, run: openclaw models set ${shellWord(ref)}`;
}

/**
 * What to do about an alias `alias` written for `ref` at the dotted `path` that aliasNameProblem
 * refuses.
 */
export function aliasRenameHint(alias: string, ref: string, path: string): string {
  return isReservedAliasName(alias)
    ? reservedAliasHint(ref, `openclaw config set ${singleQuoted(path)} Kimi`)
    : 'give it a name without "/" or control characters, e.g. "Kimi K2 Thinking"';
}
