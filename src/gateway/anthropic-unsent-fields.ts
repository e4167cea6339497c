/**
 * Fields of a Messages request the gateway does not map (Claude Code's `context_management`,
 * Anthropic's `service_tier`, `container`, `mcp_servers`…), of its tools (`defer_loading`,
 * `input_examples`, `cache_control`…) and of its content blocks (`cache_control`). Each is
 * Anthropic's own: passed on, it would reach Moonshot's chat API raw, which at best ignores it
 * and may refuse the request. They are left out, and the client's x-openclaw-notes names each.
 */
import { listedNames, quotedNames } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";

/** Why each field the gateway knows of has no counterpart upstream. */
const CACHE_REASON = "Moonshot and Kimi Code cache prompts on their own";

const REASONS: ReadonlyMap<string, string> = new Map([
  [
    "context_management",
    "the provider has no context editing; the conversation goes as the client sent it",
  ],
  ["service_tier", "the provider has no service tiers"],
  ["container", "code execution containers are Anthropic's"],
  ["mcp_servers", "the MCP connector is Anthropic's; send the servers' tools as client tools"],
  ["inference_geo", "the provider chooses where it runs"],
  ["cache_control", CACHE_REASON],
  ["thread", "this gateway keeps no message threads; the messages sent are the whole conversation"],
]);

/** The notes for fields left out of the upstream request: one per known field, one for the rest. */
export function unsentFieldNotes(fields: readonly string[]): string[] {
  const notes: string[] = [];
  const others: string[] = [];
  for (const field of fields) {
    const reason = REASONS.get(field);
    if (reason === undefined) others.push(JSON.stringify(field));
    else notes.push(`${field} not sent: ${reason}`);
  }
  if (others.length > 0)
    notes.push(
      `${others.join(", ")} not sent: the gateway does not map ${others.length === 1 ? "it" : "them"} to the provider's request`,
    );
  return notes;
}

/**
 * Why each tool field the gateway does not send has no counterpart upstream (`strict` has one:
 * it goes as the chat tool's, which the provider's compat.supportsStrictMode decides on).
 * `eager_input_streaming` is not among them: a call's input already streams to the client as the
 * provider sends it, which is what it asks, and some clients (pi) send it on every tool, so a
 * note would only repeat on each of their requests.
 */
const TOOL_FIELD_REASONS: ReadonlyMap<string, string> = new Map([
  ["cache_control", CACHE_REASON],
  [
    "defer_loading",
    "the provider has no tool search; the tool is offered to the model with the others",
  ],
  ["input_examples", "the provider's tools take no examples; put them in the tool's description"],
  [
    "allowed_callers",
    "programmatic tool calling runs in Anthropic's code execution; the model calls the tool itself",
  ],
]);

/** Whether a tool field's value asks for anything: not false, null, [] or ["direct"] alone. */
function asksSomething(field: string, value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (!Array.isArray(value)) return true;
  // Calls by the model itself ("direct") are what a tool gets without the field.
  return field === "allowed_callers"
    ? value.some((caller) => caller !== "direct")
    : value.length > 0;
}

/** The notes for tool fields left out upstream: one per field, naming the tools that had it. */
export function unsentToolFieldNotes(tools: readonly unknown[]): string[] {
  const notes: string[] = [];
  for (const [field, reason] of TOOL_FIELD_REASONS) {
    const names = tools.flatMap((tool) =>
      isRecord(tool) && asksSomething(field, tool[field]) ? [String(tool.name)] : [],
    );
    if (names.length > 0)
      notes.push(
        `${field} not sent for ${names.length === 1 ? "tool" : "tools"} ${quotedNames(names)}: ${reason}`,
      );
  }
  return notes;
}

/** Whether a block (a content block, a system block) marks a prompt cache breakpoint. */
function marksCache(block: unknown): boolean {
  return isRecord(block) && block.cache_control !== undefined && block.cache_control !== null;
}

/**
 * The places of `blocks` (`where[0]`…) that mark a cache breakpoint, a tool_result's own blocks
 * (`where[1].content[0]`) among them.
 */
function cacheMarks(blocks: unknown, where: string): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((block, i) => {
    const at = `${where}[${i}]`;
    const inner = isRecord(block) ? cacheMarks(block.content, `${at}.content`) : [];
    return marksCache(block) ? [at, ...inner] : inner;
  });
}

/**
 * The note for the cache_control of a request's system and message content blocks (Claude Code
 * marks some on every request): none of them goes upstream, on either of the provider's APIs
 * (the anthropic-messages transport builds its blocks from the chat request, which has no
 * breakpoints), and the provider caches on its own. One note for the request, naming the blocks;
 * undefined when none has one.
 */
export function unsentCacheMarksNote(system: unknown, messages: unknown): string | undefined {
  const places = cacheMarks(system, "system");
  if (Array.isArray(messages))
    messages.forEach((message, i) => {
      if (isRecord(message)) places.push(...cacheMarks(message.content, `messages[${i}].content`));
    });
  if (places.length === 0) return undefined;
  return `cache_control not sent for ${listedNames(places, "")}: ${CACHE_REASON}`;
}
