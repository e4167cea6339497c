/**
 * The built `openclaw gateway` in a real terminal (a pseudo-terminal, as a terminal window or an
 * ssh session gives it) that goes away while a stream runs: the kernel sends SIGHUP, and every
 * later write to the terminal fails with EIO. The gateway drains as on SIGTERM: the stream ends
 * whole and its ledger row is written. Python's `pty` module holds the terminal (Node has none).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, GATEWAY_TOKEN, simConfig } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");

/**
 * Runs argv[1:] on a new pseudo-terminal, copies what it prints there to stdout, closes the
 * terminal when a line comes on stdin, then prints the child's exit status as `exit <n>`.
 */
const TERMINAL = `
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
while True:
    ready, _, _ = select.select([fd, sys.stdin], [], [])
    if sys.stdin in ready:
        sys.stdin.readline()
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    sys.stdout.write(data.decode("utf-8", "replace"))
    sys.stdout.flush()
os.close(fd)
_, status = os.waitpid(pid, 0)
print("exit", os.waitstatus_to_exitcode(status), flush=True)
`;

const hasPty =
  process.platform === "linux" &&
  spawnSync("python3", ["-c", "import pty, select"], { stdio: "ignore" }).status === 0;

let sim: Simulator;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  // `npm run build` first (the CLI runs from dist).
  expect(existsSync(join(root, "dist", "cli", "main.js"))).toBe(true);
  sim = await startSimulator({ serveRetiredModels: true });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasPty)("openclaw gateway in a terminal that is closed while a stream runs", () => {
  it("drains: the stream ends whole and the usage ledger has its row", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-hangup-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify(simConfig(sim, { gateway: { limits: { drainTimeoutMs: 60_000 } } })),
    );
    const env = gatewayEnv(dir, sim.keys);
    const terminal = spawn(
      "python3",
      ["-c", TERMINAL, process.execPath, bin, "gateway", "--port", "0"],
      { env, stdio: ["pipe", "pipe", "inherit"] },
    );
    children.push(terminal);
    let screen = "";
    terminal.stdout.on("data", (data: Buffer) => {
      screen += data.toString();
    });
    await eventually(() => /listening on (http:\S+)/.test(screen), 15_000, "listening");
    const url = /listening on (http:\S+)/.exec(screen)?.[1] as string;

    const text = "hangup ".repeat(40);
    sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { chunkDelayMs: 50, reply: { text }, stream: { chunkChars: 7 } },
      },
    ]);
    const client = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: `${url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    const chunks = stream[Symbol.asyncIterator]();
    const first = await chunks.next();
    let received = first.done ? "" : (first.value.choices[0]?.delta.content ?? "");

    // The terminal goes away: SIGHUP, and the drain's own line cannot be written (EIO).
    terminal.stdin.write("close\n");
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      received += next.value.choices[0]?.delta.content ?? "";
    expect(received).toBe(text);
    await eventually(() => /^exit /m.test(screen), 15_000, "the gateway's exit");

    const listed = JSON.parse(
      execFileSync(process.execPath, [bin, "usage", "--last", "5", "--json"], {
        env,
        encoding: "utf8",
      }),
    ) as { requests: { status: number; modelRequested: string }[] };
    expect(listed.requests.map((row) => `${row.status} ${row.modelRequested}`)).toEqual([
      "200 moonshot/kimi-k2-turbo-preview",
    ]);
  });
});
