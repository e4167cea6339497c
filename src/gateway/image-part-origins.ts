/**
 * Where the image parts of a chat body came from in the client's own request. The Responses and
 * Messages routes build chat messages whose positions differ from the client's (items split,
 * tool results moved, a system prompt put first); each notes an image part's origin as it makes
 * the part, and a refusal of an image then names it where the client put it. Pure.
 */
import { isRecord } from "../util/is-record.js";

type Obj = Record<string, unknown>;

/** The origins `origins` holds of `messages`' image parts, by chat position (`messages[5].content[1]`). */
export function imagePartOrigins<T>(
  messages: readonly Obj[],
  origins: WeakMap<Obj, T>,
): Map<string, T> {
  const found = new Map<string, T>();
  messages.forEach((message, i) => {
    if (!Array.isArray(message.content)) return;
    message.content.forEach((part: unknown, j) => {
      const origin = isRecord(part) ? origins.get(part) : undefined;
      if (origin !== undefined) found.set(`messages[${i}].content[${j}]`, origin);
    });
  });
  return found;
}
