import * as fs from "node:fs";
import type { KeySource } from "../catalog/types.js";
import { tryExpandTemplate } from "../config/index.js";
import { jsonKeyLine } from "../util/json-scan.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { checkKeyShape, type KeyShapeProblem } from "./key-shape.js";
import { checkKeyTarget } from "./key-target-check.js";
import { fingerprintKey, maskKey } from "./mask.js";
import {
  authStorePath,
  emptyAuthStore,
  isApiKeyProfile,
  profilesForProvider,
  readAuthStore,
  refuseHomeAgentDir,
  strayFieldNote,
} from "./store.js";
import type { AuthProfileStore, KeyResolver, KeySourceStatus, ResolvedKey } from "./types.js";

/** Each option may be undefined, as left out, so that a program forwards its own as they are. */
export interface KeyResolverOptions {
  /** Directory holding `auth-profiles.json`; re-read whenever the file changes. */
  agentDir?: string | undefined;
  /** An already loaded store (wins over `agentDir`). */
  store?: AuthProfileStore | undefined;
  /** Effective environment (process env over the config's `env` block). Defaults to process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** A profile (id in the credential store) to try before anything else. */
  profileId?: string | undefined;
}

/** What a key is being looked up for: a ResolvedModel fits, so does `{provider, keySources}`. */
export interface KeyTarget {
  /** Provider id. */
  provider: string;
  /** Where its key may come from, in the order they are tried. */
  keySources: KeySource[];
}

/**
 * KeyResolverOptions as this package's own callers give them: `readStore` reads the credential
 * store in place of the file under `agentDir` (the gateway's, which keeps serving the last store
 * it read well while the file is broken). `agentDir` still names the file in messages.
 */
export interface StoreReadingOptions extends KeyResolverOptions {
  /** Reads the credential store, in place of `<agentDir>/auth-profiles.json`. */
  readStore?: () => AuthProfileStore;
}

function storeLoader(options: StoreReadingOptions): () => AuthProfileStore {
  if (options.readStore) return options.readStore;
  if (options.store) {
    const store = options.store;
    return () => store;
  }
  const agentDir = options.agentDir;
  if (!agentDir) return emptyAuthStore;
  return storeFileReader(agentDir);
}

/**
 * The credential store file's stamp: it changed when written, replaced or removed, or when its
 * mode changed (a store made unreadable, then readable again, with the same text).
 */
export function storeStamp(agentDir: string): string {
  try {
    const stat = fs.statSync(authStorePath(agentDir));
    return `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return "absent"; // missing file: empty store
  }
}

/** Reads the store under `agentDir` again only when its file changed; throws as readAuthStore. */
function storeFileReader(agentDir: string): () => AuthProfileStore {
  let cached: { stamp: string; store: AuthProfileStore } | undefined;
  return () => {
    const stamp = storeStamp(agentDir);
    if (cached?.stamp !== stamp) cached = { stamp, store: readAuthStore(agentDir) };
    return cached.store;
  };
}

/**
 * The candidate sources for a target, in the documented order: explicit profile → auth profiles
 * (those the catalog named, then any other profile for the same provider) → environment →
 * `apiKey` in the config.
 */
export function orderedKeySources(
  target: KeyTarget,
  store: AuthProfileStore,
  explicitProfile?: string,
): KeySource[] {
  const out: KeySource[] = [];
  const seen = new Set<string>();
  const push = (source: KeySource) => {
    const id = sourceId(source);
    if (seen.has(id)) return;
    seen.add(id);
    out.push(source);
  };
  if (explicitProfile) {
    const profile = store.profiles[explicitProfile];
    if (!profile || (isApiKeyProfile(profile) && profile.provider === target.provider)) {
      push({ kind: "profile", profileId: explicitProfile });
    }
  }
  for (const source of target.keySources) if (source.kind === "profile") push(source);
  for (const profileId of profilesForProvider(store, target.provider))
    push({ kind: "profile", profileId });
  for (const source of target.keySources) if (source.kind === "env") push(source);
  for (const source of target.keySources) if (source.kind === "config") push(source);
  return out;
}

function sourceId(source: KeySource): string {
  if (source.kind === "profile") return `profile:${source.profileId}`;
  if (source.kind === "env") return `env:${source.variable}`;
  return `config:${source.path}`;
}

/** Where a key comes from, in words: `profile <id>`, `env <VARIABLE>` or `config <path>`. */
export function describeKeySource(source: KeySource): string {
  if (source.kind === "profile") return `profile ${source.profileId}`;
  if (source.kind === "env") return `env ${source.variable}`;
  return `config ${source.path}`;
}

type Lookup =
  | { state: "set"; value: string; note?: string }
  | {
      state: "missing" | "invalid";
      detail: string;
      hint?: string;
      /** A stored profile that points at a variable the shell lacks (`--secret-input-mode ref`). */
      unsetReference?: true;
      /** The variable read, when it is set but empty. */
      emptyVariable?: string;
      /** The value refused is a profile's own `key`, written in the credential store's file. */
      storedKey?: true;
    };

/**
 * The variable `name` of `env`, when the environment holds it. A keyRef id is whatever the store
 * says: `"constructor"` or `"toString"` read as `env[name]` is the object's own method, not a
 * variable, and would be taken for a key.
 */
function variableValue(env: Record<string, string | undefined>, name: string): string | undefined {
  if (!Object.hasOwn(env, name)) return undefined;
  const value = env[name];
  return typeof value === "string" ? value : undefined;
}

function lookup(
  source: KeySource,
  provider: string,
  store: AuthProfileStore,
  env: Record<string, string | undefined>,
): Lookup {
  let raw: string | undefined;
  let storedKey = false;
  if (source.kind === "profile") {
    const profile = store.profiles[source.profileId];
    if (!profile) return { state: "missing", detail: "no such profile in the credential store" };
    if (!isApiKeyProfile(profile)) {
      return { state: "invalid", detail: `profile type "${profile.type}" is not an api key` };
    }
    if (profile.provider !== provider) {
      return { state: "invalid", detail: `profile belongs to provider ${profile.provider}` };
    }
    if (profile.keyRef) {
      raw = variableValue(env, profile.keyRef.id);
      if (raw === undefined || raw === "") {
        return {
          state: "missing",
          detail: `refers to ${profile.keyRef.id}, which is ${raw === "" ? "set but empty" : "not set"}`,
          unsetReference: true,
          ...(raw === "" ? { emptyVariable: profile.keyRef.id } : {}),
        };
      }
    } else {
      raw = profile.key;
      storedKey = true;
      if (raw === undefined) {
        // A typo (`"kye"`) is the likely cause: named with its file and line when there is one.
        const note = strayFieldNote(profile);
        return {
          state: "invalid",
          detail: `profile has neither key nor keyRef${note ? `: ${note}` : ""}`,
        };
      }
    }
  } else if (source.kind === "env") {
    raw = env[source.variable];
    if (raw === undefined) return { state: "missing", detail: "not set" };
    if (raw === "")
      return { state: "missing", detail: "set but empty", emptyVariable: source.variable };
  } else {
    const expanded = tryExpandTemplate(source.template, env);
    if (expanded.missing.length > 0) {
      return { state: "missing", detail: `${expanded.missing.join(", ")} not set` };
    }
    raw = expanded.value;
  }
  // Trailing newlines from `cat key.txt` are common and harmless; inner whitespace is not.
  const value = raw.trim();
  const problem = checkKeyShape(provider, value);
  // A Kimi Code key without the usual prefix is only suspicious: the endpoint has the last word.
  if (problem?.code === "key_moonshot_for_kimi") {
    return { state: "set", value, note: "does not start with sk-kimi- like Kimi Code keys do" };
  }
  if (problem) {
    return {
      state: "invalid",
      detail:
        source.kind === "config" && problem.code === "key_placeholder"
          ? placeholderThrough(source.template, value)
          : problem.message.replace(/^the API key for \S+ /, ""),
      hint: problem.hint,
      ...(storedKey ? { storedKey: true as const } : {}),
    };
  }
  return { state: "set", value };
}

/**
 * Why a config `apiKey` holding the docs' placeholder is no key. One that reads a variable
 * (`"${MOONSHOT_API_KEY}"`, the Moonshot page's) is not the placeholder itself: the variable
 * holds it, and that is the line to change (the page's `env` block, or the shell's).
 */
function placeholderThrough(template: string, value: string): string {
  const placeholder = "is a placeholder from the docs, not a real key";
  if (template.trim() === value || !template.includes("${")) return placeholder;
  return `is ${JSON.stringify(template.trim())}, which ${placeholder.replace(/^is /, "holds ")}`;
}

/**
 * Creates the resolver the runtime and the gateway use: walks a model's key sources in order and
 * returns the first usable key, masked and fingerprinted. Sources holding an empty, malformed or
 * placeholder key are skipped.
 */
export function createKeyResolver(options: StoreReadingOptions = {}): KeyResolver {
  const agentDir: unknown = (options as Partial<StoreReadingOptions> | undefined)?.agentDir;
  if (typeof agentDir === "string") refuseHomeAgentDir("createKeyResolver", agentDir);
  const find = createTargetKeyResolver(options);
  return (model) => {
    checkKeyTarget("resolveKey", model);
    return find(model);
  };
}

/** Like createKeyResolver, for anything with a provider and key sources (not only a ResolvedModel). */
export function createTargetKeyResolver(
  options: StoreReadingOptions = {},
): (target: KeyTarget) => ResolvedKey | undefined {
  const loadStore = storeLoader(options);
  const env = options.env ?? process.env;
  return (target) => {
    const store = loadStore();
    for (const source of orderedKeySources(target, store, options.profileId)) {
      const found = lookup(source, target.provider, store, env);
      if (found.state === "set") return toResolvedKey(found.value, source);
    }
    return undefined;
  };
}

/**
 * How a resolved key shows itself to `console.log` and `JSON.stringify`: masked, so a program
 * that logs what `resolveKey` gave it does not print the key. The value stays an ordinary
 * property (`key.value`, a spread copy), since requests need it.
 */
const RESOLVED_KEY_DISPLAY = {
  toJSON(this: ResolvedKey) {
    return shownKey(this);
  },
  [Symbol.for("nodejs.util.inspect.custom")](this: ResolvedKey) {
    return shownKey(this);
  },
};

function shownKey(key: ResolvedKey): ResolvedKey {
  return {
    value: "[hidden]",
    source: shownKeySource(key.source),
    masked: key.masked,
    fingerprint: key.fingerprint,
  };
}

export function toResolvedKey(value: string, source: KeySource): ResolvedKey {
  const display: typeof RESOLVED_KEY_DISPLAY = Object.create(RESOLVED_KEY_DISPLAY);
  return Object.assign(display, {
    value,
    source,
    masked: maskKey(value),
    fingerprint: fingerprintKey(value),
  });
}

/**
 * A key source as a logged key shows it: a key pasted as the provider's name (its profile
 * `sk-kimi-…:default`, its `models.providers.sk-kimi-….apiKey`) masked as the CLI shows it.
 */
function shownKeySource(source: KeySource): KeySource {
  const shown = publicKeySource(source);
  if (shown.kind === "profile") return { ...shown, profileId: maskKeyShapedNames(shown.profileId) };
  if (shown.kind === "config") return { ...shown, path: maskKeyShapedNames(shown.path) };
  return shown;
}

/**
 * A key source as it may be shown (`models status --json`): a config `apiKey` that is a key
 * written in the file, rather than a `${VAR}` reference, is masked.
 */
function publicKeySource(source: KeySource): KeySource {
  if (source.kind !== "config") return source;
  const literal = source.template.replace(/\$?\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, "").trim();
  return literal === "" ? source : { ...source, template: maskKey(source.template) };
}

/**
 * Why no key of `target` can be used, when some source holds one that cannot (a Kimi Code key
 * given for Moonshot): `config models.providers.moonshot.apiKey: this API key is …`, or a stored
 * profile refers to a variable that is not set (`profile kimi-code:default refers to
 * KIMICODE_API_KEY, which is not set`: the profile exists, so "set auth profile …" alone would
 * mislead). Undefined when no source holds or points at a key.
 */
export function explainUnusableKeys(
  target: KeyTarget,
  options: StoreReadingOptions = {},
  /** Where a source is written (`openclaw.json:2`), said after its reason. */
  placeOf: (source: KeySource) => string | undefined = () => undefined,
): string | undefined {
  const store = storeLoader(options)();
  const env = options.env ?? process.env;
  const unusable = orderedKeySources(target, store, options.profileId).flatMap((source) => {
    const found = lookup(source, target.provider, store, env);
    if (found.state === "set") return [];
    if (found.state === "missing" && !found.unsetReference) return [];
    const place = placeOf(source) ?? storedKeyPlace(found, source, options);
    return [
      {
        label: describeKeySource(source),
        detail: place ? `${found.detail} (${place})` : found.detail,
      },
    ];
  });
  return unusable.length > 0
    ? unusable
        // "env MOONSHOT_API_KEY is a placeholder…", "config ….apiKey: this API key is …"
        .map(
          (source) =>
            `${source.label}${source.detail.startsWith("is ") ? " " : ": "}${source.detail}`,
        )
        .join("; ")
    : undefined;
}

/**
 * A stored profile whose `keyRef` names a variable the environment does not set (what
 * `onboard --secret-input-mode ref` writes, read in a shell without the variable): the key is
 * looked for in that variable, so that is what a person sets.
 */
export interface UnsetKeyReference {
  /** The profile, e.g. `moonshot:default`. */
  profileId: string;
  /** The variable it refers to, e.g. `MOONSHOT_API_KEY`. */
  variable: string;
  /** Where the profile is written: `<agentDir>/auth-profiles.json:7`, the file alone when no line is found. */
  place: string | undefined;
}

/** The profiles of `target` that refer to an unset variable, in the order keys are looked for. */
export function unsetKeyReferences(
  target: KeyTarget,
  options: StoreReadingOptions = {},
): UnsetKeyReference[] {
  const store = storeLoader(options)();
  const env = options.env ?? process.env;
  return orderedKeySources(target, store, options.profileId).flatMap((source) => {
    if (source.kind !== "profile") return [];
    const profile = store.profiles[source.profileId];
    if (!isApiKeyProfile(profile) || !profile.keyRef) return [];
    const found = lookup(source, target.provider, store, env);
    if (found.state !== "missing" || !found.unsetReference) return [];
    return [
      {
        profileId: source.profileId,
        variable: profile.keyRef.id,
        place: options.store
          ? undefined
          : profilePlace(options.agentDir, source.profileId, "keyRef"),
      },
    ];
  });
}

/** A stored profile whose key, written in the store itself, no request can use. */
export interface WrongProfileKey {
  /** The profile, e.g. `moonshot:default`. */
  profileId: string;
  /** Why, as the key lookup tests the value (trimmed); it holds no part of the key. */
  problem: KeyShapeProblem;
  /**
   * Where the key is written: `<agentDir>/auth-profiles.json:7` (the line of its `"key"`), the file
   * alone when no line is found; absent for a store given as an object (and from a program's own
   * lookup, which need not say it).
   */
  place?: string | undefined;
}

/**
 * The profiles of `target` holding a key the lookup refuses (the docs' placeholder, `Bearer sk-…`,
 * a key in quote marks), in the order keys are looked for. One that refers to a variable
 * (`keyRef`) is left out: the variable holds the value, and is named as a variable is.
 */
export function wrongProfileKeys(
  target: KeyTarget,
  options: StoreReadingOptions = {},
): WrongProfileKey[] {
  const store = storeLoader(options)();
  return orderedKeySources(target, store, options.profileId).flatMap((source) => {
    if (source.kind !== "profile") return [];
    const profile = store.profiles[source.profileId];
    if (!isApiKeyProfile(profile) || profile.provider !== target.provider) return [];
    if (profile.keyRef || profile.key === undefined || profile.key.trim() === "") return [];
    const problem = checkKeyShape(target.provider, profile.key.trim());
    return problem && problem.code !== "key_moonshot_for_kimi"
      ? [{ profileId: source.profileId, problem, place: keyLineOf(options, source.profileId) }]
      : [];
  });
}

/** `file:line` of a profile's `field` in the credential store under `agentDir`. */
function profilePlace(
  agentDir: string | undefined,
  profileId: string,
  field: "key" | "keyRef",
): string | undefined {
  if (!agentDir) return undefined;
  const file = authStorePath(agentDir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return file;
  }
  const line = jsonKeyLine(text, ["profiles", profileId, field]);
  return line === undefined ? file : `${file}:${line}`;
}

/** `file:line` of a profile's `key` in the store's file; undefined for a store given as an object. */
function keyLineOf(options: StoreReadingOptions, profileId: string): string | undefined {
  return options.store ? undefined : profilePlace(options.agentDir, profileId, "key");
}

/** Where the key a lookup refused is written, when it is a profile's own `key` in the store file. */
function storedKeyPlace(
  found: Lookup,
  source: KeySource,
  options: StoreReadingOptions,
): string | undefined {
  return found.state !== "set" && found.storedKey && source.kind === "profile"
    ? keyLineOf(options, source.profileId)
    : undefined;
}

/** A refused lookup's reason, with where its key is written when that is the store's file. */
function withStoredKeyPlace(
  found: Exclude<Lookup, { state: "set" }>,
  source: KeySource,
  options: StoreReadingOptions,
): string {
  const place = storedKeyPlace(found, source, options);
  return place ? `${found.detail} (${place})` : found.detail;
}

/** Every candidate source for a target with its state, for `models status`. Holds no key value. */
export function inspectKeySources(
  target: KeyTarget,
  options: StoreReadingOptions = {},
): KeySourceStatus[] {
  const store = storeLoader(options)();
  const env = options.env ?? process.env;
  return orderedKeySources(target, store, options.profileId).map((source) => {
    const found = lookup(source, target.provider, store, env);
    return {
      source: publicKeySource(source),
      label: describeKeySource(source),
      state: found.state,
      masked: found.state === "set" ? maskKey(found.value) : undefined,
      detail: found.state === "set" ? found.note : withStoredKeyPlace(found, source, options),
      ...(found.state !== "set" && found.hint ? { hint: found.hint } : {}),
      ...(found.state === "missing" && found.emptyVariable !== undefined
        ? { emptyVariable: found.emptyVariable }
        : {}),
      ...(found.state === "set" ? referenceOf(source, store) : {}),
    };
  });
}

/** `{ refersTo }` for a profile that reads its key from a variable (its `keyRef`), else nothing. */
function referenceOf(source: KeySource, store: AuthProfileStore): { refersTo?: string } {
  if (source.kind !== "profile") return {};
  const profile = store.profiles[source.profileId];
  return profile && isApiKeyProfile(profile) && profile.keyRef
    ? { refersTo: profile.keyRef.id }
    : {};
}
