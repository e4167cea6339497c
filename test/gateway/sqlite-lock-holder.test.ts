/**
 * Which process /proc/locks says holds a SQLite database: the one named when a look at another
 * program's database gives up on its lock. A reader's read lock was named before the writer's
 * when listed first, sending the person to a process that keeps nobody out.
 */
import { describe, expect, it } from "vitest";
import { lockHoldersIn } from "../../src/gateway/sqlite-lock-holder.js";

const LOCKS = [
  "1: POSIX  ADVISORY  READ 25550 fe:00:2827766 128 128",
  "2: POSIX  ADVISORY  READ 4100 fe:00:2826447 1073741826 1073742335",
  "3: POSIX  ADVISORY  WRITE 4242 fe:00:2826447 1073741824 1073741824",
  "3: -> POSIX  ADVISORY  WRITE 5000 fe:00:2826447 1073741824 1073741824",
  "4: POSIX  ADVISORY  WRITE 4242 fe:00:2826447 1073741825 1073741825",
  "5: POSIX  ADVISORY  READ 777 fe:00:2826447 1073741826 1073742335",
].join("\n");

describe("lockHoldersIn", () => {
  it("lists the writer first, each process once, without waiters, other files or itself", () => {
    expect(lockHoldersIn(LOCKS, "fe:00:2826447", 777)).toEqual([4242, 4100]);
  });

  it("lists nobody for a file nobody locks", () => {
    expect(lockHoldersIn(LOCKS, "fe:00:1", 1)).toEqual([]);
  });
});
