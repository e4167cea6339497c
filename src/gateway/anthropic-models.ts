/**
 * `GET /v1/models` and `GET /v1/models/{id}` in Anthropic's shape, for a client that says it is
 * one (an `anthropic-version` header, which the Anthropic SDKs send on every request): its
 * `models.list()` reads `data`, `has_more`, `first_id` and `last_id` and pages with `limit`,
 * `after_id` and `before_id`; `models.retrieve()` reads one `ModelInfo`. Pure: no I/O.
 */
import { badRequest } from "./http-error.js";
import type { GatewayModel } from "./model-directory.js";

/** Anthropic's `ModelInfo`. */
export interface AnthropicModelInfo {
  type: "model";
  id: string;
  display_name: string;
  created_at: string;
}

/** One page of Anthropic's model list. */
export interface AnthropicModelPage {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** Anthropic's page size when `limit` is not given, and the largest it takes. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/**
 * When the model came out, as Anthropic writes it (`2025-11-06T00:00:00Z`): the same time as
 * OpenAI's list gives as `created` (release-time.ts).
 */
function createdAt(model: GatewayModel): string {
  return new Date(model.created * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The names Claude Code's gateway model discovery shows in its `/model` picker: it keeps only
 * the listed ids that begin with `claude` or `anthropic` (its documentation), so a configured
 * model (`moonshot/kimi-k2.5`) is never among them. An alias so named is listed as an entry of
 * its own, which the picker then shows, and a request naming it reaches the model.
 */
const CLAUDE_CODE_SHOWS = /^(?:claude|anthropic)/i;

/** The aliases of `model` listed as entries of their own (see CLAUDE_CODE_SHOWS). */
function listedAliases(model: GatewayModel): string[] {
  return model.aliases.filter((alias) => CLAUDE_CODE_SHOWS.test(alias));
}

/**
 * `model` as Anthropic's `ModelInfo`; as the entry of its alias `asked` (any case) when that is
 * one listed on its own.
 */
export function anthropicModelInfo(model: GatewayModel, asked?: string): AnthropicModelInfo {
  const alias = listedAliases(model).find((name) => name.toLowerCase() === asked?.toLowerCase());
  if (alias !== undefined)
    return {
      type: "model",
      id: alias,
      display_name: `${model.name} (${model.id})`,
      created_at: createdAt(model),
    };
  return { type: "model", id: model.id, display_name: model.name, created_at: createdAt(model) };
}

/** The list's entries: each model, then each of its aliases listed on its own. */
function listEntries(models: readonly GatewayModel[]): AnthropicModelInfo[] {
  return models.flatMap((model) => [
    anthropicModelInfo(model),
    ...listedAliases(model).map((alias) => anthropicModelInfo(model, alias)),
  ]);
}

/** `limit` as given: a whole number from 1 to 1000, else a 400 naming it. */
function pageLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT))
    throw badRequest(
      `limit must be a whole number from 1 to ${MAX_LIMIT}, not ${JSON.stringify(value.slice(0, 40))}`,
      "limit",
    );
  return limit;
}

/** Where the model named by `name` (`after_id` or `before_id`) is in the list, else a 400. */
function cursorIndex(ids: readonly string[], name: string, id: string): number {
  const index = ids.indexOf(id);
  if (index < 0)
    throw badRequest(
      `${name} ${JSON.stringify(id.slice(0, 200))} is not the id of a model this gateway lists; take it from first_id or last_id of a page, or leave it out for the first page`,
      name,
    );
  return index;
}

/**
 * The page `query` asks for, in the list's order: after `after_id`, or the `limit` models just
 * before `before_id` (`has_more` then says whether there are more before it), else from the start.
 */
export function anthropicModelPage(
  models: readonly GatewayModel[],
  query: URLSearchParams,
): AnthropicModelPage {
  const limit = pageLimit(query.get("limit"));
  const afterId = query.get("after_id");
  const beforeId = query.get("before_id");
  if (afterId !== null && beforeId !== null)
    throw badRequest("send after_id or before_id, not both: a page goes one way", "before_id");
  const entries = listEntries(models);
  const ids = entries.map((entry) => entry.id);
  let start = 0;
  let end = Math.min(entries.length, limit);
  let hasMore = end < entries.length;
  if (afterId !== null) {
    start = cursorIndex(ids, "after_id", afterId) + 1;
    end = Math.min(entries.length, start + limit);
    hasMore = end < entries.length;
  } else if (beforeId !== null) {
    end = cursorIndex(ids, "before_id", beforeId);
    start = Math.max(0, end - limit);
    hasMore = start > 0;
  }
  const data = entries.slice(start, end);
  return {
    data,
    has_more: hasMore,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}
