/**
 * The output cap an answer was cut at, where it is set, and the `openclaw config set` commands
 * that raise it, for the note `agent` and `chat` print after `finish_reason: "length"`. The
 * commands name the provider key and the model's place in the config as written, so they can be
 * typed as they are. Reads the catalog, and the config files it came from only to say on which
 * line the limit is written.
 */
import { type Catalog, canonicalRef, resolveModel } from "../../catalog/index.js";
import type { ResolvedModel } from "../../catalog/types.js";
import {
  configValueLocator,
  formatOrigin,
  formatPath,
  type PathSegment,
  shellPath,
} from "../../config/index.js";
import { DEFAULT_MAX_TOKENS, defaultMaxTokens } from "../../providers/build-chat-request.js";
import type { MaxTokensLowered, RunResult } from "../../runtime/index.js";
import { finiteNumber } from "../../util/finite-number.js";
import { isRecord } from "../../util/is-record.js";
import { singleQuoted } from "../../util/shell-word.js";
import { count } from "./usage-numbers.js";

export interface OutputLimit {
  /** The `max_tokens` the request carried (a caller that sets none gets this one). */
  maxTokens: number;
  /**
   * What sets it: the config value and the file and line it is written at
   * (`models.providers.moonshot.models[0].maxTokens at /home/me/.openclaw/openclaw.json:12`), or
   * the built-in value it comes from.
   */
  setBy: string;
  /**
   * The commands that raise it (`raise the limit to N with: …`); undefined when the model cannot
   * be given a higher one (its context window is the limit).
   */
  raise: string | undefined;
  /**
   * Present when the runtime sent less than the configured cap so that the conversation and the
   * answer fit the model's context window: a higher `maxTokens` would not help, less input would.
   */
  lowered?: MaxTokensLowered;
}

/** What a run's answering request carried (`RunResult.maxTokensSent` and `maxTokensLowered`). */
export type CapSent = Pick<RunResult, "maxTokensSent" | "maxTokensLowered">;

/**
 * The cap `ref`'s request carried (`capSent`, what the run reports, else the configured one) and
 * how to raise it; undefined when the model is unknown. A cap the runtime lowered to fit the
 * window is told as such, with nothing to raise.
 */
export function outputLimitOf(
  catalog: Catalog,
  ref: string,
  capSent?: CapSent,
): OutputLimit | undefined {
  let model: ResolvedModel;
  try {
    model = resolveModel(catalog, ref);
  } catch {
    return undefined;
  }
  const sent = capSent?.maxTokensSent ?? defaultMaxTokens(model);
  const written = catalog.source.written as unknown;
  const entryKey = agentsEntryKey(written, model.ref);
  const paramsMax = finiteNumber(model.params.maxTokens);
  const setBy = limitSetBy(catalog, model, entryKey, paramsMax);
  if (capSent?.maxTokensLowered) {
    return { maxTokens: sent, setBy, raise: undefined, lowered: capSent.maxTokensLowered };
  }
  // Without params.maxTokens the request carries at most DEFAULT_MAX_TOKENS. Going past it needs
  // an entry under agents.defaults.models; writing the first one would start an allowlist that
  // shuts out every other model, so that route is offered only when the entry is there already.
  const ceiling = paramsMax === undefined && entryKey === undefined ? DEFAULT_MAX_TOKENS : Infinity;
  const target = Math.min(sent * 2, model.contextWindow, ceiling);
  if (target <= sent) {
    return {
      maxTokens: sent,
      setBy,
      raise: undefined,
    };
  }
  const commands: string[] = [];
  if (model.maxTokens < target) commands.push(modelMaxTokensCommand(written, model, target));
  if ((paramsMax ?? DEFAULT_MAX_TOKENS) < target && entryKey !== undefined) {
    const path = ["agents", "defaults", "models", entryKey, "params", "maxTokens"];
    commands.push(`openclaw config set ${shellPath(path)} ${target}`);
  }
  return {
    maxTokens: sent,
    setBy,
    raise: `raise the limit to ${target} with: ${commands.join(" && ")}`,
  };
}

/**
 * Which value the cap sent comes from: the model's `params.maxTokens` when it is the lower, else
 * the model's `maxTokens` (the config's entry, or the built-in one), else the 32,000 sent at most
 * by default; with the file and line a config value is written at.
 */
function limitSetBy(
  catalog: Catalog,
  model: ResolvedModel,
  entryKey: string | undefined,
  paramsMax: number | undefined,
): string {
  const written = catalog.source.written as unknown;
  let path: PathSegment[] | undefined;
  if (paramsMax !== undefined && paramsMax <= model.maxTokens && entryKey !== undefined) {
    path = ["agents", "defaults", "models", entryKey, "params", "maxTokens"];
  } else if (paramsMax !== undefined || model.maxTokens <= DEFAULT_MAX_TOKENS) {
    path = modelEntryPath(written, model);
    if (path === undefined || child(childAt(written, path.slice(0, -1)), "maxTokens") === undefined)
      return `the built-in maxTokens of ${model.ref}`;
  } else {
    return `openclaw's default of at most ${count(DEFAULT_MAX_TOKENS)} (the model has no params.maxTokens)`;
  }
  const origin = whereWritten(catalog, path);
  return `${formatPath(path)}${origin ? ` at ${origin}` : ""}`;
}

/** `file:line` of the value at `path` of the catalog's config, or undefined when not known. */
function whereWritten(catalog: Catalog, path: readonly PathSegment[]): string | undefined {
  if (!catalog.source.exists) return undefined;
  try {
    const origin = configValueLocator(catalog.source.path)(path);
    return origin ? formatOrigin(origin) : undefined;
  } catch {
    return undefined;
  }
}

/** The provider key as the config writes it (the catalog's id lower-cases it). */
function providerKeyOf(written: unknown, model: ResolvedModel): string {
  const providers = child(child(written, "models"), "providers");
  return (
    (isRecord(providers)
      ? Object.keys(providers).find((key) => key.toLowerCase() === model.provider)
      : undefined) ?? model.provider
  );
}

/** `models.providers.<key>.models[i].maxTokens` of the model's entry; undefined when it has none. */
function modelEntryPath(written: unknown, model: ResolvedModel): PathSegment[] | undefined {
  const providerKey = providerKeyOf(written, model);
  const listed = child(child(child(child(written, "models"), "providers"), providerKey), "models");
  const index = Array.isArray(listed)
    ? listed.findIndex((entry) => isRecord(entry) && entry.id === model.id)
    : -1;
  return index < 0 ? undefined : ["models", "providers", providerKey, "models", index, "maxTokens"];
}

function childAt(value: unknown, path: readonly PathSegment[]): unknown {
  let at = value;
  for (const segment of path) {
    if (typeof segment === "number") at = Array.isArray(at) ? at[segment] : undefined;
    else at = child(at, segment);
  }
  return at;
}

/** `maxTokens` of the model's own entry in the config, or a new entry when it has none. */
function modelMaxTokensCommand(written: unknown, model: ResolvedModel, target: number): string {
  const providerKey = providerKeyOf(written, model);
  const listed = child(child(child(child(written, "models"), "providers"), providerKey), "models");
  const models = Array.isArray(listed) ? listed : [];
  const index = models.findIndex((entry) => isRecord(entry) && entry.id === model.id);
  const base: PathSegment[] = ["models", "providers", providerKey, "models"];
  if (index >= 0) {
    return `openclaw config set ${shellPath([...base, index, "maxTokens"])} ${target}`;
  }
  // A built-in model the config does not list: an entry of its own, merged with the built-in one.
  const entry = `{ id: ${JSON.stringify(model.id)}, name: ${JSON.stringify(model.name)}, maxTokens: ${target} }`;
  return `openclaw config set ${shellPath([...base, models.length])} ${singleQuoted(entry)}`;
}

/** The key of agents.defaults.models that names `ref`, as the config writes it. */
function agentsEntryKey(written: unknown, ref: string): string | undefined {
  const entries = child(child(child(written, "agents"), "defaults"), "models");
  if (!isRecord(entries)) return undefined;
  const keys = Object.keys(entries);
  return (
    keys.find((key) => canonicalRef(key) === ref) ??
    keys.find((key) => canonicalRef(key).toLowerCase() === ref.toLowerCase())
  );
}

function child(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}
