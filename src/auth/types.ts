import type { KeySource, ResolvedModel } from "../catalog/types.js";

/** A key ready to use, with where it came from. `value` must never be logged or printed. */
export interface ResolvedKey {
  /** The key itself; never printed (the object shows as `[hidden]`). */
  value: string;
  /** Where it was read (an auth profile, a variable, the config), named in errors about it. */
  source: KeySource;
  /** Display form, e.g. `sk-…a1b2`. Safe to print. */
  masked: string;
  /** Stable id for per-key cooldowns that does not reveal the key (a short hash). */
  fingerprint: string;
}

/** Finds the key for a model, walking `model.keySources` in order. Returns undefined when none is set. */
export type KeyResolver = (model: ResolvedModel) => ResolvedKey | undefined;

/** Where an `api_key` profile finds its value when it does not hold it (`--secret-input-mode ref`). */
export interface KeyRef {
  /** Where the value is: an environment variable (the only kind). */
  source: "env";
  /** Environment variable name, e.g. `MOONSHOT_API_KEY`. */
  id: string;
}

/** One credential in `<agentDir>/auth-profiles.json`. Exactly one of `key` and `keyRef` is set. */
export interface ApiKeyProfile {
  /** Marks an API-key profile. */
  type: "api_key";
  /** The provider id whose key it holds. */
  provider: string;
  /** The key itself, stored in the file. */
  key?: string;
  /** Where to read the key instead: an environment variable. */
  keyRef?: KeyRef;
}

/** Profiles of other types (OpenClaw writes oauth/token ones) are kept as they are, never used here. */
export type AuthProfile =
  | ApiKeyProfile
  | {
      /** The profile's kind, as OpenClaw writes it (`oauth`, `token`). */
      type: string;
      /** The provider id it is for, when it names one. */
      provider?: string;
      [field: string]: unknown;
    };

/** The credential store file, `{"version":1,"profiles":{"moonshot:default":{…}}}`. */
export interface AuthProfileStore {
  /** The file format's version. */
  version: 1;
  /** Profiles by id (`moonshot:default`). */
  profiles: Record<string, AuthProfile>;
}

/** What `models status` shows for one key source: whether it is set and, if so, masked. Never the value. */
export interface KeySourceStatus {
  /** The key source. */
  source: KeySource;
  /** Human label: `profile moonshot:default`, `env MOONSHOT_API_KEY`, `config models.providers.moonshot.apiKey`. */
  label: string;
  /** `set`: a key is there; `missing`: none; `invalid`: one that cannot be used (`detail` says why). */
  state: "set" | "missing" | "invalid";
  /** The key masked (`sk-…a1b2`) when set; undefined otherwise. */
  masked: string | undefined;
  /** Why a source is missing or invalid, or a warning about a usable one, in words (no secret). */
  detail: string | undefined;
  /** What to do about an invalid key (`replace it with your own key`), when there is a fix to name. */
  hint?: string;
  /**
   * The variable this source reads, when it is set but empty (`export MOONSHOT_API_KEY=`): its
   * fix is to fill it, where one not set may be meant to be left out.
   */
  emptyVariable?: string;
  /**
   * The variable a stored profile reads its key from (its `keyRef`, as `--secret-input-mode ref`
   * and onboarding from the config's `env` block write it), when that profile is set.
   */
  refersTo?: string;
}
