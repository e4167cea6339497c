/**
 * A lock left by a crash names a pid that the system may give to an unrelated process later: the
 * session (or the config file) then stayed "in use" for as long as that process ran. Locks now
 * record when their process started (Linux, /proc), and a lock whose pid belongs to a process
 * that started at another time is stale. The live process here is the test runner's parent; a
 * lock written without a start time (older openclaw) still counts its live pid as the holder.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockSession } from "../../src/agent/index.js";
import type { OpenClawError } from "../../src/errors.js";
import { withFileLocksAsync } from "../../src/util/file-lock.js";
import { processStart } from "../../src/util/lock-takeover.js";
import { tempDir } from "../helpers/tmp.js";

const linux = existsSync(`/proc/${process.pid}/stat`);
const live = process.ppid;
/** A start time the live process does not have: the lock was its pid's earlier owner's. */
const otherStart = "00000000-0000-0000-0000-000000000000/1";

describe.runIf(linux)("a lock whose pid now belongs to another process", () => {
  it("is taken over for a session, and a run records its own start in the lock", async () => {
    const file = path.join(tempDir(), "s.jsonl");
    writeFileSync(`${file}.lock`, `${live} ${otherStart}\n`);
    // Before: 'session s is in use by another openclaw run (pid <the parent>)' after 300 ms.
    const lock = await lockSession(file, { sessionId: "s", waitMs: 300 });
    expect(readFileSync(lock.file, "utf8")).toBe(`${process.pid} ${processStart(process.pid)}\n`);
    lock.release();
  });

  it("still counts as held for a session when the start matches, or none is recorded", async () => {
    for (const text of [`${live} ${processStart(live)}\n`, `${live}\n`]) {
      const file = path.join(tempDir(), "s.jsonl");
      writeFileSync(`${file}.lock`, text);
      const refused = await lockSession(file, { sessionId: "s", waitMs: 0 }).catch(
        (error: unknown) => error as OpenClawError,
      );
      expect((refused as OpenClawError).code, text).toBe("session_busy");
      expect(readFileSync(`${file}.lock`, "utf8")).toBe(text);
    }
  });

  it("is taken over for a config file, which the lock of a live holder is not", async () => {
    const file = path.join(tempDir(), "openclaw.json");
    const holder = { pid: live, host: hostname(), since: "x", token: "other" };
    writeFileSync(`${file}.lock`, JSON.stringify({ ...holder, started: otherStart }));
    const lock = await withFileLocksAsync([file], () => readFileSync(`${file}.lock`, "utf8"), {
      waitMs: 300,
    });
    expect(JSON.parse(lock)).toMatchObject({
      pid: process.pid,
      started: processStart(process.pid),
    });
    expect(existsSync(`${file}.lock`)).toBe(false);

    writeFileSync(`${file}.lock`, JSON.stringify({ ...holder, started: processStart(live) }));
    await expect(withFileLocksAsync([file], () => "taken", { waitMs: 0 })).rejects.toMatchObject({
      code: "fs.locked",
    });
  });
});
