/**
 * `stream_options.include_obfuscation` (chat completions and /v1/responses): OpenAI pads each
 * streamed delta with an `obfuscation` field of random characters, so that a watcher of the
 * network cannot tell the text from the sizes of the events. The gateway's events carry no such
 * field: asked for with `true`, the client is told (an x-openclaw-notes line) rather than left to
 * believe its stream is padded; `false` asks for what is done anyway. A value that is not a
 * boolean is refused, as OpenAI refuses it. Pure.
 */
import { describe } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The note for `include_obfuscation: true`, or a 400 for a value that is not a boolean. */
export function obfuscationNote(includeObfuscation: unknown): string | undefined {
  if (includeObfuscation === undefined || includeObfuscation === null) return undefined;
  if (typeof includeObfuscation !== "boolean")
    throw badRequest(
      `stream_options.include_obfuscation must be a boolean, got ${describe(includeObfuscation)}`,
      "stream_options.include_obfuscation",
      "invalid_type",
    );
  if (!includeObfuscation) return undefined;
  return "stream_options.include_obfuscation true not applied: this gateway's stream events carry no obfuscation padding, so their sizes follow the text; leave it out, or keep the link to the gateway on a network you trust";
}
