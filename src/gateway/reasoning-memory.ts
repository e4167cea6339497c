/**
 * Most OpenAI clients drop `reasoning_content` when they send a conversation back, and Moonshot's
 * thinking models reject a replayed tool-call turn without it. The gateway remembers the
 * reasoning of every tool-call turn it served and puts it back when a client replays that turn
 * without it. Bounded in entries (oldest evicted first) and in time (entries expire).
 *
 * The key is the tool-call id plus the call's name and arguments: Moonshot ids such as
 * `functions.get_time:0` are per-conversation counters, so the id alone would collide between
 * two conversations that make the same first call; the arguments make that far less likely.
 */
import type { AssistantMessage, ChatMessage, ToolCall } from "../providers/types.js";
import { BoundedTtlMap, type BoundedTtlMapOptions } from "../util/bounded-ttl-map.js";

export type ReasoningMemoryOptions = BoundedTtlMapOptions & { maxWeight?: number };

function keyOf(call: ToolCall): string {
  return `${call.id}\u0000${call.function?.name ?? ""}\u0000${call.function?.arguments ?? ""}`;
}

export class ReasoningMemory {
  private readonly entries: BoundedTtlMap<string, string>;

  constructor(options: ReasoningMemoryOptions) {
    // Reasoning can be long: at most 32 MiB of it, however many entries that is.
    this.entries = new BoundedTtlMap<string, string>({
      maxWeight: 32 * 1024 * 1024,
      weigh: (reasoning) => reasoning.length,
      ...options,
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Remembers the reasoning of an assistant turn that made tool calls. */
  remember(message: AssistantMessage): void {
    const calls = message.tool_calls;
    const reasoning = message.reasoning_content;
    if (!calls || calls.length === 0 || !reasoning) return;
    for (const call of calls) this.entries.set(keyOf(call), reasoning);
  }

  /**
   * Fills in `reasoning_content` on replayed tool-call turns that lack it. Mutates the given
   * messages (they are the gateway's own parse of the request) and returns how many it restored.
   */
  restore(messages: ChatMessage[]): number {
    if (this.entries.size === 0) return 0;
    let restored = 0;
    for (const message of messages) {
      if (message.role !== "assistant") continue;
      const calls = message.tool_calls;
      if (!calls || calls.length === 0 || message.reasoning_content) continue;
      for (const call of calls) {
        const reasoning = this.entries.get(keyOf(call));
        if (reasoning === undefined) continue;
        message.reasoning_content = reasoning;
        restored++;
        break;
      }
    }
    return restored;
  }

  /** Drops expired entries; called from a timer so memory shrinks when traffic stops. */
  sweep(): void {
    this.entries.sweep();
  }

  clear(): void {
    this.entries.clear();
  }
}
