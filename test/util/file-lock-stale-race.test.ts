/**
 * Two processes that both find a stale file lock (its holder's pid gone) must not both end up
 * holding it. Before, a stale lock was renamed aside and removed if what was renamed named no
 * holder: a fresh lock caught between its create and its write named none, so it was removed
 * under its new holder, and both changed the file at once. Two real processes race over the lock
 * for a bounded number of rounds, each leaving a stale lock behind as a crash would.
 */
import { spawn } from "node:child_process";
import { utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

/** A pid no process has: a child that has already ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid as number;
}

interface RacerReport {
  held: number;
  busy: number;
  /** Times the lock file named another process while this one believed it held it. */
  stolen: number;
}

/** One racing process: waits for "go" on stdin, then takes and leaves the lock `rounds` times. */
function racer(file: string, staleText: string, rounds: number) {
  // The built module (npm run build), as `config set` runs it.
  const module = path.join(import.meta.dirname, "../../dist/util/file-lock.js");
  const script = `import { withFileLocks } from ${JSON.stringify(module)};
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
const file = ${JSON.stringify(file)};
const lock = file + ".lock";
const report = { held: 0, busy: 0, stolen: 0 };
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
process.stdout.write("ready\\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
for (let round = 0; round < ${rounds}; round++) {
  try {
    withFileLocks([file], () => {
      report.held++;
      pause(2);
      let mine;
      try { mine = JSON.parse(readFileSync(lock, "utf8")).pid === process.pid; } catch { mine = false; }
      if (!mine) report.stolen++;
    }, { waitMs: 0 });
  } catch (error) {
    if (error.code !== "fs.locked") throw error;
    report.busy++;
    pause(1); // as long as a hold lasts about, so that the two keep meeting
    continue;
  }
  // Left behind as by a process killed while it held the lock.
  // (An empty one as by a crash between its create and its write, a minute ago.)
  try {
    writeFileSync(lock, ${JSON.stringify(staleText)}, { flag: "wx" });
    if (${JSON.stringify(staleText)} === "") utimesSync(lock, new Date(Date.now() - 60000), new Date(Date.now() - 60000));
  } catch {}
}
process.stdout.write(JSON.stringify(report) + "\\n");
process.exit(0);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise<void>((resolve) =>
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.startsWith("ready\n")) resolve();
    }),
  );
  const report = new Promise<RacerReport>((resolve, reject) =>
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0) resolve(JSON.parse(last) as RacerReport);
      else reject(new Error(`racer exited ${code}: ${out}`));
    }),
  );
  return { child, ready, report };
}

/** Races two processes over a lock left stale as `staleText` says, and checks what each saw. */
async function race(staleText: string): Promise<void> {
  const file = path.join(tempDir(), "openclaw.json");
  writeFileSync(`${file}.lock`, staleText);
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${file}.lock`, old, old);
  const rounds = 400;
  const racers = [racer(file, staleText, rounds), racer(file, staleText, rounds)];
  await Promise.all(racers.map((r) => r.ready));
  for (const r of racers) r.child.stdin.end("go\n");
  const reports = await Promise.all(racers.map((r) => r.report));
  expect(reports.map((r) => r.stolen)).toEqual([0, 0]);
  // Every round either held the lock or was told it is busy; neither failed otherwise.
  expect(reports.map((r) => r.held + r.busy)).toEqual([rounds, rounds]);
  expect(reports.reduce((sum, report) => sum + report.held, 0)).toBeGreaterThan(0);
}

describe("two processes taking over the same stale file lock", () => {
  it("never both hold one whose holder's pid is gone", async () => {
    await race(
      JSON.stringify({
        pid: await deadPid(),
        host: hostname(),
        since: "2026-01-01T00:00:00.000Z",
        token: "crashed",
      }),
    );
  }, 60_000);

  it("never both hold one left empty by a crash between its create and its write", async () => {
    await race("");
  }, 60_000);
});
