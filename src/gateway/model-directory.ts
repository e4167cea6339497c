/**
 * What the gateway can serve, for `GET /v1/models` and for answering an unknown `model` with a
 * 404 that lists close matches before any upstream is called. Built from the catalog on every
 * (re)load; lookups are map reads.
 */
import type { ModelCost } from "../catalog/types.js";
import { closestMatches } from "../util/suggest.js";

export interface GatewayModel {
  /** Canonical ref (`moonshot/kimi-k2.5`), or `openclaw` for the configured primary. */
  id: string;
  name: string;
  ownedBy: string;
  aliases: string[];
  /** A key is available for it (or it needs none). */
  usable: boolean;
  reasoning: boolean;
  contextWindow: number;
  maxTokens: number;
  input: string[];
  /** For `openclaw`: the chain it stands for, primary first. */
  chain?: string[];
  /** USD per million tokens, for usage the gateway has to estimate (a stream cut short). */
  cost?: ModelCost;
}

export interface ModelDirectory {
  /** Every servable model, `openclaw` first when a primary is configured. */
  list(): GatewayModel[];
  /** A ref, alias (case-insensitive) or `openclaw` / `openclaw/default`. */
  find(model: string): GatewayModel | undefined;
  /** Close matches among refs and aliases, for a 404. */
  suggest(model: string): string[];
  /** Why a model the config names cannot be served (its provider is broken), if that is the case. */
  explain?(model: string): string | undefined;
}

export const DEFAULT_MODEL_NAMES = ["openclaw", "openclaw/default"];

export function createModelDirectory(
  models: GatewayModel[],
  primaryChain: string[],
): ModelDirectory {
  const byKey = new Map<string, GatewayModel>();
  const names: string[] = [];
  for (const model of models) {
    byKey.set(model.id, model);
    names.push(model.id);
    for (const alias of model.aliases) {
      byKey.set(alias.toLowerCase(), model);
      names.push(alias);
    }
  }
  // A bare model id that is unique among providers resolves too (`kimi-k2.5`).
  const bareCounts = new Map<string, number>();
  for (const model of models) {
    const bare = model.id.slice(model.id.indexOf("/") + 1);
    bareCounts.set(bare, (bareCounts.get(bare) ?? 0) + 1);
  }
  for (const model of models) {
    const bare = model.id.slice(model.id.indexOf("/") + 1);
    if (bareCounts.get(bare) === 1 && !byKey.has(bare)) byKey.set(bare, model);
  }
  const primary = primaryChain[0] === undefined ? undefined : byKey.get(primaryChain[0]);
  const listed: GatewayModel[] = [];
  if (primary) {
    const entry: GatewayModel = {
      ...primary,
      id: "openclaw",
      name: `OpenClaw default (${primary.id})`,
      ownedBy: "openclaw",
      aliases: ["openclaw/default"],
      usable: primaryChain.some((ref) => byKey.get(ref)?.usable === true),
      chain: primaryChain,
    };
    listed.push(entry);
    for (const name of DEFAULT_MODEL_NAMES) byKey.set(name, entry);
    names.push("openclaw");
  }
  listed.push(...models);
  return {
    list: () => listed,
    find(model) {
      const trimmed = model.trim();
      const slash = trimmed.indexOf("/");
      // Provider ids are lower-cased in refs; model ids keep their case.
      const normalised =
        slash > 0 ? `${trimmed.slice(0, slash).toLowerCase()}${trimmed.slice(slash)}` : trimmed;
      return byKey.get(normalised) ?? byKey.get(trimmed.toLowerCase());
    },
    suggest: (model) => closestMatches(model, names, 5),
  };
}

/**
 * The `GET /v1/models` entry for one model. Beside OpenAI's fields it carries what Moonshot's own
 * list gives and Kimi's clients read (`context_length`, `supports_reasoning`, `supports_image_in`),
 * so such a client pointed at the gateway sizes its context and features right.
 */
export function modelObject(model: GatewayModel): Record<string, unknown> {
  return {
    id: model.id,
    object: "model",
    created: 0,
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
    ...(model.chain ? { chain: model.chain } : {}),
  };
}
