import { OpenClawError } from "../errors.js";

/** Which family a provider's keys belong to, for prefix checks. */
export type KeyFamily = "moonshot" | "kimi-code" | "other";

/**
 * Which family `providerId`'s keys belong to: `moonshot` and `moonshot-*` are Moonshot's,
 * `kimi-code` and `kimi-coding` Kimi Code's, any other "other".
 */
export function keyFamilyOf(providerId: string): KeyFamily {
  if (providerId === "moonshot" || providerId.startsWith("moonshot-")) return "moonshot";
  if (providerId === "kimi-code" || providerId === "kimi-coding") return "kimi-code";
  return "other";
}

/** How every Kimi Code key begins; a Moonshot key does not. */
export const KIMI_CODE_KEY_PREFIX = "sk-kimi-";

/**
 * Why a key cannot be one (empty, a placeholder, the other family's, quoted…), as `checkKeyShape`
 * finds it.
 */
export interface KeyShapeProblem {
  /** Which problem it is. */
  code:
    | "key_empty"
    | "key_whitespace"
    | "key_placeholder"
    | "key_kimi_for_moonshot"
    | "key_moonshot_for_kimi"
    | "key_quoted"
    | "key_assignment"
    | "key_bearer"
    | "key_character";
  /** What is wrong with the key, without the key. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** For key_assignment: the variable name the value starts with (`MOONSHOT_API_KEY`). */
  assigned?: string;
}

/**
 * The words a placeholder is made of once `-`, `_` and spaces are one space: `YOUR_API_KEY`,
 * `your-moonshot-api-key-here`, `paste your key here`, `replace me`.
 */
const PLACEHOLDER_WORDS =
  /^(?:(?:your|my|insert|enter|paste|put|add)(?: your)?(?: own)?(?: (?:moonshot|kimi|kimi code|openai))?(?: api)? (?:key|token)(?: here)?|replace me|change me|placeholder|todo)$/;

/**
 * A docs' placeholder for a key (`sk-...`, `sk-xxx`, `<your key>`, `YOUR_API_KEY`): text to
 * replace, no secret. The one test of it, for the runtime, onboarding and doctor alike, so that
 * none of them takes as a key what another calls a placeholder.
 */
export function isPlaceholderKey(value: string): boolean {
  const text = value.trim();
  if (/^<.*>$/s.test(text)) return true;
  const body = text.replace(/^sk-/i, "");
  if (/^(?:\.{2,}|…|x+|\*+)$/i.test(body)) return true;
  return PLACEHOLDER_WORDS.test(
    body
      .toLowerCase()
      .replace(/[-_\s]+/g, " ")
      .trim(),
  );
}

/**
 * Sanity checks on a key before it is stored or used: not empty, no whitespace or line breaks,
 * not the docs' `sk-...` placeholder, and not obviously meant for the other provider. Messages
 * never contain the key.
 */
export function checkKeyShape(
  providerId: string,
  key: string,
  label = "API key",
): KeyShapeProblem | undefined {
  if (key.trim().length === 0) {
    return {
      code: "key_empty",
      message: `the ${label} for ${providerId} is empty`,
      hint: "paste the key from the provider's console, or set its environment variable",
    };
  }
  // Before the whitespace test: `<your key>` is a placeholder, not a key with a space in it.
  if (isPlaceholderKey(key)) {
    return {
      code: "key_placeholder",
      message: `the ${label} for ${providerId} is a placeholder from the docs, not a real key`,
      hint: "replace it with your own key",
    };
  }
  // Before the whitespace test: `export MOONSHOT_API_KEY=sk-…` is a line copied whole from a
  // .env file or a shell, not a key with a space in it. Only an upper-case name with a `_`, so
  // that a base64 key's `=` padding is never taken for one.
  const assignment = /^(?:export\s+)?([A-Z][A-Z0-9]*_[A-Z0-9_]*)=\S/.exec(key);
  if (assignment) {
    return {
      code: "key_assignment",
      message: `the ${label} for ${providerId} starts with "${assignment[1]}=": that is the variable's assignment copied whole, not the key alone`,
      hint: `give only what comes after ${assignment[1]}=`,
      ...(assignment[1] === undefined ? {} : { assigned: assignment[1] }),
    };
  }
  // Before the whitespace test too: `Bearer sk-…` is an Authorization header's value copied whole
  // (from a curl command or a browser's network panel), not a key with a space in it.
  if (/^bearer\s+\S/i.test(key)) {
    return {
      code: "key_bearer",
      message: `the ${label} for ${providerId} starts with "Bearer ": that is an Authorization header's value copied whole, not the key alone`,
      hint: 'give only what comes after "Bearer "',
    };
  }
  if (/\s/.test(key)) {
    const where = /[\r\n]/.test(key) ? "a line break" : "whitespace";
    return {
      code: "key_whitespace",
      message: `the ${label} for ${providerId} contains ${where}`,
      hint: "copy the key again without surrounding spaces or line breaks (check for a trailing newline in the file or variable)",
    };
  }
  // `docker --env-file` and systemd keep the quotes of `MOONSHOT_API_KEY="sk-…"`: sent as they
  // are, the provider answers a 401 that says nothing about them. No key has a quote mark.
  const quote = /^["'`‘’“”]/.exec(key)?.[0] ?? /["'`‘’“”]$/.exec(key)?.[0];
  if (quote !== undefined) {
    return {
      code: "key_quoted",
      message: `the ${label} for ${providerId} has a quote mark (${quote}) at its start or end`,
      hint: "remove the quotes: they are not part of the key (a .env file read by docker --env-file or systemd keeps them)",
    };
  }
  const family = keyFamilyOf(providerId);
  const odd = oddCharacter(key, `the ${label} for ${providerId}`, family);
  if (odd !== undefined) return { code: "key_character", ...odd };
  if (family === "moonshot" && key.startsWith(KIMI_CODE_KEY_PREFIX)) {
    return {
      code: "key_kimi_for_moonshot",
      message: `this ${label} is a Kimi Code key (it starts with ${KIMI_CODE_KEY_PREFIX}), but it was given for ${providerId}`,
      hint: "Kimi Code and Moonshot keys are not interchangeable: use --auth-choice kimi-code-api-key for this key, or use a key from platform.moonshot.ai / platform.moonshot.cn",
    };
  }
  if (family === "kimi-code" && key.startsWith("sk-") && !key.startsWith(KIMI_CODE_KEY_PREFIX)) {
    return {
      code: "key_moonshot_for_kimi",
      message: `this ${label} does not look like a Kimi Code key (those start with ${KIMI_CODE_KEY_PREFIX}); it looks like a Moonshot Open Platform key`,
      hint: "use --auth-choice moonshot-api-key (or moonshot-api-key-cn) for Moonshot keys; Kimi Code keys come from your Kimi Code subscription",
    };
  }
  return undefined;
}

/**
 * What to say of `subject`, the key `key`, when it has a character no API key has (keys are
 * printable ASCII): a "…" is a key shown shortened (`sk-…0001`, as openclaw and the consoles
 * show keys) copied in its place; anything else, most often an invisible character that came
 * along from a chat or a web page (U+200B), by its code point and place. Sent as it is, such a
 * key only gets a 401.
 */
function oddCharacter(
  key: string,
  subject: string,
  family: KeyFamily,
): { message: string; hint: string } | undefined {
  // Another provider's key is its own business but for "…" and the invisible characters: a
  // keyless local server may be given any word, in any script, for one.
  const found = (family === "other" ? /[\u2026\p{Cc}\p{Cf}]/u : /[^!-~]/u).exec(key);
  if (found === null) return undefined;
  const char = found[0];
  const at = [...key.slice(0, found.index)].length + 1;
  if (char === "…") {
    return {
      message: `${subject} has "…" in it: that is a key shown shortened, not the key itself`,
      hint: "copy the whole key from the provider's console",
    };
  }
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    message: `${subject} has a character no key has: ${code}, at character ${at}`,
    hint: "copy the key again without it: an invisible character often comes along from a chat or a web page",
  };
}

/** Throws an OpenClawError (exit 2: the input was wrong) when the key fails a sanity check. */
export function assertKeyShape(providerId: string, key: string, label?: string): void {
  const problem = checkKeyShape(providerId, key, label);
  if (problem) {
    throw new OpenClawError(`auth.${problem.code}`, problem.message, {
      hint: problem.hint,
      exitCode: 2,
    });
  }
}
