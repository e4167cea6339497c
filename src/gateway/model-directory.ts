/**
 * What the gateway can serve, for `GET /v1/models` and for answering an unknown `model` with a
 * 404 that lists close matches before any upstream is called. Built from the catalog on every
 * (re)load; lookups are map reads, and what close matches are looked for among is made ready once
 * per build, on the first 404, so a reload never leaves it behind.
 */
import { aliasNameProblem } from "../catalog/alias-name.js";
import { type ProviderAsModel, providerAsModel } from "../catalog/provider-as-model.js";
import { sameIdElsewhere } from "../catalog/same-id-elsewhere.js";
import type { ModelCost, ThinkingFormat } from "../catalog/types.js";
import { type OfferedOrigin, withoutUnsetCopies } from "../catalog/unset-copies.js";
import { type NearCandidate, NearIndex, nearNames, tooLongToMatch } from "../util/near-names.js";
import { closestMatches, PreparedNames } from "../util/suggest.js";
import { type StopLimits, tightestStopLimits } from "./completion-stops.js";

/** A model the gateway serves, as `GET /v1/models` lists it. */
export interface GatewayModel {
  /** Canonical ref (`moonshot/kimi-k2.5`), or `openclaw` for the configured primary. */
  id: string;
  /** Display name (`OpenClaw default (<ref>)` for `openclaw`). */
  name: string;
  /** Its provider id (`openclaw` for the default), sent as `owned_by`. */
  ownedBy: string;
  /** Other names a request may give it (its config aliases; `openclaw/default` for `openclaw`). */
  aliases: string[];
  /** A key is available for it (or it needs none). */
  usable: boolean;
  /** It thinks as the gateway serves it (see model-thinks.ts), whatever the config says. */
  reasoning: boolean;
  /**
   * How its endpoint is asked for thinking (`compat.thinkingFormat`): a client's fields for
   * another provider's switch are read by it (see enable-thinking.ts).
   */
  thinkingFormat?: ThinkingFormat;
  /**
   * When it came out, in unix seconds (`created` in `GET /v1/models`): its release day, or a
   * fixed day for a model without one (see release-time.ts).
   */
  created: number;
  /** Context window in tokens. */
  contextWindow: number;
  /** Most output tokens per request. */
  maxTokens: number;
  /** What a client may send it (`text`, `image`, `video`; no video where its API cannot carry one). */
  input: string[];
  /** For `openclaw`: the chain it stands for, primary first. */
  chain?: string[];
  /**
   * How many and how long stop sequences its endpoint takes (`compat.maxStopSequences`,
   * `compat.maxStopSequenceBytes`); for `openclaw`, the tightest of its chain. Unset: no limit.
   * Beyond it, the gateway holds the rest itself (completion-stops.ts).
   */
  stopLimits?: StopLimits;
  /** USD per million tokens, for usage the gateway has to estimate (a stream cut short). */
  cost?: ModelCost;
  /**
   * Its provider is in the config (not a built-in one left alone): a bare model id shared with a
   * built-in provider's model (moonshot-cn's copies) means this one, as in the catalog.
   */
  configured?: boolean;
}

/** The models the gateway serves, looked up by ref, alias or `openclaw`, with close matches for a 404. */
export interface ModelDirectory {
  /** Every servable model, `openclaw` first when a primary is configured. */
  list(): GatewayModel[];
  /** A ref, alias (case-insensitive) or `openclaw` / `openclaw/default`. */
  find(model: string): GatewayModel | undefined;
  /** Close matches among refs and aliases, for a 404. */
  suggest(model: string): string[];
  /**
   * For a ref that puts a model id under a provider without it (`kimi-code/kimi-k2.5`), the refs
   * of that id under other providers (see same-id-elsewhere.ts): none for any other name.
   */
  elsewhere?(model: string): string[];
  /**
   * The provider `model` is the id of (`kimi-code`), with the refs of its models, the default
   * first: a name no model or alias has (see provider-as-model.ts).
   */
  providerNamed?(model: string): ProviderAsModel | undefined;
  /** Why a model the config names cannot be served (its provider is broken), if that is the case. */
  explain?(model: string): string | undefined;
  /**
   * Why `openclaw` (the default model and its fallbacks) cannot be served, when it cannot: no
   * default model is configured, or the one configured names nothing. The gateway's config is
   * at fault there, not the client that asked for it.
   */
  whyNoDefault?(): { reason: string; hint: string } | undefined;
  /**
   * Why `model`, a ref or alias of a model the catalog has, is not served: the allowlist
   * (`agents.defaults.models`) leaves it out. The gateway's config decides that, so the 404 says
   * so rather than calling the model unknown.
   */
  notAllowed?(model: string): { reason: string; hint: string } | undefined;
  /**
   * Why `model` is left out of the list although the config names it (its provider's own list
   * does not have it), when that is the case; see model-discovery.ts.
   */
  notServed?(model: GatewayModel): string | undefined;
  /**
   * For a name the directory does not serve: the provider whose own `GET /models` lists that
   * model, and the id as it lists it (a new model the config does not have yet).
   */
  listedUnconfigured?(model: string): ListedUnconfigured | undefined;
  /**
   * What a plain shell needs before `openclaw` to reach this gateway's config and its keys (the
   * state dir's credential store): `OPENCLAW_STATE_DIR=… `, or "" when a plain shell reads them
   * already. For the commands its answers print that read both, as `models scan` does.
   */
  commandPrefix?: string;
  /**
   * For a name no model or alias has: the CLI's advice for it as a model new to the provider it
   * would be of (`if "kimi-k9" is a new model of moonshot, add it …`), `suggestions` being the
   * close matches, the closest first; `listedBy` says which providers' own `GET /models` was read
   * (and so does not list it: `models scan --add` would not add it). None without such a provider.
   */
  newModelAdvice?(
    model: string,
    suggestions: readonly string[],
    listedBy?: (provider: string) => boolean,
  ): string | undefined;
}

/**
 * How an edit of the config reaches the running gateway, for what a client is told to do: the
 * watched file is reloaded; a file not watched (startGateway's `watch: false`) is read at a
 * restart or `reload()`; a config given as an object (startGateway's `config`) has no file at all.
 */
export type ConfigEditsApply = "reloaded" | "on-restart" | "object";

/** A model its provider lists that the config lacks, and what adding it takes. */
export interface ListedUnconfigured {
  /** The provider that lists it. */
  provider: string;
  /** The id as the provider lists it. */
  id: string;
  /** How an edit adding it reaches the running gateway. */
  configEdits: ConfigEditsApply;
  /** Whether the config has an allowlist (`agents.defaults.models`), which must name it too. */
  allowlist: boolean;
}

export const DEFAULT_MODEL_NAMES = ["openclaw", "openclaw/default"];

/** `entries` grouped by `keyOf`, in order. */
function groupBy(
  entries: readonly GatewayModel[],
  keyOf: (model: GatewayModel) => string,
): Map<string, GatewayModel[]> {
  const groups = new Map<string, GatewayModel[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return groups;
}

/**
 * The one model of `exact`, else the one of `folded`; of several, the one of a configured
 * provider when only one is; none when that leaves several.
 */
function single(
  exact: readonly GatewayModel[] | undefined,
  folded: readonly GatewayModel[] | undefined,
): GatewayModel | undefined {
  const found = exact && exact.length > 0 ? exact : (folded ?? []);
  const configured = found.filter((model) => model.configured === true);
  const matches = configured.length > 0 ? configured : found;
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Resolves as the catalog does (src/catalog/resolve.ts): a name with a `/` is a ref first (its
 * provider in any case, its model id exact or, when only one model of that provider matches, in
 * any case), so an alias spelled like a ref never takes that model's place; then an alias
 * (case-insensitive); a bare name is an alias first, then a model id unique among the models
 * (exact case before any case).
 */
export function createModelDirectory(
  written: GatewayModel[],
  primaryChain: string[],
): ModelDirectory {
  // An alias config validate calls not usable, written by hand or before such aliases were
  // refused, names nothing here, as in every command: `openclaw` and `openclaw/…` (any case) are
  // reserved for the default chain, also with no default configured, and a name with a `/`
  // reads as a ref.
  const models = written.map((model) => ({
    ...model,
    aliases: model.aliases.filter((alias) => aliasNameProblem(alias) === undefined),
  }));
  const refs = groupBy(models, (model) => model.id);
  const foldedRefs = groupBy(models, (model) => model.id.toLowerCase());
  const bareOf = (model: GatewayModel) => model.id.slice(model.id.indexOf("/") + 1);
  const bare = groupBy(models, bareOf);
  const foldedBare = groupBy(models, (model) => bareOf(model).toLowerCase());
  const aliases = new Map<string, GatewayModel>();
  for (const model of models) {
    for (const alias of model.aliases) {
      const key = alias.trim().toLowerCase();
      if (!aliases.has(key)) aliases.set(key, model);
    }
  }
  const modelFor = (input: string): GatewayModel | undefined => {
    const slash = input.indexOf("/");
    if (slash > 0) {
      // Provider ids are lower-cased in refs; model ids keep their case.
      const ref = `${input.slice(0, slash).toLowerCase()}${input.slice(slash)}`;
      return (
        single(refs.get(ref), foldedRefs.get(ref.toLowerCase())) ?? aliases.get(input.toLowerCase())
      );
    }
    return (
      aliases.get(input.toLowerCase()) ??
      single(bare.get(input), foldedBare.get(input.toLowerCase()))
    );
  };

  // A model lists (and a 404 suggests) only the aliases that reach it: one spelled like another
  // model's ref, or given to two models, names that other model.
  const names: string[] = [];
  for (const model of models) {
    model.aliases = model.aliases.filter((alias) => modelFor(alias.trim()) === model);
    names.push(model.id, ...model.aliases);
  }

  const primary = primaryChain[0] === undefined ? undefined : refs.get(primaryChain[0])?.[0];
  const listed: GatewayModel[] = [];
  let defaultEntry: GatewayModel | undefined;
  if (primary) {
    defaultEntry = {
      ...primary,
      id: "openclaw",
      name: `OpenClaw default (${primary.id})`,
      ownedBy: "openclaw",
      aliases: ["openclaw/default"],
      usable: primaryChain.some((ref) => refs.get(ref)?.[0]?.usable === true),
      chain: primaryChain,
      stopLimits: tightestStopLimits(
        primaryChain.map((ref) => refs.get(ref)?.[0]?.stopLimits ?? {}),
      ),
    };
    listed.push(defaultEntry);
    names.push("openclaw");
  }
  listed.push(...models);
  let matching: Matching | undefined;
  const originOf = (name: string): OfferedOrigin | undefined => {
    const entry = refs.get(name)?.[0];
    return entry && { modelId: bareOf(entry), configured: entry.configured === true };
  };
  const refsOfProvider = groupBy(models, (model) => model.id.slice(0, model.id.indexOf("/")));
  return {
    list: () => listed,
    find(model) {
      const trimmed = model.trim();
      if (defaultEntry && DEFAULT_MODEL_NAMES.includes(trimmed.toLowerCase())) return defaultEntry;
      return modelFor(trimmed);
    },
    suggest(model) {
      if (tooLongToMatch(model)) return [];
      matching ??= matchingFor(listed, names);
      const elsewhere = sameIdAsked(model, (id) => foldedBare.get(id.toLowerCase()));
      // As the CLI's resolver: moonshot-cn's copy is not offered beside the configured moonshot's.
      const offered = [...new Set([...elsewhere, ...suggestModels(model, matching)])];
      return withoutUnsetCopies(offered, originOf).slice(0, SUGGESTED_AT_MOST);
    },
    elsewhere: (model) =>
      tooLongToMatch(model) ? [] : sameIdAsked(model, (id) => foldedBare.get(id.toLowerCase())),
    providerNamed(model) {
      const refsOf = (id: string) => refsOfProvider.get(id)?.map((entry) => entry.id);
      return providerAsModel(model, refsOf, primaryChain[0]);
    },
  };
}

/**
 * For a ref asked (`kimi-code/kimi-k2.5`), the same model id under another provider (see
 * same-id-elsewhere.ts); none for a bare name.
 */
function sameIdAsked(
  model: string,
  withBareId: (id: string) => readonly GatewayModel[] | undefined,
): string[] {
  const asked = model.trim();
  const slash = asked.indexOf("/");
  if (slash <= 0) return [];
  return sameIdElsewhere(withBareId(asked.slice(slash + 1)) ?? [], asked.slice(0, slash));
}

/** The directory's refs and aliases, ready for close matches. */
interface Matching {
  slips: NearIndex;
  names: PreparedNames;
}

/**
 * A slip may be of a ref, a bare model id, a model name or an alias; a name close as written, of a
 * ref or an alias.
 */
function matchingFor(listed: readonly GatewayModel[], names: readonly string[]): Matching {
  const candidates: NearCandidate[] = [];
  for (const entry of listed) {
    const slash = entry.id.indexOf("/");
    const bareId = slash > 0 ? entry.id.slice(slash + 1) : entry.id;
    candidates.push({ label: entry.id, spellings: [entry.id, bareId, entry.name] });
    for (const alias of entry.aliases)
      candidates.push({ label: alias, spellings: [alias], standsFor: entry.id });
  }
  return { slips: new NearIndex(candidates), names: new PreparedNames(names) };
}

/** How many close matches a 404 lists. */
const SUGGESTED_AT_MOST = 5;

/**
 * Refs and aliases `model` may be a slip of (spelling aside: see near-names.ts), then those close
 * as written: twice as many as a 404 lists, so that five are left once copies are dropped.
 */
function suggestModels(model: string, matching: Matching): string[] {
  const looked = SUGGESTED_AT_MOST * 2;
  const slips = nearNames(model, matching.slips, looked).map((match) => match.label);
  return [...new Set([...slips, ...closestMatches(model, matching.names, looked)])];
}

/**
 * The `GET /v1/models` entry for one model. Beside OpenAI's fields it carries what Moonshot's own
 * list gives and Kimi's clients read (`context_length`, `supports_reasoning`, `supports_image_in`,
 * `supports_video_in`), so such a client pointed at the gateway sizes its context and features
 * right.
 */
export function modelObject(model: GatewayModel): Record<string, unknown> {
  return {
    id: model.id,
    object: "model",
    created: model.created,
    owned_by: model.ownedBy,
    name: model.name,
    aliases: model.aliases,
    usable: model.usable,
    reasoning: model.reasoning,
    context_length: model.contextWindow,
    max_tokens: model.maxTokens,
    input_modalities: model.input,
    supports_reasoning: model.reasoning,
    supports_image_in: model.input.includes("image"),
    supports_video_in: model.input.includes("video"),
    ...(model.chain ? { chain: model.chain } : {}),
  };
}
