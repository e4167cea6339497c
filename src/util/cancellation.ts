/**
 * A light stand-in for AbortController/AbortSignal on the hot path. On Node 20 every
 * AbortController costs the young-generation GC dearly (measured: a loop that only creates them
 * runs 11–14 ms scavenges, against under 1 ms for plain objects), which stalls every request in
 * flight. The gateway creates one per request, so it uses this instead; a real AbortSignal still
 * fits wherever a `CancelSignal` is asked for.
 */

/** What a call listens to: a function, or an object with `handleEvent` (as EventTarget allows). */
export type AbortListener =
  | (() => void)
  | {
      /** Called when the call is cancelled. */
      handleEvent(): void;
    };

/** The part of AbortSignal that calls use. A real AbortSignal is one. */
export interface CancelSignal {
  /** Whether the call was cancelled; once true it stays true. */
  readonly aborted: boolean;
  /** Why it was cancelled (what `abort` was given); undefined until then. */
  readonly reason: unknown;
  /**
   * Calls `listener` when the call is cancelled. Not called for a signal already cancelled: check
   * `aborted` first.
   */
  addEventListener(type: "abort", listener: AbortListener, options?: { once?: boolean }): void;
  /** Stops `listener` from being called; a listener never added is ignored. */
  removeEventListener(type: "abort", listener: AbortListener): void;
}

/** Controller and signal in one: `abort(reason)` once, listeners told once, in order. */
export class Cancellation implements CancelSignal {
  /** Whether `abort` was called. */
  aborted = false;
  /**
   * What `abort` was given, or an Error "This operation was aborted" when it was given nothing;
   * undefined until then.
   */
  reason: unknown = undefined;
  private listeners: AbortListener[] | undefined;

  /**
   * Cancels: sets `aborted` and `reason`, then calls each listener once, in the order added. A
   * second call does nothing.
   */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new Error("This operation was aborted");
    const listeners = this.listeners;
    this.listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      if (typeof listener === "function") listener();
      else listener.handleEvent();
    }
  }

  /**
   * Calls `listener` once on `abort` (every listener is a once listener; the same one added twice
   * is called once). Ignored after `abort`.
   */
  addEventListener(type: "abort", listener: AbortListener): void {
    // Every listener is a `once` listener: the signal fires at most once.
    if (type !== "abort" || this.aborted) return;
    this.listeners ??= [];
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  /** Stops `listener` from being called on `abort`. */
  removeEventListener(type: "abort", listener: AbortListener): void {
    const listeners = this.listeners;
    if (type !== "abort" || !listeners) return;
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }
}

/** A real AbortSignal for APIs that need one (fetch, undici), following `signal`. */
export function toAbortSignal(signal: CancelSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}

/**
 * Whether a signal's reason says its time limit passed rather than that someone cancelled:
 * `AbortSignal.timeout(ms)`'s reason, a DOMException named TimeoutError (or any reason so named).
 */
export function isTimeoutReason(reason: unknown): boolean {
  return (reason as { name?: unknown } | null | undefined)?.name === "TimeoutError";
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function abortableSleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** One follower per caller's AbortSignal, however many calls share it (see `sharedFollower`). */
const followers = new WeakMap<AbortSignal, Cancellation>();

/**
 * What the library's calls listen to in place of a caller's AbortSignal: a `Cancellation` aborted
 * with the signal's reason, the same one for every call given that signal. A program that shares
 * one signal among many calls (a shutdown signal, a batch's controller) would otherwise get one
 * listener per call in flight on it, and from the 11th Node prints a MaxListenersExceededWarning
 * on the program's stderr. This way the signal holds one listener, added once and gone with it,
 * and the caller's signal is left as it was (its max-listeners setting untouched).
 * A signal that is not an AbortSignal (a `Cancellation`) prints no warning and is used as is.
 */
export function sharedFollower(signal: CancelSignal): CancelSignal {
  if (!(signal instanceof AbortSignal) || signal.aborted) return signal;
  let follower = followers.get(signal);
  if (!follower) {
    const created = new Cancellation();
    signal.addEventListener("abort", () => created.abort(signal.reason), { once: true });
    followers.set(signal, created);
    follower = created;
  }
  return follower;
}
