/**
 * A session id typed as its file's name (`notes.jsonl`, as `ls` of the sessions directory shows
 * it) or path is refused with the id to use: it named the file `notes.jsonl.jsonl`, so the run
 * started an empty session beside the one meant and the model answered without the history. The
 * built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

function sessionsOf(stateDir: string): string[] {
  const dir = path.join(stateDir, "agents", "main", "sessions");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".jsonl")) : [];
}

describe("agent --session-id given a session's file name", () => {
  it("is refused (exit 2) with the id of the session that file holds, and nothing is sent", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const first = await runCli(["agent", "-m", "hi", "--session-id", "notes"], { env: cliEnv });
    expect(first.code).toBe(0);
    const result = await runCli(["agent", "-m", "and then?", "--session-id", "notes.jsonl"], {
      env: cliEnv,
    });
    expect(result.code).toBe(2);
    const file = path.join(stateDir, "agents", "main", "sessions", "notes.jsonl");
    expect(result.stderr).toContain(
      `error: session id "notes.jsonl" is the file name of session "notes" (${file})`,
    );
    expect(result.stderr).toMatch(/^hint: the id leaves out \.jsonl: --session-id notes$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(sim.chatRequests()).toHaveLength(1);
    expect(sessionsOf(stateDir)).toEqual(["notes.jsonl"]);
  });

  it("is refused for a session that does not exist yet too, in --json with its code", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const result = await runCli(["agent", "-m", "hi", "--session-id", "todo.jsonl", "--json"], {
      env: cliEnv,
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "invalid_session_id",
        message: `session id "todo.jsonl" ends in .jsonl, which the session's file adds: its file would be todo.jsonl.jsonl`,
        hint: "the id leaves out .jsonl: --session-id todo",
      },
    });
    expect(sim.chatRequests()).toHaveLength(0);
    expect(sessionsOf(stateDir)).toEqual([]);
  });

  it("names the id when the session file's path is given", async () => {
    const { cliEnv, stateDir } = await setup();
    const file = path.join(stateDir, "agents", "main", "sessions", "notes.jsonl");
    const result = await runCli(["agent", "-m", "hi", "--session-id", file], { env: cliEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^hint: a session is named by its id, not by its file's path: the id of notes\.jsonl is notes$/m,
    );
  });
});

describe("chat given a session's file name", () => {
  it("--session-id is refused before the first prompt (exit 2)", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat", "--session-id", "notes.jsonl"], {
      env: cliEnv,
      input: "hi\n",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hint: the id leaves out \.jsonl: --session-id notes$/m);
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("/new <id>.jsonl is a failed command that names /new <id>", async () => {
    const { cliEnv, stateDir } = await setup();
    const result = await runCli(["chat"], { env: cliEnv, input: "/new notes.jsonl\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hint: the id leaves out \.jsonl: \/new notes$/m);
    expect(sessionsOf(stateDir)).toEqual([]);
  });
});
