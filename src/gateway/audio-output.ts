/**
 * OpenAI's audio answers (`modalities: ["text", "audio"]` with `audio: {voice, format}`): the
 * gateway's answers carry text only, whatever the provider (Moonshot and Kimi Code have no audio
 * output, and an answer's `message.audio` is not relayed), so a request for one is refused,
 * naming the field, rather than answered in text as if the audio had been made. `modalities`
 * asking for text alone is what every answer is, and is not sent on. Pure.
 */
import { describe, quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

const TEXT_ONLY =
  'this gateway answers in text only (no model it serves answers with audio); leave it out, or send "modalities": ["text"]';

/** Refuses a request for an audio answer, or a `modalities` that is not a list of names. */
export function checkTextAnswer(body: Obj): void {
  const modalities = body.modalities;
  if (modalities !== undefined && modalities !== null) {
    if (!Array.isArray(modalities) || modalities.some((entry) => typeof entry !== "string")) {
      throw badRequest(
        `modalities must be an array of strings such as ["text"], got ${describe(modalities)}`,
        "modalities",
        "invalid_type",
      );
    }
    const other = modalities.find((entry) => entry !== "text");
    if (other !== undefined) {
      throw badRequest(
        `modalities asks for ${quoted(other)}: ${TEXT_ONLY}`,
        "modalities",
        "unsupported_value",
      );
    }
  }
  const audio = body.audio;
  if (audio !== undefined && audio !== null) {
    throw badRequest(
      `audio (the voice and format of a spoken answer) asks for an audio answer: ${TEXT_ONLY}`,
      "audio",
      "unsupported_parameter",
    );
  }
}
