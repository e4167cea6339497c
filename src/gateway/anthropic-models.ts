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
 * The release date is not known for a configured model: Anthropic's own docs say such a model
 * carries an epoch value.
 */
const UNKNOWN_RELEASE = "1970-01-01T00:00:00Z";

export function anthropicModelInfo(model: GatewayModel): AnthropicModelInfo {
  return { type: "model", id: model.id, display_name: model.name, created_at: UNKNOWN_RELEASE };
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
  const ids = models.map((model) => model.id);
  let start = 0;
  let end = Math.min(models.length, limit);
  let hasMore = end < models.length;
  if (afterId !== null) {
    start = cursorIndex(ids, "after_id", afterId) + 1;
    end = Math.min(models.length, start + limit);
    hasMore = end < models.length;
  } else if (beforeId !== null) {
    end = cursorIndex(ids, "before_id", beforeId);
    start = Math.max(0, end - limit);
    hasMore = start > 0;
  }
  const data = models.slice(start, end).map(anthropicModelInfo);
  return {
    data,
    has_more: hasMore,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}
