/**
 * A Node process under valgrind's callgrind, for counting the instructions a stretch of work
 * takes: counting runs from the start, `zero()` sets the counters to 0, `dump()` writes what was
 * counted since to a file and returns its instruction total (Ir). The counts are the process's
 * work on every thread (valgrind runs one thread at a time), independent of what else the machine
 * is doing; they say nothing of latency.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `valgrind-3.19.0`, or undefined when valgrind (with callgrind_control) is not on PATH. */
export function valgrindVersion(): string | undefined {
  const valgrind = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  const control = spawnSync("callgrind_control", ["-h"], { encoding: "utf8" });
  if (valgrind.error || valgrind.status !== 0 || control.error) return undefined;
  return valgrind.stdout.trim();
}

/** The instruction total of one callgrind output file: its `totals:` line, else `summary:`. */
export function parseInstructionTotal(text: string): number | undefined {
  const line = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
  return line ? Number(line[1]) : undefined;
}

export interface CallgrindProcess {
  child: ChildProcess;
  /** What the process printed on stdout that matched its `ready` pattern. */
  match: RegExpMatchArray;
  zero(): Promise<void>;
  /** Writes the counts since the last zero to a new file; resolves with its instruction total. */
  dump(): Promise<number>;
  stop(): Promise<void>;
}

export interface CallgrindStart {
  name: string;
  /** Arguments to node: the script and its own arguments. */
  nodeArgs: string[];
  /** Printed on stdout once the process is ready (it takes seconds under valgrind). */
  ready: RegExp;
  /** An empty directory of its own for the output files. */
  outDir: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  startTimeoutMs: number;
  /** The spawned process is added here, for the caller to end when anything fails. */
  children: ChildProcess[];
}

/** Runs `callgrind_control <args> <pid>`; rejects with its output when it fails or hangs. */
function control(args: string[], pid: number, timeoutMs: number): Promise<string> {
  return new Promise((resolveControl, reject) => {
    execFile(
      "callgrind_control",
      [...args, String(pid)],
      { timeout: timeoutMs, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`callgrind_control ${args.join(" ")} ${pid}: ${stderr || error.message}`),
          );
        else resolveControl(stdout);
      },
    );
  });
}

export function startUnderCallgrind(options: CallgrindStart): Promise<CallgrindProcess> {
  const outFile = join(options.outDir, "callgrind.out");
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      `--callgrind-out-file=${outFile}`,
      // V8's generated code lives in anonymous memory; valgrind's default (all-non-file) already
      // checks such code for self-modification, so --smc-check=all is not needed.
      process.execPath,
      ...options.nodeArgs,
    ],
    { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] },
  );
  options.children.push(child);
  const pid = child.pid ?? 0;
  let dumps = 0;
  const handle = (match: RegExpMatchArray): CallgrindProcess => ({
    child,
    match,
    zero: async () => {
      await control(["-z"], pid, 60_000);
    },
    dump: async () => {
      await control(["-d"], pid, 120_000);
      dumps++;
      const name = readdirSync(options.outDir).find((file) => file === `callgrind.out.${dumps}`);
      if (!name) throw new Error(`${options.name}: callgrind wrote no callgrind.out.${dumps}`);
      const total = parseInstructionTotal(readFileSync(join(options.outDir, name), "utf8"));
      if (total === undefined) throw new Error(`${options.name}: no instruction total in ${name}`);
      return total;
    },
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.kill("SIGTERM");
      }),
  });
  return new Promise((resolveStart, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${options.name} did not start under valgrind within ${options.startTimeoutMs / 1000} s:\n${out}\n${err.slice(-2000)}`,
        ),
      );
    }, options.startTimeoutMs);
    child.stdout?.on("data", (data: Buffer) => {
      if (out.length < 65_536) out += data.toString();
      const match = options.ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveStart(handle(match));
      }
    });
    child.stderr?.on("data", (data: Buffer) => {
      if (err.length < 65_536) err += data.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${options.name} exited with ${code} under valgrind:\n${out}\n${err.slice(-2000)}`,
        ),
      );
    });
  });
}
