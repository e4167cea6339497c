/**
 * Notes of a request's adjustments that stand while a chat's settings do, said once per chat.
 * Chat sends no sampling values or extra request fields of its own: a `params.temperature` 0.7 on
 * kimi-k2.5 (sent as 1, the only value it takes while it thinks), a temperature above a model's
 * highest, a `params.service_tier` Moonshot has no use for, a model the config says takes no
 * tools… are the same on every turn while the config keeps them; so is what becomes of the level
 * `/think` set (`thinking "high" sent as on`, or not sent to a model the config calls
 * non-reasoning) while the level and the model stay. A chat printed the same note before each
 * answer. Such a note is said the first time for its model and text, and again only when its text
 * changes (another `/think` level, thinking switched off changes the temperature sent). So is a
 * repair of the chat's own history (an empty answer left out, a tool call left without result):
 * the message stays in the conversation, so every later turn, and every tool round of a turn,
 * made the same repair and printed the same line. A second empty answer changes its text (both
 * indexes), so it is said again. Every other adjustment is said each time it comes.
 */

/**
 * The adjustments whose cause is the config, by the words of their makers: known-fixed-sampling's
 * note, build-chat-request's lowered temperature, response_format and tools-left-out notes, and
 * openai-platform-fields' fields not sent (in chat these come only from a model's params).
 */
const FROM_CONFIG: readonly RegExp[] = [
  /: the only values? \S+ takes (?:while it thinks|with thinking off) \(Moonshot fixes /,
  /^temperature \S+ lowered to \S+, the highest \S+ accepts$/,
  /^(?:service_tier \S.*|prediction|verbosity \S.*) not sent: /,
  /^response_format/,
  /: \S+ does not support tools \(compat\.supportsTools is false\)$/,
];

/**
 * What build-chat-request says of a thinking level it was asked (in chat, `/think`'s): sent as
 * on, not sent or ignored (a model the config calls non-reasoning), not applied (a model that
 * always thinks), or sent as another effort (Kimi K3).
 */
const FROM_THINKING_LEVEL: readonly RegExp[] = [
  /^thinking "\w+" (?:sent as on|not sent|ignored|not applied|sent as reasoning effort "\w+"): /,
  /^reasoning effort "\w+" sent as "\w+": /,
];

/**
 * What conversation-repair says of a message the history holds: an empty assistant message (or,
 * for Kimi Code, an empty system one) left out, a tool call without result, an empty tool result.
 */
const FROM_HISTORY: readonly RegExp[] = [
  /^left out the empty [a-z ]+ messages? at index [\d, ]+ \(/,
  /^tool calls? \S.* had no result /,
  /^tool results? \S.* had no text: sent as /,
];

/** Whether `note` says a repair of a message the conversation already holds. */
export function isHistoryRepairNote(note: string): boolean {
  return FROM_HISTORY.some((pattern) => pattern.test(note));
}

/** Whether `note` (one of a `start` event's adjustments) is caused by the config. */
export function isConfigCausedNote(note: string): boolean {
  return FROM_CONFIG.some((pattern) => pattern.test(note));
}

/** Whether `note` says what became of the thinking level asked (in chat, set by `/think`). */
export function isThinkingLevelNote(note: string): boolean {
  return FROM_THINKING_LEVEL.some((pattern) => pattern.test(note));
}

/**
 * A chat's memory of the standing notes it said: `shouldSay(model, note)` is false for such a
 * note already said for `model` in this chat, true for everything else (and records it).
 */
export function standingNotesSaidOnce(): (model: string, note: string) => boolean {
  const said = new Set<string>();
  return (model, note) => {
    const standing =
      isConfigCausedNote(note) || isThinkingLevelNote(note) || isHistoryRepairNote(note);
    if (!standing) return true;
    const key = `${model}\n${note}`;
    if (said.has(key)) return false;
    said.add(key);
    return true;
  };
}
