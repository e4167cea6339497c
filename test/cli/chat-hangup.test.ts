/**
 * `openclaw chat` in a real pseudo-terminal (node-pty) that is closed while an answer is being
 * written, as closing the terminal window or losing the ssh session does: the kernel hangs the
 * terminal up (SIGHUP; reads end, writes fail). The chat stops as on SIGTERM: the answer so far is
 * saved as cut short, the session's lock is released, and the process ends by SIGHUP. It died on
 * the spot (turn unsaved, lock left), or crashed on readline's EIO and Node's exit (SIGABRT).
 * Runs the built CLI (`npm run build` first).
 */
import { readdirSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe.runIf(process.platform === "linux")("openclaw chat in a terminal that is closed", () => {
  it("saves the answer cut short, releases the session, and ends by SIGHUP, not a crash", async () => {
    env = await startSimEnv();
    const { sim, cliEnv, stateDir } = env;
    sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          chunkDelayMs: 100,
          reply: { text: "slow ".repeat(200) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const chat = startTerminal(["chat"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("tell me a long story\r");
      at = await chat.waitFor(/slow slow /, at);
      chat.hangUp();
      // Ended by SIGHUP (a shell shows 129): not SIGABRT or SIGSEGV.
      expect(await chat.ended).toEqual({ code: 0, signal: constants.signals.SIGHUP });
    } finally {
      chat.kill();
    }

    const sessions = join(stateDir, "agents", "main", "sessions");
    const files = readdirSync(sessions);
    expect(files.filter((name) => name.endsWith(".lock"))).toEqual([]);
    const [file] = files.filter((name) => name.endsWith(".jsonl"));
    expect(file).toBeDefined();
    const events = readFileSync(join(sessions, file as string), "utf8")
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            interrupted?: boolean;
            message?: { role: string; content: string };
          },
      );
    const answer = events.find((event) => event.message?.role === "assistant");
    expect(answer?.interrupted).toBe(true);
    expect(answer?.message?.content).toMatch(/^(slow )+/);
    expect(answer?.message?.content).not.toBe("slow ".repeat(200));
  });
});
