/**
 * OpenAI's namespace tools (`{"type": "namespace", "name", "description", "tools": [functions]}`,
 * as Codex CLI groups its sub-agent and MCP tools) on models that take a flat list of functions,
 * as Moonshot's do: each function goes upstream under one name, the namespace and its own joined
 * by `__` (Codex's own flat spelling, `multi_agent_v1__close_agent`); the model's call of that
 * name comes back as a `function_call` with `namespace` and `name` apart, as Codex requires, and
 * such a call sent back in `input` goes upstream under the joined name again. Pure: no I/O.
 */
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

/** A function of a namespace, as the client named it. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/** The one name a namespace's function goes upstream by (as Codex joins them: no `___`). */
export function flatToolName(namespace: string, name: string): string {
  return `${namespace.replace(/_+$/, "")}__${name.replace(/^_+/, "")}`;
}

/**
 * The function tools of a namespace tool (`tools[i]`), each renamed to its flat name, for the
 * request's own function check to take as any other.
 */
export function namespaceFunctions(tool: Obj, at: string): Obj[] {
  if (typeof tool.name !== "string" || tool.name === "")
    throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
  if (!Array.isArray(tool.tools))
    throw badRequest(
      `${at}.tools must be an array of function tools`,
      `${at}.tools`,
      "invalid_type",
    );
  const namespace = tool.name;
  return tool.tools.map((inner: unknown, j: number) => {
    const innerAt = `${at}.tools[${j}]`;
    if (!isRecord(inner) || inner.type !== "function")
      throw badRequest(
        `${innerAt}.type must be "function": a namespace here groups function tools`,
        `${innerAt}.type`,
        "unsupported_value",
      );
    if (typeof inner.name !== "string" || inner.name === "")
      throw badRequest(
        `${innerAt}.name must be a non-empty string`,
        `${innerAt}.name`,
        "invalid_type",
      );
    // The model sees no grouping upstream: the namespace's description tells it what it is.
    const description =
      typeof tool.description === "string" && tool.description !== ""
        ? [inner.description, `(Of ${namespace}: ${tool.description})`]
            .filter((part) => typeof part === "string" && part !== "")
            .join("\n\n")
        : inner.description;
    const flat: Obj = { ...inner, name: flatToolName(namespace, inner.name) };
    if (description !== undefined) flat.description = description;
    return flat;
  });
}

/** What a request without namespace tools has: one map for all of them, never written. */
const NO_NAMESPACED_TOOLS: ReadonlyMap<string, NamespacedName> = new Map();

/** The request's namespaced functions by their flat name, to split a call of one back. */
export function namespacedToolNames(tools: unknown): ReadonlyMap<string, NamespacedName> {
  let names: Map<string, NamespacedName> | undefined;
  if (!Array.isArray(tools)) return NO_NAMESPACED_TOOLS;
  for (const tool of tools) {
    if (!isRecord(tool) || tool.type !== "namespace" || typeof tool.name !== "string") continue;
    if (!Array.isArray(tool.tools)) continue;
    for (const inner of tool.tools)
      if (isRecord(inner) && typeof inner.name === "string") {
        names ??= new Map();
        names.set(flatToolName(tool.name, inner.name), { namespace: tool.name, name: inner.name });
      }
  }
  return names ?? NO_NAMESPACED_TOOLS;
}

/** A function call's (or a `tool_choice`'s) name upstream: joined when it has a namespace. */
export function upstreamToolName(item: Obj, name: string): string {
  return typeof item.namespace === "string" && item.namespace !== ""
    ? flatToolName(item.namespace, name)
    : name;
}

/**
 * Refuses a namespace's function whose flat name is another tool's name: a top-level function
 * named `multi_agent_v1__close_agent` beside the namespace `multi_agent_v1` holding
 * `close_agent`, or two namespaces that join to one name (`a_` and `a`). Upstream they would be
 * one tool, and a call of it could not be told apart. Run after each tool was checked.
 */
export function checkFlatNamesApart(tools: readonly unknown[]): void {
  const firstAt = new Map<string, string>();
  const claim = (name: string, field: string, namespaced: string | undefined): void => {
    const first = firstAt.get(name);
    if (first === undefined) {
      firstAt.set(name, field);
      return;
    }
    throw badRequest(
      `${field} goes upstream as ${JSON.stringify(name)}${namespaced ?? ""}, the name ${first} goes by too: the model would see one tool and its calls could not be told apart; rename one of them`,
      field,
      "duplicate_tool_name",
    );
  };
  tools.forEach((tool, i) => {
    if (!isRecord(tool)) return;
    if (tool.type === "namespace" && typeof tool.name === "string" && Array.isArray(tool.tools)) {
      const namespace = tool.name;
      tool.tools.forEach((inner: unknown, j: number) => {
        if (isRecord(inner) && typeof inner.name === "string")
          claim(
            flatToolName(namespace, inner.name),
            `tools[${i}].tools[${j}].name`,
            ` (namespace ${JSON.stringify(namespace)}, function ${JSON.stringify(inner.name)})`,
          );
      });
    } else if (typeof tool.name === "string") claim(tool.name, `tools[${i}].name`, undefined);
  });
}
