/**
 * The media type of an Anthropic base64 image block, checked before it becomes a data URL: the
 * upstream reads the image by the type the URL names, so a missing one must not be guessed and a
 * wrong one must not be passed on. Anthropic refuses both with a 400 naming the field; so do we,
 * and say which type the bytes are when their first bytes tell it.
 */
import { describe, quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The image types the Anthropic Messages API takes in a base64 source. */
const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

const TAKEN = '"image/jpeg", "image/png", "image/gif" or "image/webp"';

/** Base64 characters enough for the 12 bytes the signatures below look at. */
const HEAD_CHARS = 16;

function startsWith(bytes: Buffer, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The image type the first bytes of base64 `data` are, or undefined when they tell none. */
export function sniffImageType(data: string): ImageMediaType | undefined {
  const head = Buffer.from(data.slice(0, HEAD_CHARS), "base64");
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  return undefined;
}

/** What the bytes were found to be, for the end of a refusal. */
function bytesSay(found: ImageMediaType | undefined): string {
  return found === undefined
    ? `one of ${TAKEN}, the format of its data`
    : `"${found}": its data is a ${found.slice("image/".length).toUpperCase()} image`;
}

/**
 * The media type of the base64 source at `where` (`messages[0].content[1].source`), checked
 * against the list Anthropic takes and against `data`'s first bytes; a refusal names the field.
 */
export function checkedImageMediaType(mediaType: unknown, data: string, where: string): string {
  const found = sniffImageType(data);
  const field = `${where}.media_type`;
  if (mediaType === undefined || mediaType === null)
    throw badRequest(
      `${field} is required for a base64 image (the upstream reads the image by it, and it is not guessed): send ${bytesSay(found)}`,
      field,
      "missing_required_parameter",
    );
  if (typeof mediaType !== "string")
    throw badRequest(
      `${field} must be a string, got ${describe(mediaType)}: send ${bytesSay(found)}`,
      field,
      "invalid_type",
    );
  if (!(IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType))
    throw badRequest(
      `${field} ${quoted(mediaType)} is not one the Anthropic Messages API takes (${TAKEN}): send ${bytesSay(found)}`,
      field,
      "invalid_value",
    );
  if (found !== undefined && found !== mediaType)
    throw badRequest(
      `${where}.data is a ${found.slice("image/".length).toUpperCase()} image, but ${field} says "${mediaType}": set media_type to "${found}"`,
      `${where}.data`,
      "invalid_value",
    );
  return mediaType;
}
