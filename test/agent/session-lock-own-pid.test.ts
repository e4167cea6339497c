/**
 * A session lock left by a run that was killed (SIGKILL, an OOM kill, `docker kill`) holds its
 * pid. In a container each run is often the same pid (1, or 7 under an init), so the next run
 * finds its own pid in the lock: that lock is not its own and is taken over, where it was taken
 * for another live run and the session stayed "in use" until the lock was removed by hand.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockSession } from "../../src/agent/index.js";
import { OpenClawError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

describe("a session lock holding this process's own pid", () => {
  it("is taken over when this process does not hold it, and still refuses a second run while it does", async () => {
    const file = path.join(tempDir(), "s.jsonl");
    // Left by an earlier run that had this same pid.
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    // Before: 'session s is in use by another openclaw run (pid <this one>)'.
    const lock = await lockSession(file, { sessionId: "s", waitMs: 300 });
    // Its own pid, then (on Linux) its own start: see lock-pid-reuse.test.ts.
    expect(readFileSync(lock.file, "utf8")).toMatch(new RegExp(`^${process.pid}( \\S+)?\\n$`));
    // While this process holds it, a second run on the session waits, then is refused.
    const second = await lockSession(file, { sessionId: "s", waitMs: 300 }).catch(
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(OpenClawError);
    expect((second as OpenClawError).code).toBe("session_busy");
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it("says, when this very process holds it, that its own lock is not released yet, not that another run has it", async () => {
    const file = path.join(tempDir(), "s.jsonl");
    const first = await lockSession(file, { sessionId: "s" });
    const second = await lockSession(file, { sessionId: "s", waitMs: 200 }).catch(
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(OpenClawError);
    const busy = second as OpenClawError;
    // Before: 'session s is in use by another openclaw run (pid <this one>)', and a hint to wait
    // for that pid to be gone: it never goes, it is the program asking.
    expect(busy.code).toBe("session_busy");
    expect(busy.message).toBe(
      `session s is already locked by this process (pid ${process.pid}): another part of the program holds its lock, a turn not finished or a lock not released`,
    );
    expect(busy.message).not.toContain("another openclaw run");
    expect(busy.hint).toContain(
      "await the turn that holds it, or call release() on the first lock",
    );
    expect(busy.hint).not.toContain("is gone");
    first.release();
    // Released, the same session is taken at once.
    const third = await lockSession(file, { sessionId: "s", waitMs: 0 });
    third.release();
    expect(existsSync(third.file)).toBe(false);
  });
});
