/**
 * Turns a push-style producer (it calls `sink(item)` and may await the returned promise) into an
 * async iterator. Items queue up and are handed out one by one; once 64 are waiting, the producer's
 * `sink` call blocks until the consumer catches up. `onStop(finished)` runs when iteration ends,
 * also when the consumer stops early, so the producer can be cancelled.
 */
const HIGH_WATER_MARK = 64;

export async function* pushToPull<T>(
  start: (sink: (item: T) => Promise<void> | undefined) => Promise<unknown>,
  onStop: (finished: boolean) => void,
): AsyncGenerator<T> {
  const queue: (T | undefined)[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  // One gate shared by every push made while the queue is full: all of them resume together.
  let gate: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
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
      if (head < queue.length) {
        const item = queue[head] as T;
        queue[head++] = undefined;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
          const go = release;
          gate = undefined;
          release = undefined;
          go?.();
        }
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
