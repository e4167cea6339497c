/**
 * lockSession as plain JavaScript calls it. A `waitMs` read from a setting as a string ("100")
 * was added to the clock as text and NaN compared false, so a second lockSession of a busy
 * session waited without end; a misspelled `waitMS` waited the default 2 s; a file left out
 * locked `./undefined.lock` under the working directory. Each is now an OpenClawError (code
 * `usage`, `where` the option or argument) before any wait; numbers, 0 and Infinity work as before.
 */
import { describe, expect, it } from "vitest";
import { lockSession, sessionPath } from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

type Loose = (...args: unknown[]) => Promise<unknown>;

/** What a lockSession call rejects with; the signal ends a wait the old code would not end. */
async function refusedLock(...args: unknown[]): Promise<Record<string, unknown>> {
  const error = await (lockSession as unknown as Loose)(...args).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Record<string, unknown>;
}

describe("lockSession's options", () => {
  it("refuses a waitMs that is a string or NaN, where it waited for a busy session without end", async () => {
    const file = sessionPath(tempDir(), "main", "support-42");
    const held = await lockSession(file);
    try {
      const signal = AbortSignal.timeout(1000);
      const text = await refusedLock(file, { waitMs: "100", signal });
      expect(text).toMatchObject({ code: "usage", where: "waitMs" });
      expect(text.message).toBe(
        "lockSession's option waitMs must be a number of milliseconds, 0 or more (0: do not wait; Infinity: wait until it is free), got a string",
      );
      const nan = await refusedLock(file, { waitMs: Number.NaN, signal });
      expect(nan).toMatchObject({ code: "usage", where: "waitMs" });
      const typo = await refusedLock(file, { waitMS: 100 });
      expect(typo).toMatchObject({ code: "usage", where: "waitMS" });
      expect(typo.message).toBe('lockSession has no option "waitMS" (did you mean waitMs?)');
      // A number waits as before, then says who holds it.
      expect(await refusedLock(file, { waitMs: 0 })).toMatchObject({ code: "session_busy" });
    } finally {
      held.release();
    }
  });

  it("refuses a file left out rather than lock ./undefined.lock", async () => {
    const missing = await refusedLock();
    expect(missing).toMatchObject({ code: "usage", where: "sessionFile" });
    expect(missing.message).toBe("lockSession needs sessionFile as a string, got nothing");
  });
});
