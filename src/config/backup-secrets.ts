/**
 * What a config's `.bak` keeps when an edit removes or replaces a credential written in the file
 * (`config unset …apiKey`, `config set …apiKey sk-new` over `sk-old`, `config set …apiKey
 * '${X_API_KEY}'`): the previous file, with the new value in that place (or none, when the edit
 * removed it). Taking a key out of the file is how a person takes it off the disk; a `.bak` still
 * holding it would undo that. What counts as a credential is what `config get` masks by the key's
 * name and by the value's shape. Pure.
 */
import { hasTemplate } from "./env.js";
import { getAtPath, setAtPath, unsetAtPath } from "./path-expr.js";
import { isCredentialValue } from "./redact.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";
import { configTextOver } from "./write.js";

/** What took the place of a credential the edit took out of the file. */
export type ReplacedBy = "reference" | "value" | "nothing";

/** A credential an edit removed from the config, which its `.bak` copy therefore leaves out too. */
export interface LeftOutKey {
  /** The dotted path the credential was at. */
  path: string;
  /** What the edit put in its place. */
  replacedBy: ReplacedBy;
}

interface Found {
  path: PathSegment[];
  replacedBy: ReplacedBy;
}

/** Every string in `value`, however deep. */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

/** Credentials `before` holds that `after` no longer holds anywhere, with what is in their place. */
function credentialsTakenOut(before: unknown, after: unknown): Found[] {
  const remaining = stringsIn(after);
  const found: Found[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: before, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      // A key the file still holds (moved, or kept inside a longer value) is no secret of the .bak.
      if (!isCredentialValue(path, value) || remaining.some((text) => text.includes(value)))
        continue;
      const now = getAtPath(after, path);
      const replacedBy: ReplacedBy =
        now === undefined
          ? "nothing"
          : typeof now === "string" && hasTemplate(now)
            ? "reference"
            : "value";
      found.push({ path, replacedBy });
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries())
        stack.push({ value: item, path: [...path, index] });
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value))
        stack.push({ value: item, path: [...path, key] });
    }
  }
  return found;
}

export interface ConfigBackup {
  /** The credentials the `.bak` leaves out, as the edit took them out of the file. */
  leftOut: LeftOutKey[];
  /** Turns the previous file's text into what the `.bak` keeps; undefined when that is all of it. */
  backup: ((previous: string) => string) | undefined;
}

/**
 * How the `.bak` of an edit from `before` to `after` (the main file's objects) is to be written.
 * `incidental`: whether the credential at a path went only along with what held it (an object
 * `config set` replaced whole with one that leaves the key out): the `.bak` keeps it, as the only
 * copy left of a key nobody asked to take out.
 */
export function configBackup(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  incidental: (path: readonly PathSegment[]) => boolean = () => false,
): ConfigBackup {
  const found = credentialsTakenOut(before, after).filter(({ path }) => !incidental(path));
  if (found.length === 0) return { leftOut: [], backup: undefined };
  let kept = before;
  // Found deepest list items last-first (the stack pops them so), so removing one shifts no other.
  for (const { path } of found) {
    const now = getAtPath(after, path);
    kept = now === undefined ? unsetAtPath(kept, path).root : setAtPath(kept, path, now);
  }
  return {
    leftOut: found
      .map(({ path, replacedBy }) => ({ path: formatPath(path), replacedBy }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    // Edited in place, comments and all; only the keys change.
    backup: (previous) => configTextOver(previous, kept).text,
  };
}

/** The one line that tells a person the `.bak` does not keep the key(s) an edit took out. */
export function leftOutOfBackupNote(leftOut: readonly LeftOutKey[], backupName: string): string {
  const count = leftOut.length;
  // The gateway's token (gateway.auth.token, OPENCLAW_GATEWAY_TOKEN in the env block) is no key:
  // a person rotating it would wonder which key was meant.
  const noun = leftOut.every((key) => /token$/i.test(key.path)) ? "token" : "key";
  const keys = count === 1 ? `the ${noun}` : `the ${count} ${noun}s`;
  const how = new Set(leftOut.map((key) => key.replacedBy));
  const verb = how.size === 1 && how.has("nothing") ? "removes" : "replaces";
  const why =
    how.size === 1 && how.has("reference")
      ? " (it holds the reference too)"
      : how.size === 1 && how.has("value")
        ? " (it holds the new one too)"
        : "";
  return `${keys} it ${verb} ${count === 1 ? "is" : "are"} not kept in ${backupName} either${why}`;
}
