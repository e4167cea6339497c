/**
 * Tools offered under one name twice: the model calls a tool by its name, so a call to it could
 * mean either, and OpenAI and Anthropic both refuse such a request. Checked on each API in the
 * client's own shape, so that the 400 names the client's index (a web search tool the
 * conversion leaves out would shift the chat body's).
 */
import { quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/**
 * Refuses the second tool of a name given before. `names[i]` is tool i's name (undefined for one
 * without a usable name, which other checks refuse); `list` is the field the tools came in
 * (`tools`) and `nameKey` where a tool holds its name (`.function.name`).
 */
export function checkUniqueToolNames(
  names: readonly (string | undefined)[],
  list: string,
  nameKey: string,
): void {
  const firstAt = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === undefined) return;
    const first = firstAt.get(name);
    if (first === undefined) {
      firstAt.set(name, index);
      return;
    }
    const field = `${list}[${index}]${nameKey}`;
    throw badRequest(
      `${field} ${quoted(name)} is also the name of ${list}[${first}]: tool names must be unique, as the model calls a tool by its name; rename one of them or send it once`,
      field,
      "duplicate_tool_name",
    );
  });
}
