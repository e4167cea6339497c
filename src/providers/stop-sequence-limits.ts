/**
 * A request's stop sequences against what the model's endpoint takes (`compat.maxStopSequences`,
 * `compat.maxStopSequenceBytes`; Moonshot documents 5 of at most 32 bytes). A request over either
 * is the caller's to change for this model: it is refused before it is sent, naming the entry
 * (`stop`, `stop[1]`), the limit and the model, where the endpoint would answer with a 400 about
 * `stop` after a round trip. An endpoint without limits (a custom one) is sent any. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { quoted } from "../util/client-value.js";

/** Throws `request.invalid` when `stop` is more or longer than `model`'s endpoint takes. */
export function checkStopSequences(
  model: ResolvedModel,
  stop: string | string[] | undefined,
): void {
  if (stop === undefined) return;
  const { maxStopSequences: most, maxStopSequenceBytes: longest } = model.compat;
  const entries = typeof stop === "string" ? [stop] : stop;
  if (most !== undefined && entries.length > most)
    throw refusal(
      "stop",
      `has ${entries.length} entries, and ${model.ref} takes at most ${most}: send ${most} or fewer`,
    );
  if (longest === undefined) return;
  entries.forEach((entry, index) => {
    const bytes = Buffer.byteLength(entry, "utf8");
    if (bytes <= longest) return;
    const where = typeof stop === "string" ? "stop" : `stop[${index}]`;
    throw refusal(
      where,
      `${quoted(entry)} is ${bytes} bytes in UTF-8, and ${model.ref} takes at most ${longest} bytes a stop sequence: shorten it`,
    );
  });
}

function refusal(where: string, what: string): OpenClawError {
  return new OpenClawError("request.invalid", `${where} ${what}`, { where });
}
