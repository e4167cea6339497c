/**
 * Tools offered under one name twice: the model calls a tool by its name, so a call to it could
 * mean either, and OpenAI and Anthropic both refuse such a request. Checked on each API in the
 * client's own shape, so that the 400 names the client's index (a web search tool the
 * conversion leaves out would shift the chat body's).
 *
 * A tool given twice the same (an MCP server registered twice hands its tools over twice) is no
 * such doubt: the second is left out and the client told so in x-openclaw-notes, so that the
 * set-up keeps working. Two different tools of one name stay a 400 that says where they differ.
 */
import { quoted, shortened } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** What of a client's tool is compared: its name, and what the model reads of it. */
export interface ToolParts {
  name: string;
  description: unknown;
  parameters: unknown;
}

/** Where a tool holds each part in the client's API (`.function.name`, `.input_schema`…). */
export interface ToolPartKeys {
  name: string;
  description: string;
  parameters: string;
}

/** The tools left out as repeats of an earlier one (by index in the client's list), and why. */
export interface RepeatedTools {
  repeats: ReadonlySet<number>;
  notes: string[];
}

/**
 * Checks the names of the tools in `list` (`tools`): `tools[i]` is tool i's parts (undefined for
 * one without a usable name, which other checks refuse, or a tool answered otherwise). A tool
 * the same as one before it (name, description and parameters deep-equal) is returned as a
 * repeat to leave out; one that only shares the name is refused with the part that differs.
 */
export function checkUniqueToolNames(
  tools: readonly (ToolParts | undefined)[],
  list: string,
  keys: ToolPartKeys,
): RepeatedTools {
  const firstAt = new Map<string, number>();
  const repeats = new Set<number>();
  const notes: string[] = [];
  tools.forEach((tool, index) => {
    if (tool === undefined) return;
    const first = firstAt.get(tool.name);
    if (first === undefined) {
      firstAt.set(tool.name, index);
      return;
    }
    const earlier = tools[first] as ToolParts;
    const difference = firstDifference(earlier, tool, keys);
    if (difference === undefined) {
      repeats.add(index);
      notes.push(
        `${list}[${index}] left out: the same tool as ${list}[${first}] (${quoted(tool.name)}, name, description and parameters alike), sent once`,
      );
      return;
    }
    const field = `${list}[${index}]${keys.name}`;
    throw badRequest(
      `${field} ${quoted(tool.name)} is also the name of ${list}[${first}], and the two differ in their ${difference}: tool names must be unique, as the model calls a tool by its name; rename one of them, or send it once (two tools alike in name, description and parameters are sent once)`,
      field,
      "duplicate_tool_name",
    );
  });
  return { repeats, notes };
}

/** The first part two tools of one name differ in, as a path (`.function.parameters.properties.x`). */
function firstDifference(a: ToolParts, b: ToolParts, keys: ToolPartKeys): string | undefined {
  const description = differenceAt(a.description, b.description, keys.description);
  if (description !== undefined) return description;
  return differenceAt(a.parameters, b.parameters, keys.parameters);
}

/** Where two JSON values first differ (keys in any order), or undefined when they are equal. */
function differenceAt(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (${a.length} entries against ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const found = differenceAt(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const names = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const name of names) {
      const found = differenceAt(a[name], b[name], `${path}.${shortened(name)}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
