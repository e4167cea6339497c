/**
 * The environment variable a key source takes its key from, whole: an `env` source's, or a config
 * `apiKey` that is one `${VAR}` and nothing else, as the spec's JSON5 snippets write it
 * (`apiKey: "${MOONSHOT_API_KEY}"`). Either way the key is that variable's value, and what is said
 * of the variable (a key of the other Moonshot platform) holds for both. A template with more
 * than the variable in it, a stored profile and a key written in the file take none. Also how the
 * gateway's start and the key probe word such a key: where the apiKey names the variable, and to
 * point it at another. Pure: no key is read, only its source and fingerprint.
 */
import type { Catalog } from "../catalog/index.js";
import type { KeySource } from "../catalog/types.js";
import { urlHost } from "../util/url-host.js";
import type { ResolvedKey } from "./types.js";

const ONE_VARIABLE = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

/**
 * The variable a provider of one's own keeps its key in, by its id (`my-relay` → MY_RELAY_API_KEY):
 * the one custom onboarding reads and writes `${…}` for.
 */
export function customEnvVar(providerId: string): string {
  return `${providerId.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY`;
}

export function keyVariableOf(source: KeySource): string | undefined {
  if (source.kind === "env") return source.variable;
  if (source.kind !== "config") return undefined;
  return ONE_VARIABLE.exec(source.template.trim())?.[1];
}

type ConfigKeySource = Extract<KeySource, { kind: "config" }>;

/**
 * The config apiKey among `sources` that is one `${VAR}` (`"${MY_KEY}"`), and that variable: the
 * one the person wrote for the key, named before a variable the provider reads by default.
 */
export function configKeyVariable(
  sources: readonly KeySource[],
): { source: ConfigKeySource; variable: string } | undefined {
  for (const source of sources) {
    if (source.kind !== "config") continue;
    const variable = keyVariableOf(source);
    if (variable !== undefined) return { source, variable };
  }
  return undefined;
}

/**
 * A key that is an environment variable's value: read straight from the environment, or through
 * a config `apiKey` of `${VAR}` (`apiKey`: that setting's dotted path and its `file:line`).
 */
export interface EnvKey {
  variable: string;
  fingerprint: string;
  apiKey?: { path: string; at: string | undefined };
}

/** Where a key source is written in the config, as `file:line`, when it is. */
export type KeySourcePlacer = (source: KeySource) => string | undefined;

/** The variable `key` is the value of, if it is one's (keyVariableOf), and where it is named. */
export function envKeyOf(key: ResolvedKey, place: KeySourcePlacer): EnvKey | undefined {
  const variable = keyVariableOf(key.source);
  if (variable === undefined) return undefined;
  const envKey = { variable, fingerprint: key.fingerprint };
  if (key.source.kind !== "config") return envKey;
  return { ...envKey, apiKey: { path: key.source.path, at: place(key.source) } };
}

/**
 * How a provider reading `envKey` through its config apiKey is told it, `owner` naming whose
 * apiKey (`its`, `kimi-cn's`): `through`, `its apiKey "${VAR}" at file:line`; `hint`, to point
 * that setting at a variable holding a key of `platform`. Undefined for a key read straight from
 * the environment.
 */
export function apiKeyVariableWords(
  envKey: EnvKey,
  owner: string,
  platform: string,
): { through: string; hint: string } | undefined {
  const written = apiKeyWritten(envKey, owner);
  if (written === undefined) return undefined;
  return {
    through: written.through,
    hint: `to use ${platform}, set ${written.setting} to another variable, one holding a key made there, in place of \${${envKey.variable}}`,
  };
}

/**
 * The config apiKey `envKey` is read through, `owner` naming whose: `through`, `its apiKey
 * "${VAR}" at file:line` (the dotted path in parentheses where no line is known); `setting`, the
 * path with its `file:line`. Undefined for a key read straight from the environment.
 */
function apiKeyWritten(
  envKey: EnvKey,
  owner: string,
): { through: string; setting: string } | undefined {
  const { apiKey, variable } = envKey;
  if (apiKey === undefined) return undefined;
  const written = `${owner} apiKey "\${${variable}}"`;
  return apiKey.at === undefined
    ? { through: `${written} (${apiKey.path})`, setting: apiKey.path }
    : { through: `${written} at ${apiKey.at}`, setting: `${apiKey.path} (${apiKey.at})` };
}

/**
 * A provider at a host that is neither Moonshot's nor Kimi's that refused a key, and the HTTP
 * status it refused it with (a relay answers 401 or 403, and is quoted as it answered).
 */
export interface RefusingProvider {
  provider: string;
  baseUrl: string;
  status: number;
}

/**
 * How a refusal of an environment key is said where it is said. `readBy`: in place of where the
 * key was read (`read from the environment`, `read through its apiKey …`), when neither is where it
 * came from (`returned by the resolveKey function given to startGateway`). `afterFix`: what ends the
 * fix, `then check it with: openclaw models status --probe` unless given (the gateway's state dir
 * before the command; for a config object, which no command reads, what makes the fix take).
 */
export interface RefusalWords {
  readBy?: string;
  afterFix?: string;
}

const CHECK_WITH_PROBE = "then check it with: openclaw models status --probe";

/**
 * How a provider at a host that is neither Moonshot's nor Kimi's (an OpenAI-compatible relay, a
 * proxy of another company) is told it refused an environment key that `accepter` accepted: the
 * key is not one it takes, whatever platform it is of, and it needs its own. Moonshot's platform
 * verdict ("a key of the international platform") holds between Moonshot's hosts only. `owner`
 * names whose apiKey, as apiKeyVariableWords does. `lead`: `relay (127.0.0.1:8080) refused
 * MOONSHOT_API_KEY (401), read through …: the key moonshot accepts is not one relay takes`.
 */
export function ownKeyNeededWords(
  envKey: EnvKey,
  refused: RefusingProvider,
  owner: string,
  accepter: string,
  words: RefusalWords = {},
): { lead: string; hint: string } {
  const { provider } = refused;
  const at = refusalAt(envKey, refused, owner, words);
  return {
    lead: `${at.refusal}: the key ${accepter} accepts is not one ${provider} takes`,
    hint: ownKeyFix(provider, at),
  };
}

/**
 * Whether `provider`, at a host that is neither Moonshot's nor Kimi's, takes a key made for that
 * host, and so is told, when it refuses its variable's key and no provider took it, to put one
 * made there (ownKeyRefusedWords): a provider of one's own (a relay). A built-in Moonshot or
 * Kimi Code provider at an address of its own (a mirror, a corporate proxy of Moonshot) does not:
 * its key is made at Moonshot's or Kimi's, and a refused key's ordinary advice holds. One rule for
 * the gateway's discovery and the key probes.
 */
export function takesKeyMadeForItsHost(
  catalog: Pick<Catalog, "providers">,
  provider: string,
): boolean {
  return catalog.providers.get(provider)?.origin === "config";
}

/**
 * How a provider at a host that is neither Moonshot's nor Kimi's is told it refused the key of
 * an environment variable that no other provider accepted either (a relay's own
 * `"${RELAY_API_KEY}"` holding a wrong or revoked key): the key that variable holds, read where
 * `lead` says, is not one it takes; `hint`, to put one made for its host there, or to point the
 * setting at another variable. `readAlsoBy`: the other providers reading that variable (a relay
 * given `"${MOONSHOT_API_KEY}"` beside `moonshot`); a key for the relay put there would be theirs
 * too, so the hint then offers a variable of its own only, as ownKeyNeededWords does. Names the
 * variable and the setting, never the key.
 */
export function ownKeyRefusedWords(
  envKey: EnvKey,
  refused: RefusingProvider,
  owner: string,
  readAlsoBy: readonly string[] = [],
  words: RefusalWords = {},
): { lead: string; hint: string } {
  const { provider } = refused;
  const { variable } = envKey;
  const at = refusalAt(envKey, refused, owner, words);
  const lead = `${at.refusal}: the key ${variable} holds is not one ${provider} takes`;
  if (readAlsoBy.length > 0)
    return {
      lead,
      hint: `${variable} is read by ${readAlsoBy.join(", ")} too, so ${ownKeyFix(provider, at)}`,
    };
  return {
    lead,
    hint: `put a key made for ${at.host} in ${variable}, or set ${at.setting} to another variable holding one${at.instead}; ${at.afterFix}`,
  };
}

/** `relay needs a key of its own: set <setting> to a variable holding a key made for <host>, …`. */
function ownKeyFix(provider: string, at: RefusalAt): string {
  return `${provider} needs a key of its own: set ${at.setting} to a variable holding a key made for ${at.host}, such as "\${${customEnvVar(provider)}}"${at.instead}; ${at.afterFix}`;
}

interface RefusalAt {
  host: string;
  refusal: string;
  setting: string;
  instead: string;
  afterFix: string;
}

/**
 * What both verdicts on a provider elsewhere say first: `refusal`, `relay (127.0.0.1:8080) refused
 * VAR (401), read through its apiKey "${VAR}" at file:line` (or `read from the environment`), with
 * the status the provider answered; `setting`, the apiKey's path with its `file:line`; `instead`,
 * `, in place of ${VAR}` when the apiKey names the variable; `afterFix`, what ends the fix (RefusalWords).
 */
function refusalAt(
  envKey: EnvKey,
  refused: RefusingProvider,
  owner: string,
  words: RefusalWords,
): RefusalAt {
  const { provider, baseUrl, status } = refused;
  const host = urlHost(baseUrl) ?? baseUrl;
  const { variable } = envKey;
  const written = apiKeyWritten(envKey, owner);
  const through =
    words.readBy ??
    (written === undefined ? "read from the environment" : `read through ${written.through}`);
  return {
    host,
    refusal: `${provider} (${host}) refused ${variable} (${status}), ${through}`,
    setting: written?.setting ?? `models.providers.${provider}.apiKey`,
    instead: written === undefined ? "" : `, in place of \${${variable}}`,
    afterFix: words.afterFix ?? CHECK_WITH_PROBE,
  };
}
