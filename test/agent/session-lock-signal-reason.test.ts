/**
 * lockSession's `signal` ends a wait for a session another run holds, and the promise rejects
 * with the signal's own reason, as its type says ("the signal's reason is thrown") and as the
 * runtime's runs and checkKey do: a program's `controller.abort(new Error("shutting down"))`
 * comes back as that error. Before, a wait stopped part-way rejected with a new
 * `AbortError: The operation was aborted` from Node's timer, the reason left behind.
 */
import path from "node:path";
import { expect, it } from "vitest";
import { lockSession } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

it("a wait for a busy session stopped by its signal rejects with the signal's reason", async () => {
  const file = path.join(tempDir(), "support-42.jsonl");
  const first = await lockSession(file, { sessionId: "support-42" });
  try {
    const controller = new AbortController();
    const reason = new Error("shutting down");
    const waiting = lockSession(file, {
      sessionId: "support-42",
      waitMs: 60_000,
      signal: controller.signal,
      // Aborted once the wait has begun, so the stop lands in the pause between two looks.
      onWait: () => setImmediate(() => controller.abort(reason)),
    });
    await expect(waiting).rejects.toBe(reason);
  } finally {
    first.release();
  }
});

it("a signal aborted before the call rejects with its reason too, no lock taken", async () => {
  const file = path.join(tempDir(), "support-43.jsonl");
  const reason = new Error("never mind");
  await expect(lockSession(file, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  // Not taken: a lock of the same file is had at once.
  const lock = await lockSession(file, { waitMs: 0 });
  lock.release();
});
