/**
 * A run's time budget (`RunOptions.budgetMs`): the whole run, every retry, fallback and search
 * request included, ends by it. A retry whose wait would end past it is not waited for (no
 * retry could answer in time), and the next model of the chain is tried while time is left;
 * each attempt is cut at it. When nothing answered in time, the run fails with one timeout that
 * names each model's failure and the budget.
 */
import { ProviderError } from "../providers/errors.js";
import { describeWait } from "../providers/retry-after.js";
import type { Timeouts } from "../providers/types.js";

/** What a run's hint says to do when its budget ran out (the CLI says its own flag instead). */
export const BUDGET_HINT = "raise budgetMs (the run's time limit), or try again later";

/** The failures `RunDeadline.error` made: each already tells every model of the run. */
const budgetFailures = new WeakSet<object>();

/** Whether `error` is a run's failure for its budget, which names each model's failure itself. */
export function isBudgetFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && budgetFailures.has(error);
}

export class RunDeadline {
  /** Each model's story, in the order tried: what it did before the budget ran out. */
  private readonly story: { ref: string; words: string; error?: ProviderError }[] = [];
  /** Set once the budget stopped a retry or a model: the run then fails with `error()`. */
  private stopped = false;
  /** Attempts sent so far. */
  private attempts = 0;

  constructor(
    private readonly budgetMs: number,
    private readonly endsAt: number,
    private readonly clock: () => number,
  ) {}

  /** Milliseconds left (0 once past). */
  left(): number {
    return Math.max(0, this.endsAt - this.clock());
  }

  /**
   * The attempt's per-attempt limits, its total cut at what is left of the budget: the first
   * attempt's at the whole budget (what went before it is the run's own preparation), each
   * later one's at what is left.
   */
  attemptTimeouts(timeouts: Timeouts | undefined): Timeouts {
    const left = this.attempts++ === 0 ? this.budgetMs : Math.max(1, Math.ceil(this.left()));
    const total = timeouts?.totalMs;
    return {
      ...timeouts,
      totalMs: total === undefined || total <= 0 ? left : Math.min(total, left),
    };
  }

  /**
   * Whether a retry of `error`'s model after `delayMs` would start past the budget: then it is
   * not waited for, and that is kept for the run's failure.
   */
  retryPasses(error: ProviderError, delayMs: number): boolean {
    if (this.clock() + delayMs < this.endsAt) return false;
    const wait = error.retryAfterMs ?? delayMs;
    const asked = error.retryAfterMs !== undefined ? ", the wait the provider asked for" : "";
    this.story.push({
      ref: refOf(error),
      words: `the next try was due in ${describeWait(wait)}${asked}, past that deadline, after: ${error.message}`,
      error,
    });
    this.stopped = true;
    return true;
  }

  /** A model left for the next one for a failure of its own (kept for the run's failure). */
  movedOn(error: ProviderError): void {
    this.story.push({ ref: refOf(error), words: error.message, error });
  }

  /** Whether the budget is spent before `ref` is tried (then it is not, and that is kept). */
  spentBefore(ref: string): boolean {
    if (this.left() > 0) return false;
    this.story.push({ ref, words: "not tried, no time was left" });
    this.stopped = true;
    return true;
  }

  /** Whether the budget stopped the run (a retry not waited for, a model not tried). */
  get ended(): boolean {
    return this.stopped;
  }

  /**
   * The run's failure: one model's words alone when it was the only one the run came to, else
   * each model's in the order tried. Its class is `timeout`; its provider and model are those of
   * the last model a request was sent to.
   */
  error(fallbacks: boolean): ProviderError {
    const about = this.story.findLast((part) => part.error !== undefined)?.error;
    const within = `within ${this.budgetMs} ms (the whole call, retries${fallbacks ? " and fallbacks" : ""} included)`;
    const only = this.story.length === 1 ? this.story[0] : undefined;
    const message = only
      ? `no complete answer from ${only.ref} ${within}: ${only.words}`
      : `no complete answer ${within}: ${this.story.map((part) => `${part.ref}: ${part.words}`).join("; ")}`;
    const failure = new ProviderError({
      errorClass: "timeout",
      message,
      provider: about?.provider ?? "unknown",
      model: about?.model ?? "unknown",
      hint: BUDGET_HINT,
      ...(about ? { cause: about } : {}),
    });
    budgetFailures.add(failure);
    return failure;
  }
}

function refOf(error: ProviderError): string {
  return `${error.provider}/${error.model}`;
}
