/**
 * Fields of a Messages request the gateway does not map (Claude Code's `context_management`,
 * Anthropic's `service_tier`, `container`, `mcp_servers`…). Each is Anthropic's own: passed on,
 * it would reach Moonshot's chat API raw, which at best ignores it and may refuse the request.
 * They are left out, and the client's x-openclaw-notes names each.
 */

/** Why each field the gateway knows of has no counterpart upstream. */
const REASONS: ReadonlyMap<string, string> = new Map([
  [
    "context_management",
    "the provider has no context editing; the conversation goes as the client sent it",
  ],
  ["service_tier", "the provider has no service tiers"],
  ["container", "code execution containers are Anthropic's"],
  ["mcp_servers", "the MCP connector is Anthropic's; send the servers' tools as client tools"],
  ["inference_geo", "the provider chooses where it runs"],
  ["cache_control", "Moonshot and Kimi Code cache prompts on their own"],
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
