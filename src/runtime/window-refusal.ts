/**
 * Moonshot's refusal of a request whose input plus answer cap is over the window, told with its
 * limit alone ("Your request exceeded model token limit: 262144", no "(requested: N)"): to lower
 * the cap it chose, the runtime needs the input's size, which the refusal does not say. It is
 * counted once after the refusal: by the provider's token-count endpoint where it has one
 * (Moonshot; Kimi Code documents none), else by the local estimate, which the correction then
 * gives a wider margin (estimate.ts, `answerCapFromRefusal`).
 */
import type { ResolvedModel } from "../catalog/types.js";
import type { ProviderError } from "../providers/errors.js";
import type { ChatRequest } from "../providers/types.js";
import type { CancelSignal } from "../util/cancellation.js";
import { estimateRequestTokens, type PromptCount } from "./estimate.js";
import type { CountlessBaseUrls } from "./prepare-request.js";
import { type countTokensRemote, hasTokenCountEndpoint } from "./token-count.js";

/** Where the attempt stood when the provider refused it over the window. */
export interface LimitRefusalState {
  model: ResolvedModel;
  request: ChatRequest;
  apiKey: string | undefined;
  /** Content already reached the caller: nothing may be sent again. */
  emitted: boolean;
  /** The caller capped the answer itself: that cap is not lowered for it. */
  callerCapped: boolean;
  /** The cap was lowered after a refusal already: one correction per request, never a loop. */
  capLowered: boolean;
  signal?: CancelSignal | undefined;
}

/**
 * The input's count for correcting `error`, a refusal that told the window alone; undefined for
 * any other refusal, or when no correction may follow (see `LimitRefusalState`). A count the
 * endpoint cannot give (down, refusing, a proxy without the path in `countless`) leaves the local
 * estimate: the count only sizes the retry. A cancelled run is told so by the attempt loop.
 */
export async function countAfterLimitRefusal(
  error: ProviderError,
  state: LimitRefusalState,
  countTokens: typeof countTokensRemote,
  countless: CountlessBaseUrls | undefined,
): Promise<PromptCount | undefined> {
  if (error.overflow?.by !== "provider_limit") return undefined;
  if (state.emitted || state.callerCapped || state.capLowered) return undefined;
  const { model, request } = state;
  if (hasTokenCountEndpoint(model) && !countless?.has(model.baseUrl)) {
    try {
      const tokens = await countTokens(model, request, state.apiKey, state.signal);
      return { tokens, exact: true };
    } catch {
      // The local estimate stands in, with its wider margin.
    }
  }
  return { tokens: estimateRequestTokens(request), exact: false };
}
