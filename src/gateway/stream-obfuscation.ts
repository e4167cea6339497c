/**
 * `stream_options.include_obfuscation` (chat completions and /v1/responses): OpenAI pads each
 * streamed delta with an `obfuscation` field of random characters, so that a watcher of the
 * network cannot tell the text from the sizes of the events. The gateway's events carry no such
 * field: asked for with `true`, the client is told (an x-openclaw-notes line) rather than left to
 * believe its stream is padded; `false` asks for what is done anyway. A value that is not a
 * boolean is refused, as OpenAI refuses it. `stream_options` itself is checked here for both
 * doors alike (`streamOptionsNote`): an object, and only on a streamed request, as OpenAI's docs
 * of both APIs ask and its chat completions refuse otherwise; before, /v1/responses took it on a
 * request that did not stream. Pure.
 */
import { describe } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
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

/**
 * A `stream_options` given (not null: callers read it first): a 400 when it is no object (the
 * message shows `example`, the door's own field) or when the request does not stream (`stream`
 * false or not given; a `stream` of another type is refused as that), else the note for its
 * `include_obfuscation`.
 */
export function streamOptionsNote(
  streamOptions: unknown,
  stream: unknown,
  example: string,
): string | undefined {
  if (!isRecord(streamOptions))
    throw badRequest(
      `stream_options must be an object such as ${example}, got ${describe(streamOptions)}`,
      "stream_options",
      "invalid_type",
    );
  // OpenAI refuses it so: a client that sends it unstreamed would be refused there too.
  if (stream === undefined || stream === null || stream === false)
    throw badRequest(
      'stream_options is only allowed when stream is enabled ("stream": true); leave it out of a request that is not streamed',
      "stream_options",
    );
  return obfuscationNote(streamOptions.include_obfuscation);
}
