/**
 * The refusal of a request whose last message is an assistant message with `"partial": true`
 * (Moonshot's partial mode: the start of the answer, for the model to go on from) when no model
 * of its chain can continue a prompt (catalog/continues-prompt.ts). An endpoint without the mode
 * takes that message as an earlier turn and answers anew: a wrong answer with no error, so
 * nothing is sent. The gateway retells it for its own routes (`/v1/completions` sends its prompt
 * so); the words are made here, once, for both. Pure.
 */
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import type { ResolvedModel } from "../catalog/types.js";
import { shellPath } from "../config/index.js";
import { leaveOutOfInspect, OpenClawError } from "../errors.js";

/** Who cannot continue: the models refused, their providers, and the edit that declares the mode. */
export interface PartialModeLack {
  /** The refs refused, the chain's order. */
  models: readonly string[];
  /** Their providers, each once. */
  providers: readonly string[];
  /** The edit that declares the mode for the first model's provider (see declarePartialMode). */
  declare: string;
}

/**
 * The edit that declares the mode for `provider`: the `config set` (after the state dir's prefix
 * a gateway a program started needs), or the change to the config object a program gave it.
 */
export function declarePartialMode(provider: string, words: RetiredFixWords | undefined): string {
  if (words?.configObject !== undefined)
    return `set models.providers.${provider}.compat.supportsPartialMode to true in ${words.configObject}`;
  const path = shellPath(["models", "providers", provider, "compat", "supportsPartialMode"]);
  return `${words?.prefix ?? ""}openclaw config set ${path} true`;
}

/**
 * The refusal's message and hint: `sends` says how the request came to end in the partial
 * message, `wayRound` what the client can send instead (the hint's first choice).
 */
export function partialModeWords(
  lack: PartialModeLack,
  sends: string,
  wayRound: string,
): { message: string; hint: string } {
  const { models, providers } = lack;
  const subject = models.length === 1 ? `${models[0]} cannot` : `none of ${models.join(", ")} can`;
  const whose =
    providers.length === 1
      ? `provider ${providers[0]} is`
      : `providers ${providers.join(", ")} are`;
  const first = providers[0] as string;
  return {
    message: `${subject} continue a prompt: ${sends}, and ${whose} not known to take it; an endpoint without it answers anew`,
    hint: `${wayRound}, or, if ${first}'s endpoint takes partial mode, declare it: ${lack.declare}`,
  };
}

/** How a request that ends in a partial assistant message is told it did. */
const ENDS_PARTIAL =
  'the request ends in an assistant message with "partial": true (Moonshot\'s partial mode: the start of the answer, to go on from)';
const DROP_PARTIAL =
  'drop "partial": true to have the message taken as an earlier turn, or ask for a model that continues a prompt';

/** `partial_mode_unsupported`: no model of a run's chain can continue a prompt. */
export class PartialModeError extends OpenClawError {
  readonly lack: PartialModeLack;
  constructor(lack: PartialModeLack, where: string) {
    const { message, hint } = partialModeWords(lack, ENDS_PARTIAL, DROP_PARTIAL);
    super("partial_mode_unsupported", message, { hint, where });
    this.name = "PartialModeError";
    this.lack = lack;
  }

  static {
    leaveOutOfInspect(PartialModeError, ["lack"]);
  }
}

/** The refusal for `chain` (not empty), none of whose models continues a prompt. */
export function partialModeUnsupported(
  chain: readonly ResolvedModel[],
  words: RetiredFixWords | undefined,
): PartialModeError {
  const first = chain[0] as ResolvedModel;
  const lack: PartialModeLack = {
    models: chain.map((model) => model.ref),
    providers: [...new Set(chain.map((model) => model.provider))],
    declare: declarePartialMode(first.provider, words),
  };
  return new PartialModeError(lack, first.ref);
}
