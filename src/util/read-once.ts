/**
 * A stream of events as the library hands it out (`runtime.stream`, `runAgent`): its events come
 * once. An async generator that was read to its end, stopped by a loop that left early, or failed
 * gives a second `for await` nothing, not a word said; this one refuses the second loop with an
 * OpenClawError (code `usage`) saying the stream is read once and what to do instead.
 * `next()`, `return()` and `throw()` keep the generator's own protocol (done once over).
 */
import { OpenClawError } from "../errors.js";

/** What the refusal says: which call made the stream, and what to do instead. */
export interface ReadOnceAdvice {
  /** The call that made the stream, as a program writes it (`runtime.stream(options)`). */
  call: string;
  /** The error's `where`: that call's name (`stream`, `runAgent`). */
  where: string;
  /** What the program can do instead, after "call it again for a new run". */
  instead: string;
}

type Over = "ended" | "stopped" | "failed";

const HOW_IT_WENT: Record<Over, string> = {
  ended: "was read to its end",
  stopped: "was stopped by a loop that left it early (break, return or a throw)",
  failed: "failed, with the error its loop got",
};

/** `generator`, whose second `for await` (once it is over) throws instead of ending at once. */
export function readOnce<T, R, N>(
  generator: AsyncGenerator<T, R, N>,
  advice: ReadOnceAdvice,
): AsyncGenerator<T, R, N> {
  let over: Over | undefined;
  const watch = (
    step: Promise<IteratorResult<T, R>>,
    onDone: Over,
  ): Promise<IteratorResult<T, R>> =>
    step.then(
      (result) => {
        if (result.done) over ??= onDone;
        return result;
      },
      (error: unknown) => {
        over ??= "failed";
        throw error;
      },
    );
  const once: AsyncGenerator<T, R, N> = {
    next: (...args) => watch(generator.next(...args), "ended"),
    return: (value) => watch(generator.return(value), "stopped"),
    throw: (error: unknown) => watch(generator.throw(error), "failed"),
    [Symbol.asyncIterator]: () => {
      if (over) throw readTwiceError(advice, over);
      return once;
    },
  };
  return once;
}

function readTwiceError(advice: ReadOnceAdvice, over: Over): OpenClawError {
  return new OpenClawError(
    "usage",
    `the stream ${advice.call} gave ${HOW_IT_WENT[over]}: a stream's events are handed out once, so a second for await would get none`,
    {
      where: advice.where,
      hint: `keep what you need from the events in the first loop, or call ${advice.call} again for a new run; ${advice.instead}`,
      exitCode: 2,
    },
  );
}
