/**
 * Two runs that both find a stale session lock (its pid is gone) must not both take it over: B
 * reads the dead pid, A removes the lock and creates its own, then B's remove deleted A's fresh
 * lock and B created one, and both ran the same session at once. Two real processes race over
 * the lock for a bounded number of rounds, each leaving a stale lock behind as a crash would.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
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
  /** Times its lock file named another run while it believed it held the session. */
  stolen: number;
}

/** One racing run: waits for "go" on stdin, then takes and leaves the lock `rounds` times. */
function racer(file: string, dead: number, rounds: number) {
  const module = path.join(import.meta.dirname, "../../dist/agent/session-lock.js");
  const script = `import { lockSession } from ${JSON.stringify(module)};
import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
const file = ${JSON.stringify(file)};
const report = { held: 0, busy: 0, stolen: 0 };
process.stdout.write("ready\\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
for (let round = 0; round < ${rounds}; round++) {
  let lock;
  try {
    lock = await lockSession(file, { waitMs: 0 });
  } catch (error) {
    if (error.code !== "session_busy") throw error;
    report.busy++;
    continue;
  }
  report.held++;
  await sleep(2);
  let mine;
  try { mine = readFileSync(lock.file, "utf8").split(/[ \\n]/)[0] === String(process.pid); } catch { mine = false; }
  if (!mine) report.stolen++;
  lock.release();
  // Left behind as by a run killed while it held the session.
  try { writeFileSync(lock.file, "${dead}\\n", { flag: "wx" }); } catch {}
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

describe("two runs taking over the same stale session lock", () => {
  it("never both hold it: one takes it over, the other finds it in use", async () => {
    const file = path.join(tempDir(), "s.jsonl");
    const dead = await deadPid();
    writeFileSync(`${file}.lock`, `${dead}\n`);
    const racers = [racer(file, dead, 50), racer(file, dead, 50)];
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.child.stdin.end("go\n");
    const reports = await Promise.all(racers.map((r) => r.report));
    expect(reports.map((r) => r.stolen)).toEqual([0, 0]);
    // Every round either held the session or was told it is in use; neither failed otherwise.
    expect(reports.map((r) => r.held + r.busy)).toEqual([50, 50]);
    expect(reports.reduce((sum, report) => sum + report.held, 0)).toBeGreaterThan(0);
  }, 30_000);
});
