/**
 * A thinking setting of another provider's API on a chat request (Qwen's `enable_thinking`,
 * OpenRouter's `reasoning` object), read as the thinking level for a model on Moonshot's thinking
 * format, which ignores such fields. Each field's own module says how its value reads as a level;
 * this one does what they share: which models it applies to, the field taken out of the upstream
 * request, the level set unless the request set its own, and the note saying which. Pure.
 */
import type { ThinkingFormat } from "../catalog/types.js";
import type { ThinkingLevel } from "../providers/types.js";
import type { GatewayModel } from "./model-directory.js";
import type { ParsedChatRequest } from "./validate-request.js";

/** The thinking formats that read Moonshot's switch or effort, and no other API's field. */
export function readsMoonshotThinking(format: ThinkingFormat | undefined): boolean {
  return format === "moonshot" || format === "moonshot-effort";
}

/**
 * The field's value when `target` (for `openclaw`, its primary) is on Moonshot's thinking format
 * and the request holds it among the fields sent as they are; undefined (leave the request as
 * it is) otherwise. `ref` is the model to name in a refusal or note.
 */
export function foreignThinkingValue(
  parsed: ParsedChatRequest,
  target: GatewayModel,
  field: string,
): { value: unknown; ref: string } | undefined {
  const extraBody = parsed.request.extraBody;
  if (extraBody === undefined || !(field in extraBody)) return undefined;
  if (!readsMoonshotThinking(target.thinkingFormat)) return undefined;
  return { value: extraBody[field], ref: target.chain?.[0] ?? target.id };
}

/**
 * `parsed` without `field` upstream, its thinking level `level` unless the request set one itself
 * (`thinking`, `reasoning_effort`…: then those win), and a note saying which. `asked` quotes the
 * field as the client sent it, `ownName` says whose setting it is, `aside` ends the note.
 */
export function withForeignThinking<Parsed extends ParsedChatRequest>(
  parsed: Parsed,
  told: {
    field: string;
    ownName: string;
    ref: string;
    asked: string;
    level: ThinkingLevel;
    aside?: string;
  },
): Parsed {
  const { field, ownName, ref, asked, level, aside = "" } = told;
  const { [field]: _taken, ...rest } = parsed.request.extraBody ?? {};
  const request = { ...parsed.request };
  if (Object.keys(rest).length > 0) request.extraBody = rest;
  else delete request.extraBody;
  const notRead = `${ref} does not read ${field} (${ownName})`;
  let note: string;
  if (request.thinking !== undefined) {
    note = `${asked} not used: ${request.thinkingAsked ?? "the request's thinking"} sets the thinking level, and ${notRead}, so it is not sent${aside}`;
  } else {
    request.thinking = level;
    request.thinkingAsked = asked;
    note = `${asked} read as thinking ${level}, and not sent: ${notRead}, only Moonshot's own thinking setting${aside}`;
  }
  return { ...parsed, request, leftOut: [...(parsed.leftOut ?? []), note] };
}
