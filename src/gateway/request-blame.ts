/**
 * Which part of a client's chat request a refusal is about, when the refusal does not say but
 * the request shows it: an image or a video sent to a model that does not take it, an empty text a provider
 * will not take. The 400 then names that field (`messages[1].content`) as OpenAI's own errors do,
 * and says what to change in the request rather than in the gateway's config. Pure.
 */
import type { ChatMessage } from "../providers/types.js";

export interface Blame {
  /** The field at fault, as the client sent it (`messages[0].content[1].image_url`). */
  param: string;
  /** What to change, in place of a hint about the config. */
  hint: string;
  /** The refusal's message in the client's terms, when the library's names the field otherwise. */
  message?: string;
  /** The error's `code` for the client, when the field's refusal has one of its own. */
  code?: string;
  /** An image's refusal: why the model would not take it (`moonshot/x does not accept images`). */
  reason?: string;
}

/** Where, in the conversation `previous_response_id` continues, a refused image was. */
export interface EarlierImage {
  /** The response whose turn held it. */
  response: string;
  /** Its part there (`input[1].content[2]`). */
  field: string;
}

/** What an image part's URL is called in a chat or Responses request, after the part's path. */
export const IMAGE_FIELD = ".image_url";

/** Where a client finds the models that take images, and how the config says one does. */
const MODELS_WITH_IMAGES = `GET /v1/models: supports_image_in; in the config, "input": ["text", "image"]`;

/**
 * An image refused as OpenAI refuses an image it cannot use (`invalid_value`, the part's
 * `image_url` as `param`), with the sentence Codex CLI looks for in a 400's body: on it, Codex
 * swaps the image its last tool output held for a placeholder and sends the turn again, instead
 * of resending the image, and so this refusal, with every later turn of the session.
 */
export function imageRefusal(part: string, reason: string): Blame {
  const param = `${part}${IMAGE_FIELD}`;
  return {
    param,
    code: "invalid_value",
    message: `Invalid '${param}': ${reason.replace(/\.$/, "")}. The image data you provided does not represent a valid image input for this model.`,
    hint: `drop the image at ${part}, or ask for a model that takes images (${MODELS_WITH_IMAGES})`,
    reason,
  };
}

/**
 * An image refused that is in the conversation `previous_response_id` continues, not in this
 * request: it names the earlier turn where the kept history knows it, and since no part of this
 * request holds the image, Codex's sentence (for an image it can swap) is left out.
 */
export function earlierImageRefusal(image: EarlierImage | undefined, reason: string): Blame {
  const where = image ? ` (response ${image.response}, ${image.field}${IMAGE_FIELD})` : "";
  // What to do is in the message: a refusal of the gateway's own keeps its hint (the config's).
  return {
    param: "previous_response_id",
    code: "invalid_value",
    message: `Invalid 'previous_response_id': an image in the conversation previous_response_id continues${where} cannot be sent: ${reason.replace(/\.$/, "")}. To go on, start a new conversation without that image (send the turns you need in input, without previous_response_id), or ask for a model that takes images.`,
    hint: MODELS_WITH_IMAGES,
  };
}

/** Upstream wordings of "this message has no text" (Kimi Code: "text content is empty"). */
const EMPTY_TEXT = /content is empty|must not be empty|empty (?:text|content|message)/i;
/** Upstream wordings of "this model takes no images". */
const NO_IMAGES = /image/i;

const IMAGE_CODES: ReadonlySet<string> = new Set([
  "image_not_supported",
  "request.image_unsupported",
  "request.string_content_required",
]);

/** Where the request's first part of `type` is (`messages[1].content[0]`), if it has one. */
function firstPartOf(
  messages: readonly ChatMessage[],
  type: "image_url" | "video_url",
): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const content = messages[i]?.content;
    if (!Array.isArray(content)) continue;
    const j = content.findIndex((part) => part.type === type);
    if (j >= 0) return `messages[${i}].content[${j}]`;
  }
  return undefined;
}

/**
 * A video refused before sending (`video_not_supported`): the part is named, in the message
 * too, and the refusal's hint (the configured models that take video) is what to do.
 */
function videoRefusal(error: Error, messages: readonly ChatMessage[]): Blame | undefined {
  const part = firstPartOf(messages, "video_url");
  if (part === undefined) return undefined;
  const hint = (error as { hint?: unknown }).hint;
  return {
    param: part,
    code: "video_not_supported",
    message: `${part} is a video_url part, which cannot be sent: ${error.message}`,
    hint: typeof hint === "string" ? hint : `drop the video at ${part}`,
  };
}

/**
 * A partial assistant message refused before sending (`partial_mode_unsupported`): the request's
 * last message, whose `partial` flag is what no model of the chain takes; the refusal's own words.
 */
function partialRefusal(error: Error, messages: readonly ChatMessage[]): Blame | undefined {
  const hint = (error as { hint?: unknown }).hint;
  if (messages.length === 0 || typeof hint !== "string") return undefined;
  return { param: `messages[${messages.length - 1}].partial`, hint };
}

function isBlank(content: unknown): boolean {
  if (content === "") return true;
  return (
    Array.isArray(content) &&
    content.every(
      (part: unknown) =>
        typeof part === "object" &&
        part !== null &&
        (part as { type?: unknown }).type === "text" &&
        (part as { text?: unknown }).text === "",
    )
  );
}

function firstBlankMessage(messages: readonly ChatMessage[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    // An assistant turn with tool calls needs no text; the gateway sends it without content.
    if (message?.role === "assistant" && (message.tool_calls?.length ?? 0) > 0) continue;
    // A tool result without text goes upstream as "(no output)" (conversation-repair): not it.
    if (message?.role === "tool") continue;
    if (message && isBlank(message.content)) return `messages[${i}].content`;
  }
  return undefined;
}

/** A provider's refusal, naming the model that refused (its words seldom do). */
function refusedBy(error: Error): string {
  const { provider, model } = error as { provider?: unknown; model?: unknown };
  const ref = `${String(provider)}/${String(model)}`;
  return error.message.includes(ref) ? error.message : `${ref} refused it: ${error.message}`;
}

/** Where a refused tool schema sits: `tools[N].function.parameters` (the runtime's `where`). */
const TOOL_PARAMETERS = /^tools\[(\d+)\]\.function\.parameters$/;
/**
 * A stop sequence more or longer than the model takes: `request.stop`, `request.stop[1]` (the
 * runtime's `where`), the client's `stop`, `stop[1]`.
 */
export const STOP_FIELD = /^request\.(stop(?:\[\d+\])?)$/;

/**
 * A refusal of the runtime's `request.stop` (or an entry of it) told as the client's field: its
 * `param` (`stop[1]`) and its message naming that; undefined for any other refusal.
 */
export function stopRefusalInClientTerms(
  where: unknown,
  message: string,
): { param: string; message: string } | undefined {
  if (typeof where !== "string" || !message.startsWith(where)) return undefined;
  const param = STOP_FIELD.exec(where)?.[1];
  return param === undefined ? undefined : { param, message: param + message.slice(where.length) };
}

/**
 * The client's field a failure is about, if it can be told from the request. `error` is what
 * the run threw: an OpenClawError (by `code`) or a provider's refusal (`errorClass`
 * `bad_request`, judged by its message). `legacyFunctions`: the client sent its tools as the
 * deprecated `functions`, so a tool's schema is `functions[N].parameters`.
 */
export function blameRequest(
  error: unknown,
  messages: readonly ChatMessage[],
  legacyFunctions = false,
): Blame | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code === "request.tool_schema") {
    const where = (error as { where?: unknown }).where;
    const index = typeof where === "string" ? TOOL_PARAMETERS.exec(where)?.[1] : undefined;
    if (index === undefined) return undefined;
    const hint = (error as { hint?: unknown }).hint;
    return {
      param: legacyFunctions ? `functions[${index}].parameters` : (where as string),
      hint: typeof hint === "string" ? hint : `fix the schema at ${where}`,
    };
  }
  if (code === "video_not_supported") return videoRefusal(error, messages);
  if (code === "partial_mode_unsupported") return partialRefusal(error, messages);
  if (code === "request.invalid") {
    const told = stopRefusalInClientTerms((error as { where?: unknown }).where, error.message);
    if (told) return { param: told.param, hint: told.message, message: told.message };
  }
  const upstreamRefusal = (error as { errorClass?: unknown }).errorClass === "bad_request";
  if (
    (typeof code === "string" && IMAGE_CODES.has(code)) ||
    (upstreamRefusal && NO_IMAGES.test(error.message))
  ) {
    const part = firstPartOf(messages, "image_url");
    if (part) return imageRefusal(part, upstreamRefusal ? refusedBy(error) : error.message);
  }
  if (upstreamRefusal && EMPTY_TEXT.test(error.message)) {
    const param = firstBlankMessage(messages);
    if (param) {
      return {
        param,
        hint: `${param} has no text, which this provider refuses: send some text there, or leave the message out`,
      };
    }
  }
  return undefined;
}
