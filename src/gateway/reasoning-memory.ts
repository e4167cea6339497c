/**
 * Most OpenAI clients drop `reasoning_content` when they send a conversation back, and Moonshot's
 * thinking models reject a replayed tool-call turn without it. The gateway remembers the
 * reasoning of every tool-call turn it served and puts it back when a client replays that turn
 * without it. Bounded in entries and bytes (the least recently used evicted first) and in time
 * (entries expire).
 *
 * A turn is known by the conversation before it (a digest of every earlier message, see
 * ConversationDigests, with the request's `user`) and by its own tool calls' names and arguments,
 * not their ids: Moonshot's (`functions.get_time:0`) are per-conversation counters, so two
 * conversations making the same first call share id, name and arguments, and the reasoning of
 * one must never reach the other; and a client may send the calls back under ids of its own
 * (Factory's Droid does). A turn replayed after a client rewrote an earlier message is
 * not found, and goes upstream with the empty reasoning any unknown turn gets (the runtime's
 * reasoning slots). A turn replayed under other system or developer messages (the OpenAI Agents
 * SDK's handoff sends the conversation on under the next agent's instructions; some frameworks
 * write the instructions afresh for each request) is found by the conversation without them,
 * when that names one remembered turn only (a turn this gateway never served, alike but for its
 * instructions to one it did, would get that one's reasoning: the same question, the same calls).
 * A turn that answered with text and tool calls, sent back as two assistant messages (the text,
 * then the calls without it: the OpenAI Agents SDK on chat completions), is found as the one turn
 * it was.
 * Two conversations the digest cannot tell apart (identical up to the turn, instructions and
 * `user` included) that reasoned differently get the reasoning of the one answered last: the
 * model saw the same thing in both, so either reasoning is one it gave for that very turn, and
 * nothing of one conversation reaches another that the other did not hold already. (Holding
 * neither, as before, left a job that runs the same prompt again, an eval or a cron task, with
 * an empty `reasoning_content` on every replayed turn from its second run on.) An entry's time
 * to live counts from when it was last restored, not from when it was made: a long session
 * keeps its turns.
 */
import { createHash } from "node:crypto";
import type { AssistantMessage, ChatMessage, ToolCall } from "../providers/types.js";
import { BoundedTtlMap, type BoundedTtlMapOptions } from "../util/bounded-ttl-map.js";
import { ConversationDigests, canonicalToolCalls } from "./conversation-digest.js";
import { followsSplitOffText } from "./split-turn-text.js";

/**
 * How long and how much `ReasoningMemory` keeps: `maxEntries` turns for `ttlMs` ms each (the
 * gateway uses 10,000 and one hour), and at most `maxWeight` characters of keys and reasoning (32
 * MiB by default).
 */
export type ReasoningMemoryOptions = BoundedTtlMapOptions & {
  /** Characters of keys and reasoning held at most; the oldest turns go first (32 MiB). */
  maxWeight?: number;
};

/**
 * Held for a turn that conversations alike but for their instructions made with different
 * reasoning: restore neither's by the conversation without instructions.
 */
const AMBIGUOUS = null;

function turnKey(before: string, calls: readonly ToolCall[]): string {
  return createHash("sha256")
    .update(before)
    .update("\n")
    .update(canonicalToolCalls(calls))
    .digest("base64");
}

/**
 * The keys a replayed turn at `index` may be known by: the conversation before it, then, for a
 * turn whose text a client sent as a message of its own at `splitAt`, the conversation before that.
 */
function turnKeys(
  digests: ConversationDigests,
  index: number,
  splitAt: number | undefined,
  calls: readonly ToolCall[],
): string[] {
  // Digests are taken in increasing order of index.
  const beforeSplit = splitAt === undefined ? undefined : turnKey(digests.at(splitAt), calls);
  const asSent = turnKey(digests.at(index), calls);
  return beforeSplit === undefined ? [asSent] : [asSent, beforeSplit];
}

/**
 * The longest `reasoning_content` looked up as a possible last delta. The official `openai`
 * client's `chat.completions.stream()` helper assigns each delta's unknown fields over the last
 * one, so a streamed turn it gives back carries the last delta of its reasoning alone, a few
 * tokens; longer reasoning a client sends is taken as it is, without a lookup.
 */
const LAST_DELTA_MAX_CHARS = 256;

function mayBeLastDelta(reasoning: string): boolean {
  return reasoning.length <= LAST_DELTA_MAX_CHARS;
}

/** `given` is the end of `whole` and shorter: a tail of the turn's reasoning, not all of it. */
function isTailOf(given: string, whole: string): boolean {
  return given.length < whole.length && whole.endsWith(given);
}

/** What an entry costs: its key and its reasoning, in characters. */
const KEY_WEIGHT = 44;

/**
 * The gateway's memory of the `reasoning_content` of the tool-call turns it answered, keyed by the
 * conversation before each turn and its calls, so that a client replaying a turn without its
 * reasoning (most OpenAI clients drop it) gets it back before the request reaches Moonshot, which
 * refuses such a turn while thinking is on.
 */
export class ReasoningMemory {
  private readonly entries: BoundedTtlMap<string, string>;
  /**
   * A turn's key in `entries` by the conversation before it without its instructions, or
   * AMBIGUOUS when conversations told apart only by their instructions reasoned differently.
   */
  private readonly keysWithoutInstructions: BoundedTtlMap<string, string | typeof AMBIGUOUS>;

  constructor(options: ReasoningMemoryOptions) {
    // Reasoning can be long: at most 32 MiB of it, however many entries that is.
    this.entries = new BoundedTtlMap<string, string>({
      maxWeight: 32 * 1024 * 1024,
      weigh: (reasoning) => KEY_WEIGHT + reasoning.length,
      ...options,
    });
    const { maxWeight: _reasoningBytes, ...bounds } = options;
    this.keysWithoutInstructions = new BoundedTtlMap<string, string | typeof AMBIGUOUS>(bounds);
  }

  /** Turns remembered now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Remembers the reasoning of `message`, an assistant turn that made tool calls, answered to the
   * conversation `history` of a request whose `user` was `scope`.
   */
  remember(
    history: readonly ChatMessage[],
    scope: string | undefined,
    message: AssistantMessage,
  ): void {
    const calls = message.tool_calls;
    const reasoning = message.reasoning_content;
    // An empty one too: a turn made with thinking off only for a forced tool choice (see
    // withForcedOffReasoning). The client is not shown it, but the next request, not forced,
    // thinks, and without it Moonshot would refuse that turn before the runtime added it.
    if (!calls || calls.length === 0 || reasoning === undefined) return;
    const key = turnKey(new ConversationDigests(history, scope).at(history.length), calls);
    this.entries.set(key, reasoning);
    const looseKey = turnKey(
      new ConversationDigests(history, scope, { withoutInstructions: true }).at(history.length),
      calls,
    );
    const knownKey = this.keysWithoutInstructions.get(looseKey);
    // Another conversation, alike but for its instructions, made the same calls: its reasoning
    // must not reach this one, nor this one's it, unless they reasoned alike (or it is gone).
    const knownReasoning = typeof knownKey === "string" ? this.entries.get(knownKey) : undefined;
    const alike =
      knownKey === undefined ||
      knownKey === key ||
      (knownKey !== AMBIGUOUS && (knownReasoning === undefined || knownReasoning === reasoning));
    this.keysWithoutInstructions.set(looseKey, alike ? key : AMBIGUOUS);
  }

  /**
   * Fills in `reasoning_content` on replayed tool-call turns that lack it, or carry only a tail
   * of the turn's own (the last streamed delta, see LAST_DELTA_MAX_CHARS), from the request's
   * `messages` (and its `user`, `scope`). Mutates the given messages (they are the gateway's own
   * parse of the request) and returns how many it restored.
   */
  restore(messages: ChatMessage[], scope: string | undefined): number {
    if (this.entries.size === 0) return 0;
    let digests: ConversationDigests | undefined;
    let looseDigests: ConversationDigests | undefined;
    let restored = 0;
    for (let index = 0; index < messages.length; index++) {
      const message = messages[index] as ChatMessage;
      if (message.role !== "assistant") continue;
      const calls = message.tool_calls;
      const given = message.reasoning_content;
      if (!calls || calls.length === 0 || (given && !mayBeLastDelta(given))) continue;
      // The turn as sent, or as the one turn it was before a client split its text off.
      const splitAt = followsSplitOffText(messages, index) ? index - 1 : undefined;
      digests ??= new ConversationDigests(messages, scope);
      let key = turnKeys(digests, index, splitAt, calls).find(
        (k) => this.entries.get(k) !== undefined,
      );
      if (key === undefined) {
        // Not known under these instructions: perhaps under the ones it was answered under.
        looseDigests ??= new ConversationDigests(messages, scope, { withoutInstructions: true });
        for (const looseKey of turnKeys(looseDigests, index, splitAt, calls)) {
          const keyAnswered = this.keysWithoutInstructions.get(looseKey);
          if (typeof keyAnswered !== "string") continue;
          this.keysWithoutInstructions.set(looseKey, keyAnswered);
          key = keyAnswered;
          break;
        }
        if (key === undefined) continue;
      }
      const reasoning = this.entries.get(key);
      if (typeof reasoning !== "string" || (given && !isTailOf(given, reasoning))) continue;
      // Kept from now on, and evicted last: a conversation replays its first turns on every
      // request, and an agent session that outlives the time to live would otherwise get them back with
      // empty reasoning mid-session (another prompt to the model, its cached prefix lost).
      this.entries.set(key, reasoning);
      message.reasoning_content = reasoning;
      restored++;
    }
    return restored;
  }

  /** Drops expired entries; called from a timer so memory shrinks when traffic stops. */
  sweep(): void {
    this.entries.sweep();
    this.keysWithoutInstructions.sweep();
  }

  /** Forgets every turn. */
  clear(): void {
    this.entries.clear();
    this.keysWithoutInstructions.clear();
  }
}
