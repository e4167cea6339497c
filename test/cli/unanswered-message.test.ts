/**
 * A session whose run was killed (SIGKILL) mid-answer holds the person's message and nothing
 * after it. Resumed, `chat` and `agent` say that it has no answer and that it is sent again,
 * before the new message, as the model then sees it. Built CLI against the simulator; the kill
 * is a real SIGKILL of a spawned CLI whose answer had started.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/cli.js";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { simEnvPerTest } from "../runtime/sim-env.js";
import type { Simulator } from "../simulator/index.js";

const setup = simEnvPerTest();

const SLOW = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

/** Runs `openclaw <args>` fed `input`, and SIGKILLs it once the answer shows on stdout. */
async function killedMidAnswer(
  sim: Simulator,
  args: string[],
  input: string,
  env: Record<string, string>,
): Promise<void> {
  sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(input);
  const ended = new Promise((resolve) => child.on("close", resolve));
  let out = "";
  await new Promise<void>((resolve) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("alpha")) resolve();
    });
  });
  child.kill("SIGKILL");
  await ended;
}

const sentRoles = (sim: Simulator, index: number) =>
  (
    sim.chatRequests()[index]?.body as { messages?: { role: string; content: unknown }[] }
  )?.messages?.map((message) => `${message.role}:${String(message.content)}`);

const NOTE =
  /session crash ends with your message "first", which has no answer: the run that sent it was stopped before its answer was saved\. It is sent again, before (your next message|this message)/;

describe("a session left with an unanswered message by a killed run", () => {
  it("chat --session-id says so on resume, and sends it again before the next message", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    await killedMidAnswer(
      sim,
      ["chat", "--session-id", "crash", "--thinking", "off"],
      "first\n",
      cliEnv,
    );
    const kept = sessionEvents(sessionFile(stateDir, "crash")).filter((e) => e.type === "message");
    expect(kept.map((e) => (e.message as { role: string }).role)).toEqual(["user"]);

    sim.script([{ respond: { reply: { text: "both answered." } } }]);
    const term = startTerminal(["chat", "--session-id", "crash", "--thinking", "off"], {
      env: cliEnv,
    });
    await term.waitFor("you ›");
    const shown = term.plain().replace(/\n/g, " ");
    expect(shown).toMatch(/session crash \(1 message\)/);
    expect(shown).toMatch(NOTE);
    expect(shown).toContain("before your next message");
    term.write(`second${ENTER}`);
    await term.waitFor("both answered.");
    await term.waitFor("you ›");
    term.write(`/exit${ENTER}`);
    expect(await term.exited).toBe(0);
    expect(sentRoles(sim, 1)).toEqual(["user:first", "user:second"]);
  });

  it("agent --session-id says so (in notes with --json), and sends it again before this message", async () => {
    const { sim, cliEnv } = await setup();
    await killedMidAnswer(
      sim,
      ["agent", "-m", "first", "--session-id", "crash", "--thinking", "off"],
      "",
      cliEnv,
    );

    sim.script([{ respond: { reply: { text: "both answered." } } }]);
    const json = await runCli(
      ["agent", "-m", "second", "--session-id", "crash", "--thinking", "off", "--json"],
      { env: cliEnv },
    );
    expect(json.code).toBe(0);
    const notes = (JSON.parse(json.stdout) as { notes: string[] }).notes;
    expect(notes.some((note) => NOTE.test(note) && note.endsWith("before this message"))).toBe(
      true,
    );
    expect(sentRoles(sim, 1)).toEqual(["user:first", "user:second"]);

    // Answered now: the session no longer ends with it, and nothing more is said.
    sim.script([{ respond: { reply: { text: "ok." } } }]);
    const after = await runCli(
      ["agent", "-m", "third", "--session-id", "crash", "--thinking", "off"],
      {
        env: cliEnv,
      },
    );
    expect(after.code).toBe(0);
    expect(after.stderr).not.toMatch(/has no answer/);
  });
});
