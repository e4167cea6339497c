/**
 * A chat-completions request's `stop`: checked, empty sequences left out with a note. Pure.
 */
import { describe } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The `stop` to send upstream, if any, and the note for empty sequences left out. */
type StopSequences = Readonly<{ stop?: string | string[]; note?: string }>;

/** `stop` not given (absent or null): nothing to send, nothing to note. */
const NO_STOP: StopSequences = Object.freeze({});

/**
 * `stop`: a string or an array of strings. A refusal names the entry that is not a string
 * (`stop[1]`) and the kind of value sent, as the other fields' refusals do; before, it said only
 * "stop must be a string or an array of strings" of a whole list.
 *
 * An empty stop sequence is left out, with a note: OpenAI takes "" (its check is of the type
 * alone), so a client that works there must not be refused here, and an empty sequence has no
 * text to stop at. Sent on, it was the provider's to read: stop at once, or be refused.
 * An empty list, `stop: []`, is taken as no stop sequences and sends no `stop`: clients written
 * for vLLM, Ollama and the like send it for "none" (LangChain, OpenLLM's default), and it asks for
 * nothing that is lost. OpenAI refuses it (at least one entry) and Moonshot does not say what it
 * does with one; refused here as OpenAI does, such a client could not work at all, and
 * `/v1/messages` takes Anthropic's `stop_sequences: []` the same way.
 *
 * No stop, the common case, returns one shared object: the gateway's request path avoids an
 * allocation per request where it can.
 */
export function stopSequences(stop: unknown): StopSequences {
  if (stop === undefined || stop === null) return NO_STOP;
  if (stop === "") return { note: emptyStopNote("stop") };
  if (typeof stop === "string") return { stop };
  if (!Array.isArray(stop)) {
    throw badRequest(
      `stop must be a string or an array of strings (stop sequences such as ["END", "Observation:"]), got ${describe(stop)}`,
      "stop",
      "invalid_type",
    );
  }
  if (stop.length === 0) return NO_STOP;
  const index = stop.findIndex((entry) => typeof entry !== "string");
  if (index >= 0) {
    throw badRequest(
      `stop[${index}] must be a string, got ${describe(stop[index])}: each stop sequence is text`,
      `stop[${index}]`,
      "invalid_type",
    );
  }
  if (!stop.includes("")) return { stop: stop as string[] };
  const empty = stop.flatMap((entry, i) => (entry === "" ? [`stop[${i}]`] : []));
  const kept = (stop as string[]).filter((entry) => entry !== "");
  return {
    ...(kept.length > 0 ? { stop: kept } : {}),
    note: emptyStopNote(empty.join(", ")),
  };
}

/** The note for empty stop sequences left out (`stop[1]`, or `stop` sent as ""). */
function emptyStopNote(where: string): string {
  return `${where} "" not sent: an empty stop sequence has no text to stop at; leave it out of stop`;
}
