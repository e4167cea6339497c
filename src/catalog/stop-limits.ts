/**
 * Stop sequences against what a model's endpoint takes (`compat.maxStopSequences`,
 * `compat.maxStopSequenceBytes`; Moonshot documents 5 of at most 32 bytes): the rule the request
 * builder refuses a request by, and `config validate` a config's `params.stop` by, so both say
 * the same. Pure.
 */
import { quoted } from "../util/client-value.js";
import type { Compat } from "./types.js";

export interface StopLimitProblem {
  /** The field at fault: `field` itself, or one entry of it (`field[1]`). */
  where: string;
  /** What is wrong after the field's name (`has 6 entries, and … takes at most 5: send 5 or fewer`). */
  what: string;
}

/**
 * What is wrong with `stop` for the model `ref` (its endpoint's `compat`), or undefined when it
 * fits. `field` names it; `verb` says what to do (`send` for a caller, `keep` for a config).
 */
export function stopLimitProblem(
  model: { ref: string; compat: Pick<Compat, "maxStopSequences" | "maxStopSequenceBytes"> },
  stop: string | readonly string[],
  field: string,
  verb: "send" | "keep",
): StopLimitProblem | undefined {
  const { maxStopSequences: most, maxStopSequenceBytes: longest } = model.compat;
  const entries = typeof stop === "string" ? [stop] : stop;
  if (most !== undefined && entries.length > most)
    return {
      where: field,
      what: `has ${entries.length} entries, and ${model.ref} takes at most ${most}: ${verb} ${most} or fewer`,
    };
  if (longest === undefined) return undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as string;
    const bytes = Buffer.byteLength(entry, "utf8");
    if (bytes <= longest) continue;
    return {
      where: typeof stop === "string" ? field : `${field}[${index}]`,
      what: `${quoted(entry)} is ${bytes} bytes in UTF-8, and ${model.ref} takes at most ${longest} bytes a stop sequence: shorten it`,
    };
  }
  return undefined;
}

/** The limits `compat` sets on a stop, in words (`at most 5 entries, each at most 32 bytes`). */
export function stopLimitsText(
  compat: Pick<Compat, "maxStopSequences" | "maxStopSequenceBytes">,
): string {
  const { maxStopSequences: most, maxStopSequenceBytes: longest } = compat;
  const parts = [
    ...(most === undefined ? [] : [`at most ${most} ${most === 1 ? "entry" : "entries"}`]),
    ...(longest === undefined ? [] : [`each at most ${longest} bytes`]),
  ];
  return parts.join(", ");
}

/** Whether `value` is a stop the limits apply to: a string or a list of strings. */
export function isStopValue(value: unknown): value is string | string[] {
  return (
    typeof value === "string" ||
    (Array.isArray(value) && value.every((entry) => typeof entry === "string"))
  );
}
