/**
 * A request's stop sequences against what the model's endpoint takes (`compat.maxStopSequences`,
 * `compat.maxStopSequenceBytes`; Moonshot documents 5 of at most 32 bytes). A request over either
 * is the caller's to change for this model: it is refused before it is sent, naming the entry
 * as the library's other refusals name a request's fields (`request.stop`, `request.stop[1]`), the
 * limit and the model, where the endpoint would answer with a 400 about
 * `stop` after a round trip. Stop sequences the config's `params` send are the config's to change,
 * and are refused naming that path. An endpoint without limits (a custom one) is sent any. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { quoted } from "../util/client-value.js";

/** Throws `request.invalid` when the caller's `stop` is more or longer than `model` takes. */
export function checkStopSequences(
  model: ResolvedModel,
  stop: string | string[] | undefined,
): void {
  if (stop === undefined) return;
  const problem = stopProblem(model, stop, "request.stop", "send");
  if (problem)
    throw new OpenClawError("request.invalid", problem.message, { where: problem.where });
}

/**
 * Throws `config.params_invalid` when the `stop` the model's `params` send (the caller sent none) is
 * more or longer than `model` takes.
 */
export function checkConfiguredStopSequences(model: ResolvedModel): void {
  const stop = model.params.stop;
  const strings =
    typeof stop === "string" ||
    (Array.isArray(stop) && stop.every((entry) => typeof entry === "string"));
  if (!strings) return;
  const path = `agents.defaults.models["${model.ref}"].params.stop`;
  const problem = stopProblem(model, stop as string | string[], path, "keep");
  if (problem)
    throw new OpenClawError("config.params_invalid", problem.message, {
      where: path,
      hint: `change ${path} in the config, or remove it`,
    });
}

function stopProblem(
  model: ResolvedModel,
  stop: string | string[],
  field: string,
  verb: "send" | "keep",
): { where: string; message: string } | undefined {
  const { maxStopSequences: most, maxStopSequenceBytes: longest } = model.compat;
  const entries = typeof stop === "string" ? [stop] : stop;
  if (most !== undefined && entries.length > most)
    return {
      where: field,
      message: `${field} has ${entries.length} entries, and ${model.ref} takes at most ${most}: ${verb} ${most} or fewer`,
    };
  if (longest === undefined) return undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as string;
    const bytes = Buffer.byteLength(entry, "utf8");
    if (bytes <= longest) continue;
    const where = typeof stop === "string" ? field : `${field}[${index}]`;
    return {
      where,
      message: `${where} ${quoted(entry)} is ${bytes} bytes in UTF-8, and ${model.ref} takes at most ${longest} bytes a stop sequence: shorten it`,
    };
  }
  return undefined;
}
