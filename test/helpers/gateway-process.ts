/**
 * The built CLI's gateway (`node bin/openclaw.js gateway --port 0`, `npm run build` first) in its
 * own process, its output collected as it comes. Every process started here is killed by
 * `killGatewayProcesses()` (call it after each test).
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { eventually } from "./wait.js";

const bin = join(resolve(import.meta.dirname, "../.."), "bin", "openclaw.js");
const running: ChildProcess[] = [];

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * Started, not waited for; with `openFiles`, under that open-files limit (set by the shell); with
 * `cwd`, run from that directory.
 */
export function spawnGateway(
  env: NodeJS.ProcessEnv,
  extraArgs: string[] = [],
  openFiles?: number,
  cwd?: string,
): Omit<GatewayProcess, "url"> {
  const args = [bin, "gateway", "--port", "0", ...extraArgs];
  const options: SpawnOptions = { env, stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}) };
  const child =
    openFiles === undefined
      ? spawn(process.execPath, args, options)
      : spawn(
          "/bin/sh",
          ["-c", `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, ...args],
          options,
        );
  running.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (data: Buffer) => {
    out += data.toString();
  });
  child.stderr?.on("data", (data: Buffer) => {
    err += data.toString();
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("exit", (code) => resolveExit(code)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Started and listening (its URL read from the "listening on" line), or rejects within 50 s: a
 * net for a start that hangs, below the tests' own 60 s, not a measure. On 2 loaded cores loading
 * the gateway's modules alone took longer than 15 s (the deadline this had), printing nothing.
 */
export function startGatewayProcess(
  env: NodeJS.ProcessEnv,
  extraArgs: string[] = [],
  openFiles?: number,
  cwd?: string,
): Promise<GatewayProcess> {
  const cli = spawnGateway(env, extraArgs, openFiles, cwd);
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gateway did not start:\n${cli.stdout()}\n${cli.stderr()}`)),
      50_000,
    );
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stdout());
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ ...cli, url: match[1] });
      }
    };
    cli.child.stdout?.on("data", check);
    void cli.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${cli.stdout()}\n${cli.stderr()}`));
    });
  });
}

/**
 * Started, and its start-up report written out to its last line (Claude Code's base URL), or
 * rejects once `timeoutMs` has passed without it.
 */
export async function startGatewayReported(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<GatewayProcess> {
  const gateway = await startGatewayProcess(env);
  await eventually(
    () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
    timeoutMs,
    "the start-up report's last line",
  );
  return gateway;
}

/** Kills (SIGKILL) every gateway process still running; for afterEach. */
export function killGatewayProcesses(): void {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
}

/** Also kill a process a test spawned itself, with the same after-each cleanup. */
export function trackProcess(child: ChildProcess): void {
  running.push(child);
}

/**
 * The environment a gateway process is started with in a state dir of a test's own: no colour,
 * UTC, nothing of the developer's home, and the simulator's keys (`keys`) in the variables.
 */
export function gatewayEnv(
  dir: string,
  keys: { moonshot: string; kimiCode: string },
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
    MOONSHOT_API_KEY: keys.moonshot,
    KIMICODE_API_KEY: keys.kimiCode,
  };
}
