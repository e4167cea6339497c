/**
 * `openclaw chat` sent SIGTERM just after it took the session's lock, while it is still loading
 * the session and before it asks for the first line. The lock's wait listened for signals until
 * the lock was taken and the chat's own listened from after its banner: in between a signal took
 * its default action, killing the chat at once with the session's lock left behind. A long
 * session makes that in-between (the session's load) last a second or more, so the signal lands
 * in it; the chat must stop as SIGTERM stops it anywhere else.
 * Runs the built CLI (`npm run build` first).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { sessionFile } from "../helpers/session-file.js";
import { eventually } from "../helpers/wait.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

it("SIGTERM while a chat loads its session, just after taking its lock: stopped (143), lock released", async () => {
  const { cliEnv, stateDir } = await setup();
  const file = sessionFile(stateDir, "long");
  mkdirSync(path.dirname(file), { recursive: true });
  const events: Record<string, unknown>[] = [
    { type: "session", version: 1, id: "long", agentId: "main", at: "x" },
  ];
  for (let i = 0; i < 60_000; i++) {
    const role = i % 2 === 0 ? "user" : "assistant";
    events.push({ type: "message", message: { role, content: `line ${i}` }, at: "x" });
  }
  writeFileSync(file, `${events.map((event) => JSON.stringify(event)).join("\n")}\n`);

  const chat = spawn(process.execPath, [CLI, "chat", "--session-id", "long"], {
    env: { PATH: process.env.PATH ?? "", HOME: stateDir, NO_COLOR: "1", ...cliEnv },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  chat.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    chat.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const lock = `${file}.lock`;
  try {
    await eventually(() => existsSync(lock), 60_000, "the chat to take the session's lock");
    chat.kill("SIGTERM");
    expect(await ended).toEqual({ code: 143, signal: null });
  } finally {
    chat.kill("SIGKILL");
  }
  expect(stderr).toContain("stopped (SIGTERM)");
  expect(existsSync(lock)).toBe(false);
}, 120_000);
