/**
 * Moonshot and Kimi Code take only function names that start with a letter and go on with
 * letters, digits, `_` and `-` (else 400 "function name is invalid, must start with a letter and
 * can contain letters, numbers, underscores, and dashes"). OpenAI takes digits first, and MCP
 * servers name tools after their server ("12306__query-tickets") or with dots ("fs.read").
 *
 * Such a name is sent in a form Moonshot takes, and the answer's tool calls are mapped back, so
 * the client only ever sees its own names. The forms are stable (the same name always gets the
 * same form when the tool list is the same), which keeps a conversation's history consistent.
 */

const VALID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The longest form sent: OpenAI's limit on function names, which the agent's tools keep to too.
 * A name at the limit that needs a prefix (`fn_`) or a suffix (`_2`) is cut to make room, so
 * renaming never makes a name longer than that.
 */
const MAX_FORM_LENGTH = 64;

/** Names renamed for the upstream, both ways. */
export interface ToolNameMap {
  /** Caller's name → the name sent. */
  toUpstream: ReadonlyMap<string, string>;
  /** Name sent → the caller's name (for the answer's tool calls). */
  fromUpstream: ReadonlyMap<string, string>;
}

/** The renames the names need, or undefined when every name is valid as it is (the usual case). */
export function moonshotToolNames(names: Iterable<string>): ToolNameMap | undefined {
  const unique = [...new Set(names)];
  const invalid = unique.filter((name) => !VALID.test(name));
  if (invalid.length === 0) return undefined;
  const taken = new Set(unique.filter((name) => VALID.test(name)));
  const toUpstream = new Map<string, string>();
  const fromUpstream = new Map<string, string>();
  for (const name of invalid) {
    const base = validForm(name);
    let sent = fitted(base, "");
    for (let n = 2; taken.has(sent); n++) sent = fitted(base, `_${n}`);
    taken.add(sent);
    toUpstream.set(name, sent);
    fromUpstream.set(sent, name);
  }
  return { toUpstream, fromUpstream };
}

function validForm(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `fn_${cleaned}`;
}

/** `base` cut so that it ends in `suffix` within the longest form (it starts with a letter). */
function fitted(base: string, suffix: string): string {
  return base.slice(0, MAX_FORM_LENGTH - suffix.length) + suffix;
}
