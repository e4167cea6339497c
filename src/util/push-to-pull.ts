/**
 * Turns a push-style producer (it calls `sink(item)` and may await the returned promise) into an
 * async iterator. Items queue up and are handed out one by one; once 64 are waiting, the producer's
 * `sink` call blocks until the consumer catches up. `onStop(finished)` runs when iteration ends,
 * also when the consumer stops early, so the producer can be cancelled.
 *
 * `interruption`, when given, is asked before each item is handed out: once it is `active()`
 * (the consumer's signal fired), the items still queued are dropped, since the consumer asked for
 * no more, and the iterator throws: the producer's own failure when it fails (it was told to
 * stop), or `interruption.error()` when it had already finished before the consumer read it all.
 */
export interface Interruption {
  active(): boolean;
  error(): unknown;
}

const HIGH_WATER_MARK = 64;

export async function* pushToPull<T>(
  start: (sink: (item: T) => Promise<void> | undefined) => Promise<unknown>,
  onStop: (finished: boolean) => void,
  interruption?: Interruption,
): AsyncGenerator<T> {
  const queue: (T | undefined)[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  // One gate shared by every push made while the queue is full: all of them resume together.
  let gate: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  /** Forgets what was handed out (or dropped) and lets the pushes waiting at the gate go on. */
  const emptyQueue = () => {
    queue.length = 0;
    head = 0;
    const go = release;
    gate = undefined;
    release = undefined;
    go?.();
  };
  start((item) => {
    queue.push(item);
    if (wake) wake();
    if (queue.length - head < HIGH_WATER_MARK) return undefined;
    gate ??= new Promise<void>((resolve) => {
      release = resolve;
    });
    return gate;
  }).then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = { error };
      wake?.();
    },
  );
  try {
    while (true) {
      // A consumer that has had every item and the end (an abort after the last one) just ends.
      if (interruption?.active() && !(finished && head === queue.length)) {
        // What the producer pushes while it stops is dropped too.
        while (true) {
          emptyQueue();
          if (finished || failure) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        if (failure) throw failure.error;
        throw interruption.error();
      }
      if (head < queue.length) {
        const item = queue[head] as T;
        queue[head++] = undefined;
        if (head === queue.length) emptyQueue();
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    release?.();
    onStop(finished);
  }
}
