import * as fs from "node:fs";
import * as path from "node:path";
import { OpenClawError } from "../errors.js";
import { fileOnTheWay, withWriteLocks, writeFileAtomic } from "../util/atomic-files.js";
import { refuseHomeShorthand } from "../util/home-shorthand.js";
import { isRecord } from "../util/is-record.js";
import { jsonKeyLine, jsonSyntaxProblem } from "../util/json-scan.js";
import { closestMatches } from "../util/suggest.js";
import type { ApiKeyProfile, AuthProfile, AuthProfileStore, KeyRef } from "./types.js";

/** The credential store's file name, in an agent's directory. */
export const AUTH_STORE_FILE = "auth-profiles.json";

/** The credential store's path in `agentDir` (`<agentDir>/auth-profiles.json`). */
export function authStorePath(agentDir: string): string {
  return path.join(agentDir, AUTH_STORE_FILE);
}

/** A new credential store without profiles (version 1). */
export function emptyAuthStore(): AuthProfileStore {
  return { version: 1, profiles: {} };
}

/** The fields an api_key profile has; others are kept, never read. */
const API_KEY_FIELDS = ["type", "provider", "key", "keyRef"];

/**
 * Why a profile has neither `key` nor `keyRef` when a field of it looks like a typo of one
 * (`"kye"`), with the file and line: filled when the store is read, so that whoever reports the
 * profile as unusable can say it.
 */
const strayFieldNotes = new WeakMap<object, string>();

/** What parseAuthStore found about a profile's fields beyond "neither key nor keyRef", if anything. */
export function strayFieldNote(profile: AuthProfile): string | undefined {
  return strayFieldNotes.get(profile);
}

/** Its option may be undefined, as left out, so that a program forwards its own as it is. */
export interface ParseStoreOptions {
  /** Whether the file has a `.bak` beside it (asked only when the store is broken). */
  backupExists?: (() => boolean) | undefined;
}

/**
 * What to do about a store that cannot be used as it is: `fix` first, then the `.bak` (named only
 * when there is one), then starting again.
 */
function repairHint(where: string, fix: string, options: ParseStoreOptions): string {
  const backup = options.backupExists?.()
    ? `put back the previous version (cp ${where}.bak ${where}), or `
    : "";
  return `${fix}; or ${backup}move the file away, then run: openclaw onboard (it stores the key anew)`;
}

/** `where:line` for the key at `path` of the store's text, or `where` when it is not found. */
function at(text: string, where: string, path: readonly (string | number)[]): string {
  const line = jsonKeyLine(text, path);
  return line === undefined ? where : `${where}:${line}`;
}

/** The unknown fields of a profile that look like `wanted`, with the one each looks like. */
function strayFields(
  profile: Record<string, unknown>,
  wanted: readonly string[],
): { field: string; meant: string | undefined }[] {
  return Object.keys(profile)
    .filter((field) => !API_KEY_FIELDS.includes(field))
    .map((field) => ({ field, meant: closestMatches(field, wanted, 1)[0] }));
}

/** A field that is probably a typo of one of `wanted`, in words: `… has "kye": did you mean "key"?`. */
function typoNote(
  text: string,
  where: string,
  id: string,
  profile: Record<string, unknown>,
  wanted: readonly string[],
): string | undefined {
  const fields = strayFields(profile, wanted);
  const typo = fields.find((entry) => entry.meant !== undefined) ?? fields[0];
  if (!typo) return undefined;
  const place = at(text, where, ["profiles", id, typo.field]);
  return typo.meant
    ? `${place} has "${typo.field}": did you mean "${typo.meant}"?`
    : `${place} has "${typo.field}", which is not read (the key goes in "key")`;
}

/**
 * Parses the store's text; throws an OpenClawError naming the file, the line (and column, for
 * text that is not JSON) and the bad entry.
 */
export function parseAuthStore(
  text: string,
  where: string,
  options: ParseStoreOptions = {},
): AuthProfileStore {
  // An editor may save the file with a byte-order mark; JSON.parse refuses one.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    // Never JSON.parse's own message (nor the error as a cause): some quote the text, which holds keys.
    const problem = jsonSyntaxProblem(body) ?? { line: 1, column: 1, reason: "not JSON" };
    const place = `${where}:${problem.line}:${problem.column}`;
    throw new OpenClawError(
      "auth.store_invalid",
      `the credential store ${place} is not valid JSON: ${problem.reason}`,
      {
        where: place,
        hint: repairHint(
          where,
          `fix line ${problem.line} (the file is plain JSON: no comments, no comma after the last entry)`,
          options,
        ),
      },
    );
  }
  const invalid = (detail: string, path: readonly (string | number)[], fix: string) => {
    const place = path.length > 0 ? at(body, where, path) : where;
    return new OpenClawError(
      "auth.store_invalid",
      `the credential store ${place} is invalid: ${detail}`,
      { where: place, hint: repairHint(where, fix, options) },
    );
  };
  const example = '{"type": "api_key", "provider": "moonshot", "key": "sk-…"}';
  if (!isRecord(raw))
    throw invalid("expected an object", [], `it holds {"version": 1, "profiles": {…}}`);
  if (raw.version !== undefined && raw.version !== 1)
    throw invalid(
      `it is version ${JSON.stringify(raw.version)}, and this openclaw reads version 1`,
      ["version"],
      'a newer openclaw may have written it: use that one; if you wrote it by hand, set "version": 1',
    );
  const profiles = raw.profiles ?? {};
  if (!isRecord(profiles))
    throw invalid(
      '"profiles" must be an object',
      ["profiles"],
      `profiles are {"<id>": ${example}}`,
    );
  const out: Record<string, AuthProfile> = {};
  for (const [id, profile] of Object.entries(profiles)) {
    const path = ["profiles", id];
    // Assigned to an object, this id would set its prototype instead of adding a profile, and the
    // profile would be gone from the store (and from the file at its next write) without a word.
    if (id === "__proto__")
      throw invalid(
        '"__proto__" cannot be a profile id',
        path,
        'rename the profile, e.g. to "moonshot:default" (<provider>:<name>)',
      );
    if (!isRecord(profile) || typeof profile.type !== "string") {
      const typo = isRecord(profile) ? typoNote(body, where, id, profile, ["type"]) : undefined;
      throw invalid(
        `profiles["${id}"] needs a "type"${typo ? `; ${typo}` : ""}`,
        path,
        `e.g. ${example}`,
      );
    }
    if (profile.type === "api_key") {
      if (typeof profile.provider !== "string") {
        const typo =
          profile.provider === undefined
            ? typoNote(body, where, id, profile, ["provider"])
            : undefined;
        throw invalid(
          `profiles["${id}"].provider must be a string${typo ? `; ${typo}` : ""}`,
          profile.provider === undefined ? path : [...path, "provider"],
          `e.g. ${example}`,
        );
      }
      if (profile.key !== undefined && typeof profile.key !== "string") {
        throw invalid(
          `profiles["${id}"].key must be a string`,
          [...path, "key"],
          `e.g. ${example}`,
        );
      }
      const ref = profile.keyRef;
      if (
        ref !== undefined &&
        (!isRecord(ref) || ref.source !== "env" || typeof ref.id !== "string")
      ) {
        throw invalid(
          `profiles["${id}"].keyRef must be {"source":"env","id":"VAR"}`,
          [...path, "keyRef"],
          'e.g. "keyRef": {"source": "env", "id": "MOONSHOT_API_KEY"}',
        );
      }
      if (profile.key === undefined && ref === undefined) {
        const note = typoNote(body, where, id, profile, ["key", "keyRef"]);
        if (note) strayFieldNotes.set(profile, note);
      }
    }
    out[id] = profile as AuthProfile;
  }
  return { ...(raw as object), version: 1, profiles: out };
}

/**
 * Throws (code `usage`) for an agent dir written `~/.openclaw/…`: Node does not expand `~`, so the
 * store read there is missing (every key stored by onboarding "not found") and one written there
 * lands under the working directory.
 */
export function refuseHomeAgentDir(call: string, agentDir: string): void {
  refuseHomeShorthand(
    call,
    "agentDir",
    agentDir,
    "pass agentDir(resolveStateDir()), the agent dir openclaw onboard stores keys in ($OPENCLAW_STATE_DIR, else ~/.openclaw, expanded), or an absolute path",
  );
}

/** Reads `<agentDir>/auth-profiles.json`; a missing file is an empty store. */
export function readAuthStore(agentDir: string): AuthProfileStore {
  refuseHomeAgentDir("readAuthStore", agentDir);
  const file = authStorePath(agentDir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    // Only "no such file" is a store not written yet. A file where a directory should be
    // (ENOTDIR) or a directory where the file should be is a store that cannot be read: taken as
    // empty, keys stored there would silently be "missing" and the next write would fail anyway.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyAuthStore();
    throw storeUnreadable(file, error);
  }
  return parseAuthStore(text, file, { backupExists: () => fs.existsSync(`${file}.bak`) });
}

/** Why the store at `file` could not be read, in words, and what to do about it. */
function storeUnreadable(file: string, error: unknown): OpenClawError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const blocking = code === "ENOTDIR" ? fileOnTheWay(file) : undefined;
  const [reason, hint] = blocking
    ? [
        `${blocking} is a file, not a directory`,
        `move or remove the file ${blocking} (a directory is needed there), or use another state directory (OPENCLAW_STATE_DIR)`,
      ]
    : code === "EISDIR"
      ? [
          "it is a directory",
          `move the directory away (mv ${file} ${file}.d): the credential store is a file`,
        ]
      : code === "EACCES" || code === "EPERM"
        ? ["permission denied", `let yourself read it: chmod 600 ${file}`]
        : [
            code ?? "unknown error",
            "check the file's permissions (it should be readable by you, mode 0600)",
          ];
  return new OpenClawError(
    "auth.store_unreadable",
    `could not read the credential store ${file}: ${reason}`,
    { where: file, hint, cause: error },
  );
}

/** The store as its file holds it: JSON indented by two spaces, with a final newline. */
export function serializeAuthStore(store: AuthProfileStore): string {
  return `${JSON.stringify(store, null, 2)}\n`;
}

/**
 * Profiles whose stored key `after` no longer holds: replaced by a reference to a variable
 * (`--secret-input-mode ref`), by another key (onboarding a new key over an old one) or removed
 * with its profile. The old key is then to be kept nowhere, not even in the `.bak`.
 */
export function keysTakenOut(before: AuthProfileStore, after: AuthProfileStore): string[] {
  const stillHeld = new Set(
    Object.values(after.profiles).flatMap((profile) =>
      isApiKeyProfile(profile) && typeof profile.key === "string" ? [profile.key] : [],
    ),
  );
  return Object.entries(before.profiles)
    .filter(
      ([, profile]) =>
        isApiKeyProfile(profile) && typeof profile.key === "string" && !stillHeld.has(profile.key),
    )
    .map(([id]) => id);
}

/**
 * What the store's `.bak` keeps when the store becomes `nextText`: the previous store, but with
 * each key that the new one no longer holds replaced by what it holds there now (a reference,
 * the new key, or no profile). Replacing or removing a key is how a person takes it off the disk;
 * a `.bak` holding it would undo that.
 */
export function storeBackup(nextText: string): (previous: string) => string {
  return (previous) => {
    let before: AuthProfileStore;
    let after: AuthProfileStore;
    try {
      before = parseAuthStore(previous, AUTH_STORE_FILE);
      after = parseAuthStore(nextText, AUTH_STORE_FILE);
    } catch {
      return previous; // not a store this tool reads: kept as it was, as any .bak is
    }
    const takenOut = keysTakenOut(before, after);
    if (takenOut.length === 0) return previous;
    const profiles = { ...before.profiles };
    for (const id of takenOut) {
      const now = after.profiles[id];
      if (now === undefined) delete profiles[id];
      else profiles[id] = now;
    }
    return serializeAuthStore({ ...before, profiles });
  };
}

/**
 * Writes the store atomically, mode 0600 in a 0700 dir, keeping a `.bak` (without a key the new
 * store replaces with a reference). To change what is stored, use updateAuthStore: a store read
 * before this write may have changed since.
 */
export function writeAuthStore(agentDir: string, store: AuthProfileStore): void {
  refuseHomeAgentDir("writeAuthStore", agentDir);
  const text = serializeAuthStore(store);
  writeFileAtomic(authStorePath(agentDir), text, 0o600, storeBackup(text));
}

/**
 * Reads the store, changes it with `change` and writes the result, holding the store's lock from
 * before the read to after the write, so that profiles other processes add meanwhile (two
 * onboardings at once) are kept. The lock is re-entrant: a caller already holding it (onboarding's
 * commit holds the config's and the store's) can call this. Nothing is written when `change`
 * returns the store unchanged. Returns the store as it is now.
 */
export function updateAuthStore(
  agentDir: string,
  change: (store: AuthProfileStore) => AuthProfileStore,
): AuthProfileStore {
  refuseHomeAgentDir("updateAuthStore", agentDir);
  const file = authStorePath(agentDir);
  return withWriteLocks([file], () => {
    const before = readAuthStore(agentDir);
    const after = change(before);
    const text = serializeAuthStore(after);
    if (text !== serializeAuthStore(before)) writeFileAtomic(file, text, 0o600, storeBackup(text));
    return after;
  });
}

/** Whether `profile` is an `api_key` profile naming its provider (the kind a key is read from). */
export function isApiKeyProfile(profile: AuthProfile | undefined): profile is ApiKeyProfile {
  return (
    profile !== undefined && profile.type === "api_key" && typeof profile.provider === "string"
  );
}

/** The default profile id for a provider, `moonshot:default`. */
export function defaultProfileId(providerId: string): string {
  return `${providerId}:default`;
}

/** A new store with one api_key profile set (a key value, or a reference to an env variable). */
export function withApiKeyProfile(
  store: AuthProfileStore,
  profileId: string,
  providerId: string,
  secret: { key: string } | { keyRef: KeyRef },
): AuthProfileStore {
  const profile: ApiKeyProfile =
    "key" in secret
      ? { type: "api_key", provider: providerId, key: secret.key }
      : { type: "api_key", provider: providerId, keyRef: secret.keyRef };
  return { ...store, version: 1, profiles: { ...store.profiles, [profileId]: profile } };
}

/** Profile ids holding api keys for a provider, `<provider>:default` first. */
export function profilesForProvider(store: AuthProfileStore, providerId: string): string[] {
  const ids = Object.entries(store.profiles)
    .filter(([, profile]) => isApiKeyProfile(profile) && profile.provider === providerId)
    .map(([id]) => id);
  const preferred = defaultProfileId(providerId);
  return ids.sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : a.localeCompare(b)));
}
