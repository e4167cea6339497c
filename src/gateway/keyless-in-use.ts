/**
 * The providers the config uses that have no API key: a request for one of their models is
 * answered 503 `provider_key_missing` until one is set, so the gateway's start (and a reload that
 * changes it) says which, and how to give each a key. "Uses" is what the person wrote: the default
 * model and its fallbacks, an alias, an entry of the model allowlist, a provider under
 * `models.providers`. A built-in provider nobody mentioned is left unsaid (`no key for:` lists
 * those). Pure: a build's parts in, lines out.
 */
import { onboardCommandFor, onboardDetour } from "../auth/index.js";
import { configKeyVariable, type KeySourcePlacer } from "../auth/key-variable.js";
import type { Catalog } from "../catalog/index.js";
import type { KeySource } from "../catalog/types.js";
import type { Env } from "../config/index.js";
import { andList } from "../util/and-list.js";
import type { GatewayModel } from "./model-directory.js";

/** A provider the config uses that has no key: its requests are answered 503 until it has one. */
export interface KeylessProvider {
  /** Its id. */
  provider: string;
  /**
   * What a client names that is answered 503 for it, as the config names them: `openclaw` when
   * no member of the default chain has a key, then its refs (an alias after its ref). Empty when
   * only `models.providers` names the provider: then its every model is.
   */
  requests: string[];
  /** The variable that gives it a key, when one does (`MOONSHOT_API_KEY`). */
  variable: string | undefined;
  /**
   * Where the config names that variable, when its apiKey is `"${VAR}"`: `its apiKey
   * "${MY_KEY}" at <file>:<line>` (the dotted path where no line is known).
   */
  namedAt?: string;
  /**
   * The command that stores its key (`openclaw onboard --auth-choice moonshot-api-key`), when
   * onboarding knows its endpoint; without the variables a shell may need before it.
   */
  onboard: string | undefined;
  /**
   * A member of the default chain ahead of the one that answers `openclaw`: requests for
   * `openclaw` fall back past it (the CLI's start-up report says so in doctor's words).
   */
  fallenBackPast: boolean;
  /**
   * Why what its key sources hold cannot be used, when they hold something (`env
   * MOONSHOT_API_KEY is a placeholder from the docs, not a real key (…/openclaw.json:2)`): the
   * variable is set, so "until MOONSHOT_API_KEY is set" would not be true.
   */
  unusable?: string;
  /** `moonshot has no API key: requests for moonshot/kimi-k2.5 will get 503 until …`. */
  message: string;
}

/** What the words of the advice depend on besides the build. */
export interface KeylessAdvice {
  env: Env;
  /** Before an onboard command typed in a shell (`OPENCLAW_STATE_DIR=/srv/gw `), else "". */
  onboardPrefix: string;
  /** The program's own key lookup is the only one (startGateway's `resolveKey`). */
  ownKeyResolver: boolean;
}

/** The build's parts these lines are made of. */
export interface KeylessBuild {
  catalog: Catalog;
  /** Every model served (the allowlist's left out), with whether it has a key. */
  models: readonly GatewayModel[];
  /** The default chain's refs, primary first (members left out for a config problem aside). */
  chain: readonly string[];
  /** Providers with models served and no key for any of them (BuiltBackend.providersWithoutKey). */
  withoutKey: readonly string[];
  /** The key sources and base URL of a provider's first served model. */
  keySourcesOf(ref: string): { keySources: readonly KeySource[]; baseUrl: string } | undefined;
  /** Why the key sources of `ref`'s provider hold nothing usable, when they hold something. */
  unusableKeysOf?(ref: string): string | undefined;
  /** Where the config file writes a key source, as `file:line`. */
  placeKeySource?: KeySourcePlacer;
}

/** At most this many of a provider's requests are named; the rest are counted. */
const NAMED_REQUESTS = 4;

const providerOf = (ref: string) => ref.slice(0, Math.max(0, ref.indexOf("/")));

/**
 * The variable a key of these sources is read from: the one the config's apiKey is (`"${MY_KEY}"`),
 * which the person wrote, with where it is written when the provider reads a variable of another
 * name too (MOONSHOT_API_KEY, which the hint named); else the environment's first, else a variable of the config's apiKey.
 */
function keyVariable(
  sources: readonly KeySource[],
  place: KeySourcePlacer,
): { variable: string | undefined; namedAt?: string } {
  const inConfig = configKeyVariable(sources);
  if (inConfig !== undefined) {
    const { source, variable } = inConfig;
    // `"${MOONSHOT_API_KEY}"`: the variable the provider reads anyway, said as it always was.
    // Said where it is written only beside a variable of another name the provider reads.
    if (!sources.some((other) => other.kind === "env" && other.variable !== variable))
      return { variable };
    const at = place(source);
    const written = `its apiKey "\${${variable}}"`;
    return { variable, namedAt: at ? `${written} at ${at}` : `${written} (${source.path})` };
  }
  for (const source of sources) if (source.kind === "env") return { variable: source.variable };
  for (const source of sources)
    if (source.kind === "config") return { variable: source.variables[0] };
  return { variable: undefined };
}

export function keylessProviders(build: KeylessBuild, advice: KeylessAdvice): KeylessProvider[] {
  const { catalog, models, chain } = build;
  const byRef = new Map(models.map((model) => [model.id.toLowerCase(), model]));
  const keyless = new Set(build.withoutKey);
  if (keyless.size === 0) return [];

  const chainKeyless = chain.length > 0 && chain.every((ref) => keyless.has(providerOf(ref)));
  const answering = chain.findIndex((ref) => !keyless.has(providerOf(ref)));
  const aheadOfAnswering = new Set(answering > 0 ? chain.slice(0, answering) : []);
  // In the order a person reads the config: the chain, the aliases, the allowlist.
  const mentioned = [
    ...chain,
    ...[...catalog.aliases.values()].map((entry) => entry.ref),
    ...(catalog.allowlist ?? []),
  ];

  const out: KeylessProvider[] = [];
  for (const provider of keyless) {
    const refs: string[] = [];
    for (const ref of mentioned) {
      const model = byRef.get(ref.toLowerCase());
      const id = model?.id ?? ref;
      if (providerOf(id) !== provider || refs.includes(id)) continue;
      if (model === undefined && !chain.includes(ref)) continue;
      refs.push(id);
    }
    const written = models.some((model) => model.ownedBy === provider && model.configured);
    if (refs.length === 0 && !written) continue;
    const first = refs[0] ?? models.find((model) => model.ownedBy === provider)?.id;
    const sources = first === undefined ? undefined : build.keySourcesOf(first);
    const named = sources
      ? keyVariable(sources.keySources, build.placeKeySource ?? (() => undefined))
      : { variable: undefined };
    // Onboarding moonshot-cn's endpoint stores the key for `moonshot`: no command for this one.
    const command =
      sources && !onboardDetour(provider, sources.baseUrl, advice.env)
        ? onboardCommandFor(sources.baseUrl, advice.env)
        : undefined;
    const requests = [
      ...(chainKeyless && chain.some((ref) => providerOf(ref) === provider) ? ["openclaw"] : []),
      ...refs.map((ref) => {
        const alias = catalog.aliasByRef.get(ref);
        return alias === undefined ? ref : `${ref} (alias "${alias}")`;
      }),
    ];
    const unusable = first === undefined ? undefined : build.unusableKeysOf?.(first);
    const entry = {
      provider,
      requests,
      ...named,
      onboard: command,
      fallenBackPast: refs.some((ref) => aheadOfAnswering.has(ref)),
      ...(unusable === undefined ? {} : { unusable }),
    };
    out.push({ ...entry, message: keylessProviderMessage(entry, advice) });
  }
  return out;
}

/**
 * The sentence of one provider; `advice.onboardPrefix` goes before its onboard command (the CLI
 * says it with the variables a plain shell needs, as its other start-up lines do).
 */
export function keylessProviderMessage(
  entry: Omit<KeylessProvider, "message">,
  advice: Omit<KeylessAdvice, "env">,
): string {
  const onboard = entry.onboard && `${advice.onboardPrefix}${entry.onboard}`;
  const asked = whatIsAsked(entry.provider, entry.requests);
  if (entry.unusable !== undefined)
    return `${entry.provider} has no usable API key: ${entry.unusable}; requests for ${asked} will get 503 until a real key is put in its place${onboard ? ` (or run: ${onboard})` : ""}`;
  return `${entry.provider} has no API key: requests for ${asked} will get 503 until ${untilKeyed(entry, onboard, advice.ownKeyResolver)}`;
}

/**
 * The sentence said when a provider warned of gets a key (a reload, the credential store written
 * by `openclaw onboard`): the requests its warning named are answered again.
 */
export function keyedNowMessage(entry: Pick<KeylessProvider, "provider" | "requests">): string {
  return `${entry.provider} has an API key now: requests for ${whatIsAsked(entry.provider, entry.requests)} are served again`;
}

/** The requests named: a few, and how many more; or the provider's models as a whole. */
function whatIsAsked(provider: string, requests: readonly string[]): string {
  if (requests.length === 0) return `${provider}'s models`;
  if (requests.length <= NAMED_REQUESTS) return andList(requests);
  const more = requests.length - NAMED_REQUESTS + 1;
  return `${requests.slice(0, NAMED_REQUESTS - 1).join(", ")} and ${more} more`;
}

/** What gives the provider a key: its variable set, or the onboard command that stores one. */
function untilKeyed(
  { variable, namedAt }: Pick<KeylessProvider, "variable" | "namedAt">,
  onboard: string | undefined,
  ownKeyResolver: boolean,
): string {
  if (ownKeyResolver) return "the resolveKey function given to startGateway returns a key for it";
  if (variable !== undefined) {
    const notes = [
      ...(namedAt ? [`named by ${namedAt}`] : []),
      ...(onboard ? [`or run: ${onboard}`] : []),
    ];
    return `${variable} is set${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
  }
  if (onboard) return `it has a key (run: ${onboard})`;
  return "it has a key (openclaw models status shows where its key is looked for)";
}
