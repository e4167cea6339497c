import { spawn } from "node:child_process";
import { chownSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const CLI = join(import.meta.dirname, "../../bin/openclaw.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`npm run build` first) as a user would, with a clean environment: only
 * PATH/HOME plus what the test passes, so the developer's own keys never leak into a test.
 */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    input?: string;
    cwd?: string;
    timeoutMs?: number;
    /** Run as this user and group (root only): where file permissions must apply. */
    user?: { uid: number; gid: number };
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      ...options.user,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NO_COLOR: "1",
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    // A safety net against a hang, not a measure: a CLI start takes seconds on a loaded machine.
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 50_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A command that exits before reading its input (a usage error) closes the pipe first: the
    // write then fails with EPIPE, which is no failure of the test (its exit code and output are).
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Whom to run the CLI as for file permissions to apply under `dir`. root passes every permission
 * check, so as root `dir` and all in it are handed to nobody and the answer is nobody; as anyone
 * else, undefined (that user, whom the modes already bind).
 */
export function permissionsBindUnder(dir: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const nobody = { uid: 65534, gid: 65534 };
  for (const entry of ["", ...readdirSync(dir, { recursive: true, encoding: "utf8" })])
    chownSync(join(dir, entry), nobody.uid, nobody.gid);
  return nobody;
}
