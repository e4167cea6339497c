/**
 * The output cap an answer was cut at, and the `openclaw config set` commands that raise it, for
 * the note `agent` and `chat` print after `finish_reason: "length"`. The commands name the
 * provider key and the model's place in the config as written, so they can be typed as they
 * are. Pure: reads the catalog and the config it came from.
 */
import { type Catalog, canonicalRef, resolveModel } from "../../catalog/index.js";
import type { ResolvedModel } from "../../catalog/types.js";
import { type PathSegment, shellPath } from "../../config/index.js";
import { DEFAULT_MAX_TOKENS, defaultMaxTokens } from "../../providers/build-chat-request.js";
import { finiteNumber } from "../../util/finite-number.js";
import { isRecord } from "../../util/is-record.js";

export interface OutputLimit {
  /** The `max_tokens` the request carried (a caller that sets none gets this one). */
  maxTokens: number;
  /** What to do: the commands that raise it, or why it cannot be raised. */
  hint: string;
}

/** The cap `ref`'s requests carry and how to raise it; undefined when the model is unknown. */
export function outputLimitOf(catalog: Catalog, ref: string): OutputLimit | undefined {
  let model: ResolvedModel;
  try {
    model = resolveModel(catalog, ref);
  } catch {
    return undefined;
  }
  const sent = defaultMaxTokens(model);
  const written = catalog.source.written as unknown;
  const entryKey = agentsEntryKey(written, model.ref);
  const paramsMax = finiteNumber(model.params.maxTokens);
  // Without params.maxTokens the request carries at most DEFAULT_MAX_TOKENS. Going past it needs
  // an entry under agents.defaults.models; writing the first one would start an allowlist that
  // shuts out every other model, so that route is offered only when the entry is there already.
  const ceiling = paramsMax === undefined && entryKey === undefined ? DEFAULT_MAX_TOKENS : Infinity;
  const target = Math.min(sent * 2, model.contextWindow, ceiling);
  if (target <= sent) {
    return {
      maxTokens: sent,
      hint: `ask for a shorter answer, or split the task (${model.ref} cannot be given a higher limit)`,
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
    hint: `raise the limit to ${target} with: ${commands.join(" && ")}; or ask for a shorter answer`,
  };
}

/** `maxTokens` of the model's own entry in the config, or a new entry when it has none. */
function modelMaxTokensCommand(written: unknown, model: ResolvedModel, target: number): string {
  const providers = child(child(written, "models"), "providers");
  const providerKey =
    (isRecord(providers)
      ? Object.keys(providers).find((key) => key.toLowerCase() === model.provider)
      : undefined) ?? model.provider;
  const listed = child(child(providers, providerKey), "models");
  const models = Array.isArray(listed) ? listed : [];
  const index = models.findIndex((entry) => isRecord(entry) && entry.id === model.id);
  const base: PathSegment[] = ["models", "providers", providerKey, "models"];
  if (index >= 0) {
    return `openclaw config set ${shellPath([...base, index, "maxTokens"])} ${target}`;
  }
  // A built-in model the config does not list: an entry of its own, merged with the built-in one.
  const entry = `{ id: ${JSON.stringify(model.id)}, name: ${JSON.stringify(model.name)}, maxTokens: ${target} }`;
  return `openclaw config set ${shellPath([...base, models.length])} '${entry.replaceAll("'", "'\\''")}'`;
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
