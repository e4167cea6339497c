import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type LockHolder, withFileLocksAsync } from "../../src/util/file-lock.js";
import { tempDir } from "../helpers/tmp.js";

/** A lock file naming a live holder on this host (by default this test's parent process). */
function lockedByAnother(file: string, pid = process.ppid): string {
  const text = JSON.stringify({ pid, host: hostname(), since: "x", token: "other" });
  writeFileSync(`${file}.lock`, text);
  return text;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("file locks while another process holds one", () => {
  it("waits holding none of the locks it asked for, says who holds the busy one, and can be stopped", async () => {
    const dir = tempDir();
    const [a, z] = [join(dir, "a.json"), join(dir, "z.json")];
    const other = lockedByAnother(z);
    const told: LockHolder[] = [];
    const controller = new AbortController();
    let ran = false;
    const waiting = withFileLocksAsync(
      [z, a],
      () => {
        ran = true;
      },
      { onWait: (holder) => told.push(holder), signal: controller.signal },
    );
    await tick(150);
    expect(told).toEqual([{ file: z, pid: process.ppid }]);
    // a sorts first and is free, yet not held while z is waited for.
    expect(existsSync(`${a}.lock`)).toBe(false);
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    expect(ran).toBe(false);
    expect(existsSync(`${a}.lock`)).toBe(false);
    expect(readFileSync(`${z}.lock`, "utf8")).toBe(other);

    // Once the other process lets go, the wait ends with both held, then neither.
    const second = withFileLocksAsync(
      [a, z],
      () => existsSync(`${a}.lock`) && existsSync(`${z}.lock`),
    );
    await tick(100);
    rmSync(`${z}.lock`);
    expect(await second).toBe(true);
    expect(existsSync(`${a}.lock`) || existsSync(`${z}.lock`)).toBe(false);
  });

  it("while one lock stays busy, the free ones are not taken and let go on every try", async () => {
    // Each such take is a moment in which a Ctrl-C during a synchronous wait (no JavaScript runs
    // then, so nothing cleans up) would leave the free lock behind.
    const dir = tempDir();
    const [a, z] = [join(dir, "a.json"), join(dir, "z.json")];
    lockedByAnother(z);
    const controller = new AbortController();
    const waiting = withFileLocksAsync([a, z], () => {}, { signal: controller.signal });
    await tick(30); // the first try, which cannot know z is busy, is over
    const touched: string[] = [];
    const watcher = watch(dir, (_event, name) => {
      if (name === "a.json.lock") touched.push(name);
    });
    try {
      await tick(600); // a dozen tries or so
    } finally {
      watcher.close();
    }
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    expect(touched).toEqual([]);
    expect(existsSync(`${a}.lock`)).toBe(false);
  });

  it("a synchronous wait killed by Ctrl-C (SIGINT) leaves none of its locks behind", async () => {
    const dir = tempDir();
    const [a, z] = [join(dir, "a.json"), join(dir, "z.json")];
    const other = lockedByAnother(z, process.pid); // the child's other process: this one
    // The built module (npm run build), in a process of its own, as `config set` waits.
    const module = join(import.meta.dirname, "../../dist/util/file-lock.js");
    const script = `import { withFileLocks } from ${JSON.stringify(module)};
withFileLocks(${JSON.stringify([a, z])}, () => {}, { waitMs: 8000 });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: "ignore",
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    try {
      await tick(600);
      // While it waits for z it does not hold a: each try takes a and lets it go at once, so a
      // look may catch one (a loaded machine can pause the child between the two), but most
      // looks over a second find a free. A wait that kept a would fail every one.
      let free = 0;
      for (let look = 0; look < 25; look++) {
        if (!existsSync(`${a}.lock`)) free++;
        await tick(40);
      }
      expect(free).toBeGreaterThan(12);
      child.kill("SIGINT");
      expect(await ended).toBe("SIGINT");
    } finally {
      child.kill("SIGKILL");
    }
    expect(existsSync(`${a}.lock`)).toBe(false);
    expect(readFileSync(`${z}.lock`, "utf8")).toBe(other);
  });
});
