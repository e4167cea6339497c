/**
 * Whether a model thinks as the gateway serves it, for `GET /v1/models` (`supports_reasoning`),
 * which clients read to decide whether to show reasoning. The config's `reasoning` says it for
 * most models, but the spec's own config calls kimi-k2.5 non-reasoning, and kimi-k2.5 and the K2
 * models after it think unless told not to on Moonshot's endpoints: the gateway sends their
 * thinking switch, replays their reasoning and treats them as thinking models once they answer
 * with reasoning. Kimi K3 always thinks.
 */
import { thinksUnlessToldNot } from "../catalog/thinks-unless-told.js";
import type { ResolvedModel } from "../catalog/types.js";

export function servedAsThinking(model: ResolvedModel): boolean {
  if (model.reasoning) return true;
  const format = model.compat.thinkingFormat;
  if (format === "moonshot-effort") return true;
  return thinksUnlessToldNot(model);
}
