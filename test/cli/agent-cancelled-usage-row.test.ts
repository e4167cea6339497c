/**
 * `openclaw agent` cut with Ctrl-C mid-answer is billed for the request it cut, as chat's
 * cancelled turn is, but its session file had no usage row for it: a script summing a session's
 * rows missed it. The cut request now gets a row, marked `"estimated": true` since its provider
 * reported no usage before the cut; an earlier run's row, as reported, stays without the flag.
 * Cut before its first byte came, the request had no row; it is billed for its prompt all the
 * same, and now has one too, while nothing else of the run is kept (its message, the model it
 * named). The built CLI (`npm run build` first) in a pseudo-terminal, against the simulator over
 * real sockets.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { loadSession, sessionPath } from "../../src/index.js";
import {
  expectUnansweredCutRow,
  FIRST_ANSWER_USAGE,
  scriptCancelledStory,
  usageRows,
} from "../helpers/cancelled-story.js";
import { CLI, runCli } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { eventually } from "../helpers/wait.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("agent's session file after an answer cut with Ctrl-C", () => {
  it("keeps the cut request's usage as a row marked estimated", async () => {
    env = await startSimEnv();
    scriptCancelledStory(env.sim);
    const run = ["agent", "--model", "moonshot/kimi-k2.5", "--session-id", "story-1"];
    const first = await runCli([...run, "-m", "hi"], { env: env.cliEnv });
    expect(first.code).toBe(0);
    const agent = startTerminal(
      [...run, "-m", `tell me a story ${"with many words ".repeat(20)}`],
      {
        env: env.cliEnv,
      },
    );
    try {
      await agent.waitFor(/there was/);
      agent.write(CTRL_C);
      expect(await agent.exited).toBe(130);
    } finally {
      agent.kill();
    }
    const file = sessionPath(env.stateDir, "main", "story-1");
    const rows = usageRows(file);
    expect(rows).toHaveLength(2);
    const [answered, cancelled] = rows;
    // The first run's answer: as its provider reported it, no flag.
    expect(answered?.usage).toMatchObject(FIRST_ANSWER_USAGE);
    expect(answered).not.toHaveProperty("estimated");
    // The cut one: its prompt (the history and a long message) and what it streamed, estimated
    // and priced at the model's prices.
    expect(cancelled).toMatchObject({ model: "moonshot/kimi-k2.5", estimated: true });
    expect(cancelled?.usage.promptTokens).toBeGreaterThan(60);
    expect(cancelled?.usage.completionTokens).toBeGreaterThan(0);
    expect(cancelled?.cost.total).toBeGreaterThan(0);
    // The file still loads, its conversation whole (the cut answer kept as interrupted).
    const loaded = loadSession(file, "story-1");
    expect(loaded.warnings).toEqual([]);
    expect(loaded.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("keeps a row for a request cut before any answer, and nothing else of the run", async () => {
    env = await startSimEnv();
    const sim = env.sim;
    // The provider has the request and has not answered when Ctrl-C comes.
    sim.script([{ respond: { hang: true } }]);
    const agent = startTerminal(
      [
        "agent",
        "--model",
        "moonshot/kimi-k2.5",
        "--session-id",
        "waited-1",
        "-m",
        `tell me a story ${"with many words ".repeat(20)}`,
      ],
      { env: env.cliEnv },
    );
    try {
      await eventually(() => sim.chatRequests().length === 1, 30_000, "the request");
      agent.write(CTRL_C);
      expect(await agent.exited).toBe(130);
    } finally {
      agent.kill();
    }
    // Nothing of the answer is kept, so no session is named to go on with.
    expect(agent.plain()).not.toContain("kept in session");
    // The prompt it was sent, estimated; neither the unanswered message nor its model kept.
    expectUnansweredCutRow(env.stateDir, "waited-1", 60);
  });

  it("keeps that row when SIGTERM stops a --json run before any answer, in the session it names", async () => {
    env = await startSimEnv();
    const sim = env.sim;
    sim.script([{ respond: { hang: true } }]);
    const child = spawn(
      process.execPath,
      [
        CLI,
        "agent",
        "--model",
        "moonshot/kimi-k2.5",
        "--session-id",
        "waited-2",
        "--json",
        "-m",
        "hi",
      ],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env.cliEnv } },
    );
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await eventually(() => sim.chatRequests().length === 1, 30_000, "the request");
      child.kill("SIGTERM");
      expect(await closed).toBe(143);
    } finally {
      child.kill("SIGKILL");
    }
    const out = JSON.parse(stdout) as { sessionId: string | null; partial: boolean };
    expect(out).toMatchObject({ sessionId: "waited-2", partial: false });
    expectUnansweredCutRow(env.stateDir, "waited-2", 0);
  });
});
