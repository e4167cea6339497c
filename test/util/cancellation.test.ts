import { describe, expect, it } from "vitest";
import { abortableSleep } from "../../src/runtime/index.js";
import { Cancellation, toAbortSignal } from "../../src/util/cancellation.js";

describe("Cancellation", () => {
  it("tells each listener once, in order, with the reason available", () => {
    const cancellation = new Cancellation();
    const heard: string[] = [];
    const first = () => heard.push(`fn:${String(cancellation.reason)}`);
    const second = { handleEvent: () => heard.push("object") };
    cancellation.addEventListener("abort", first);
    cancellation.addEventListener("abort", first); // the same listener twice counts once
    cancellation.addEventListener("abort", second);
    cancellation.abort("client gone");
    cancellation.abort("again");
    expect(heard).toEqual(["fn:client gone", "object"]);
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe("client gone");
  });

  it("forgets removed listeners and gives a reason when none is passed", () => {
    const cancellation = new Cancellation();
    let called = false;
    const listener = () => {
      called = true;
    };
    cancellation.addEventListener("abort", listener);
    cancellation.removeEventListener("abort", listener);
    cancellation.abort();
    expect(called).toBe(false);
    expect(cancellation.reason).toBeInstanceOf(Error);
  });

  it("stops an abortable sleep at once", async () => {
    const cancellation = new Cancellation();
    const sleeping = abortableSleep(60_000, cancellation);
    cancellation.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
  });

  it("becomes a real AbortSignal for APIs that need one", async () => {
    const cancellation = new Cancellation();
    const signal = toAbortSignal(cancellation);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    cancellation.abort(new Error("cancelled by the caller"));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toEqual(new Error("cancelled by the caller"));
    // Already aborted, and a real signal passes through unchanged.
    expect(toAbortSignal(cancellation).aborted).toBe(true);
    const real = new AbortController().signal;
    expect(toAbortSignal(real)).toBe(real);
  });
});
