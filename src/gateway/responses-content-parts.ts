/**
 * The content of a Responses message, and a tool's output, as chat-completions content: text,
 * refusal and image parts; a tool output's images apart, for the user message after the tool
 * results. Where each image part came from is kept (`imageOrigins`) for errors that name it.
 * Pure: no I/O.
 */
import { quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";
import type { KeptPlace } from "./response-history.js";

type Obj = Record<string, unknown>;

/**
 * Where the client put an image part of the chat body: the `input` part it was
 * (`input[4].output[0]`), or a turn of the conversation `previous_response_id` continues, with
 * the response and the part there where the kept history knows them.
 */
export type ImageOrigin = { input: string } | { earlier: KeptPlace | undefined };

/**
 * Where each image part of the chat body came from: a tool output's image moves into a user
 * message after the tool results, so its chat position is not where the client put it.
 */
export const imageOrigins = new WeakMap<Obj, ImageOrigin>();

/** What an item of the conversation `previous_response_id` continues is called in errors. */
export const EARLIER = "previous_response_id";

/**
 * A text, refusal or image part of a Responses message, as a chat-completions content part;
 * `images` says why an image cannot be here (undefined where it can: a user message).
 */
function convertPart(
  part: unknown,
  at: string,
  images: string | undefined,
  earlier?: KeptPlace,
): Obj {
  if (!isRecord(part)) throw badRequest(`${at} must be an object`, at, "invalid_type");
  switch (part.type) {
    case "input_text":
    case "output_text":
      if (typeof part.text !== "string")
        throw badRequest(`${at}.text must be a string`, `${at}.text`, "invalid_type");
      return { type: "text", text: part.text };
    case "refusal":
      // An assistant's refusal (OpenAI's output form, replayed): what it said, as its text.
      if (typeof part.refusal !== "string")
        throw badRequest(`${at}.refusal must be a string`, `${at}.refusal`, "invalid_type");
      return { type: "text", text: part.refusal };
    case "input_image": {
      if (images !== undefined) throw badRequest(`${at} is an image: ${images}`, `${at}.type`);
      if (typeof part.image_url !== "string") {
        throw badRequest(
          `${at}.image_url must be a URL or data URL string (file_id images are not supported)`,
          `${at}.image_url`,
          "invalid_type",
        );
      }
      const image = { type: "image_url", image_url: { url: part.image_url } };
      if (at.startsWith("input[")) imageOrigins.set(image, { input: at });
      else if (at.startsWith(EARLIER)) {
        // The part's path in its item, after the item's place in its own turn.
        const field = `${earlier?.field}${at.slice(EARLIER.length)}`;
        imageOrigins.set(image, { earlier: earlier && { ...earlier, field } });
      }
      return image;
    }
    default:
      throw badRequest(
        `${at}.type must be "input_text", "output_text", "refusal" or "input_image", got ${quoted(part.type)}${unreadPartAdvice(part.type)}`,
        `${at}.type`,
        "unsupported_value",
      );
  }
}

/**
 * What to send in place of a part OpenAI reads and no provider here does, as chat completions
 * says it of its `file` part: a file's text, an audio's transcript. "" for any other type.
 */
function unreadPartAdvice(type: unknown): string {
  if (type === "input_file")
    return ": an input_file part (a PDF, say) is not read here, so put the file's text in an input_text part";
  if (type === "input_audio")
    return ": audio is not heard here, so put a transcript of it in an input_text part";
  return "";
}

/**
 * A message's content: a string stays a string; parts become chat parts (all-text ones a
 * string). `images` and `earlier` (the kept item's place) as for `convertPart`.
 */
export function convertContent(
  content: unknown,
  at: string,
  images?: string,
  earlier?: KeptPlace,
): unknown {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) {
    throw badRequest(`${at} must be a string or an array of parts`, at, "invalid_type");
  }
  const parts = content.map((part, i) => convertPart(part, `${at}[${i}]`, images, earlier));
  if (parts.every((part) => part.type === "text")) return parts.map((part) => part.text).join("");
  return parts;
}

/**
 * A tool output as the tool message's text, and the images in it apart: a chat tool message
 * holds text only, so the images (Codex's view_image answers with one) go to the model in a user
 * message after the tool results, and the text says so.
 */
export function toolOutput(
  output: unknown,
  at: string,
  earlier?: KeptPlace,
): { content: unknown; images: Obj[] } {
  if (!Array.isArray(output))
    return { content: convertContent(output, at, undefined, earlier), images: [] };
  const parts = output.map((part, i) => convertPart(part, `${at}[${i}]`, undefined, earlier));
  const images = parts.filter((part) => part.type === "image_url");
  const text = parts
    .flatMap((part) => (part.type === "text" ? [part.text as string] : []))
    .join("");
  if (images.length === 0) return { content: text, images };
  const told = toolImagesTold(images.length);
  return { content: text === "" ? told : `${text}\n${told}`, images };
}

/** What a tool result's text says of the images taken out of it into the next user message. */
export function toolImagesTold(count: number): string {
  return `[${count === 1 ? "an image" : `${count} images`} returned: shown in the user message after the tool results]`;
}

/**
 * How many parts of `content` (a message's content or a tool output) carry a
 * `prompt_cache_breakpoint` (null is not given): the parts are rebuilt without it, as chat
 * completions takes it out of its parts, and the client is told. A string has none.
 */
export function breakpointsIn(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let count = 0;
  for (const part of content)
    if (
      isRecord(part) &&
      part.prompt_cache_breakpoint !== undefined &&
      part.prompt_cache_breakpoint !== null
    )
      count++;
  return count;
}

export function toolImagesCaption(callId: string, count: number): { type: "text"; text: string } {
  return {
    type: "text",
    text: `${count === 1 ? "The image" : `The ${count} images`} returned by tool call ${callId}:`,
  };
}
