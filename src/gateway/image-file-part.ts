/**
 * A chat `file` part that holds an image (`{"type": "file", "file": {"file_data":
 * "data:image/png;base64,…", "filename": "image-0.png"}}`), as LlamaIndex's OpenAI class sends
 * every image given to it as data and a media type. The models here read images in `image_url`
 * parts, so such a part becomes one, in place: it then meets the checks any image meets (a model
 * that takes no images refuses it as such). A file part holding anything else is not an image,
 * and is left to the refusal that says to send its text. Pure.
 */
import { isRecord } from "../util/is-record.js";

const IMAGE_DATA_URL = /^data:image\//i;

/** Rewrites `part` into an `image_url` part if it is a file part holding an image; says if it was. */
export function takeImageFilePart(part: Record<string, unknown>): boolean {
  if (part.type !== "file" || !isRecord(part.file)) return false;
  const data = part.file.file_data;
  if (typeof data !== "string" || !IMAGE_DATA_URL.test(data)) return false;
  part.type = "image_url";
  part.image_url = { url: data };
  delete part.file;
  return true;
}
