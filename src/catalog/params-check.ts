/**
 * What `config validate` (and `doctor`, the gateway's start and reload) says about a model's
 * `params` that the request builder would refuse: a `stop` in `agents.defaults.models[ref].params`
 * more or longer than the model's endpoint takes. Every request to that model that sends no stop
 * of its own fails with `config.params_invalid`, so it is told up front, at its file and line.
 */
import { formatPath } from "../config/index.js";
import { singleQuoted } from "../util/shell-word.js";
import { type Catalog, canonicalRef } from "./build.js";
import type { CatalogFinding } from "./check.js";
import { resolveModel } from "./resolve.js";
import { isStopValue, stopLimitProblem, stopLimitsText } from "./stop-limits.js";
import type { ResolvedModel } from "./types.js";

/** Each `params.stop` over its model's limits, at its dotted path (the entry at fault). */
export function stopParamsOverLimits(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    const stop = (entry.params as Record<string, unknown> | undefined)?.stop;
    if (!isStopValue(stop)) continue;
    let model: ResolvedModel;
    try {
      model = resolveModel(catalog, canonicalRef(key));
    } catch {
      continue; // a ref that names nothing is reported as such
    }
    const path = formatPath(["agents", "defaults", "models", key, "params", "stop"]);
    const problem = stopLimitProblem(model, stop, path, "keep");
    if (!problem) continue;
    out.push({
      level: "error",
      // The entry at fault (`…params.stop[1]`) when one is too long; printed before the message.
      path: problem.where,
      message: `${problem.what.replace(/^has /, "")}; every request to ${model.ref} that sends no stop of its own is refused`,
      hint: `change it, or remove it: openclaw config unset ${singleQuoted(path)}`,
      // Refused by `config set`, the stop is not in the file: there is nothing to unset.
      setHint: `set a stop ${model.ref} takes (${stopLimitsText(model.compat)}), or leave ${path} out`,
    });
  }
  return out;
}

/** Keys of `params` every request sets itself, so a value there is dropped unsaid. */
const OVERWRITTEN_PARAMS: Record<string, string> = {
  max_tokens: "the output cap sent is params.maxTokens",
  max_completion_tokens: "the output cap sent is params.maxTokens",
  model: "each request names its model itself",
  messages: "each request sends its own messages",
  stream: "each request sets whether it streams",
};

/**
 * Each key of a model's `params` that the request builder replaces (`max_tokens`, the API's own
 * name, as Moonshot's docs write it): a warning at its dotted path, with the key that works.
 */
export function paramsNeverSent(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    const params = (entry.params ?? {}) as Record<string, unknown>;
    for (const [name, why] of Object.entries(OVERWRITTEN_PARAMS)) {
      if (!Object.hasOwn(params, name)) continue;
      const path = formatPath(["agents", "defaults", "models", key, "params", name]);
      const value = params[name];
      const cap = name === "max_tokens" || name === "max_completion_tokens";
      const rename =
        cap && typeof value === "number"
          ? `write it as maxTokens: openclaw config set ${singleQuoted(formatPath(["agents", "defaults", "models", key, "params", "maxTokens"]))} ${value}, then openclaw config unset ${singleQuoted(path)}`
          : `remove it: openclaw config unset ${singleQuoted(path)}`;
      out.push({
        level: "warning",
        path,
        message: `is not sent: ${why}, so this value is dropped from every request`,
        hint: rename,
      });
    }
  }
  return out;
}
