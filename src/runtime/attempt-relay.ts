/**
 * One attempt's call to its transport, and the events it sends on to the run's caller: the
 * first `start` carries what the run has to say of the model (a preparation note, values learned,
 * that a fallback may follow), and the relay remembers whether content reached the caller (no
 * retry then), when it first did, the `done` event, and a failure that was the consumer's own.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { ProviderError } from "../providers/errors.js";
import type { StreamEvent, Transport, TransportCall } from "../providers/types.js";
import { isPromiseLike } from "../util/promise-like.js";
import type { RuntimeSink } from "./types.js";

export type DoneEvent = Extract<StreamEvent, { type: "done" }>;

const CONTENT_EVENTS: ReadonlySet<StreamEvent["type"]> = new Set([
  "text",
  "reasoning",
  "tool_call_delta",
  "tool_call",
]);

/** What the first `start` of a model's attempts says; each note is said once, then done with. */
export interface StartNotes {
  /** What the preparation could not do as asked. */
  prepared: string | undefined;
  /** The sampling values the model is known to take, sent in place of the caller's. */
  known?: string | undefined;
  /** Values learned of the model, as a refusal's retry said them once. */
  learned: string[];
  /** A later model of the chain may answer if this one fails. */
  fallbackMayFollow: boolean;
}

/** One attempt's relay: what it tells the run once the attempt is over. */
export class AttemptRelay {
  /** Some text, reasoning or tool-call event reached the caller. */
  emitted = false;
  /** When the first of those did (the run's clock). */
  firstTokenAt: number | undefined = undefined;
  done: DoneEvent | undefined = undefined;
  /** What the caller's sink threw or rejected with: the consumer's to report, as is. */
  consumerFailure: { error: unknown } | undefined = undefined;

  constructor(
    private readonly emit: RuntimeSink,
    private readonly clock: () => number,
    private readonly notes: StartNotes,
  ) {}

  /** Sends one transport event on to the caller (a returned promise: wait for it). */
  readonly forward = (event: StreamEvent): void | Promise<void> => {
    if (!this.emitted && CONTENT_EVENTS.has(event.type)) {
      this.emitted = true;
      this.firstTokenAt = this.clock();
    }
    if (event.type === "done") this.done = event;
    const told = event.type === "start" ? this.withNotes(event) : event;
    let wait: unknown;
    try {
      wait = this.emit(told);
    } catch (error) {
      this.consumerFailure ??= { error };
      throw error;
    }
    // A sink's other return values (`events.push(e)`'s count, `res.write`'s boolean) mean nothing.
    if (!isPromiseLike(wait)) return;
    return Promise.resolve(wait).then(
      () => undefined,
      (error: unknown) => {
        this.consumerFailure ??= { error };
        throw error;
      },
    );
  };

  /** The first `start` of a model's attempts, with what the run has to say of it. */
  private withNotes(event: Extract<StreamEvent, { type: "start" }>): StreamEvent {
    const notes = this.notes;
    let start = event;
    if (notes.prepared !== undefined) {
      start = { ...start, adjustments: [...(start.adjustments ?? []), notes.prepared] };
      notes.prepared = undefined;
    }
    if (notes.known !== undefined) {
      start = { ...start, adjustments: [...(start.adjustments ?? []), notes.known] };
      notes.known = undefined;
    }
    if (notes.learned.length > 0) {
      start = { ...start, learned: notes.learned };
      notes.learned = [];
    }
    if (notes.fallbackMayFollow) start = { ...start, fallbackMayFollow: true };
    return start;
  }
}

/**
 * Makes `call` with `transport`, its events through `relay`; resolves with the `done` event, or
 * throws: what the transport threw, or a network failure for a stream that ended without one.
 */
export async function sendAttempt(
  transport: Transport,
  call: TransportCall,
  relay: AttemptRelay,
): Promise<DoneEvent> {
  if (transport.run) {
    await transport.run(call, relay.forward);
  } else {
    for await (const event of transport.stream(call)) {
      const wait = relay.forward(event);
      if (wait) await wait;
    }
  }
  const done = relay.done;
  if (!done) throw incomplete(call.model);
  return done;
}

function incomplete(model: ResolvedModel): ProviderError {
  return new ProviderError({
    errorClass: "network",
    message: `the stream from ${model.ref} ended before the answer was complete`,
    provider: model.provider,
    model: model.id,
  });
}
