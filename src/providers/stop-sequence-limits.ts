/**
 * A request's stop sequences against what the model's endpoint takes (`compat.maxStopSequences`,
 * `compat.maxStopSequenceBytes`; Moonshot documents 5 of at most 32 bytes). A request over either
 * is the caller's to change for this model: it is refused before it is sent, naming the entry
 * as the library's other refusals name a request's fields (`request.stop`, `request.stop[1]`), the
 * limit and the model, where the endpoint would answer with a 400 about
 * `stop` after a round trip. Stop sequences the config's `params` send are the config's to change,
 * and are refused naming that path. An endpoint without limits (a custom one) is sent any. Pure.
 */
import { isStopValue, stopLimitProblem } from "../catalog/stop-limits.js";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";

/** Throws `request.invalid` when the caller's `stop` is more or longer than `model` takes. */
export function checkStopSequences(
  model: ResolvedModel,
  stop: string | string[] | undefined,
): void {
  if (stop === undefined) return;
  const problem = stopLimitProblem(model, stop, "request.stop", "send");
  if (problem)
    throw new OpenClawError("request.invalid", `${problem.where} ${problem.what}`, {
      where: problem.where,
    });
}

/**
 * Throws `config.params_invalid` when the `stop` the model's `params` send (the caller sent none) is
 * more or longer than `model` takes.
 */
export function checkConfiguredStopSequences(model: ResolvedModel): void {
  const stop = model.params.stop;
  if (!isStopValue(stop)) return;
  const path = `agents.defaults.models["${model.ref}"].params.stop`;
  const problem = stopLimitProblem(model, stop, path, "keep");
  if (problem)
    throw new OpenClawError("config.params_invalid", `${problem.where} ${problem.what}`, {
      where: path,
      hint: `change ${path} in the config, or remove it`,
    });
}
