/**
 * A client tool named as the web search that answers beside it, on each route: Anthropic's
 * search tool's `web_search` on /v1/messages, and Moonshot's own name for its search,
 * `$web_search`, on every route that runs it (/v1/messages' search tool, /v1/responses'
 * `{"type": "web_search"}`, chat completions' `web_search_options`).
 *
 * `web_search` beside Anthropic's tool: a `tool_use` of that name in the answer could be either,
 * and Anthropic refuses two tools of one name. `$web_search`: the search goes upstream as
 * Moonshot's `$web_search`, so the client's function of that name is one name with it (a call of
 * that name is taken for the search) and Moonshot refuses it as a function name besides, which
 * came back as the provider's 400 blamed on the gateway's config. Refused before anything is sent.
 */
import { WEB_SEARCH_NAME } from "../providers/web-search.js";
import { quoted } from "../util/client-value.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";

/** Whether a client tool named `name` clashes with the web search run beside it. */
export function isMoonshotSearchName(name: unknown): boolean {
  return name === WEB_SEARCH_NAME;
}

/**
 * The 400 for the client tool `name` at `nameAt` (`tools[1].name`, the field to fix) beside the
 * search the client asked for at `search` (`tools[0], the web search server tool`,
 * `web_search_options`).
 */
export function searchNameClash(name: string, nameAt: string, search: string): GatewayHttpError {
  const why = isMoonshotSearchName(name)
    ? `is Moonshot's own name for its web search, which answers ${search}: upstream the two would share that name, a call of it taken for the search, and Moonshot takes no function so named (a letter first)`
    : `is also the name of ${search}: a tool_use of that name in the answer could be either, and tool names must be unique`;
  const renamed = `my_${name.replace(/^\$/, "")}`;
  return badRequest(
    `${nameAt} ${quoted(name)} ${why}; rename your tool (such as ${quoted(renamed)}), or leave one of them out`,
    nameAt,
    "invalid_value",
  );
}
