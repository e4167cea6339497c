/**
 * A session path something else stands in: a file where the sessions directory goes, a directory
 * where a session file goes. Said in words, with what to do, by the library and by `agent` and
 * `chat --session-id`, not as Node's `EEXIST` or `EISDIR: illegal operation on a directory`. The
 * built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSession, OpenClawError, openSessionWriter } from "../../src/index.js";
import { ensurePrivateDir } from "../../src/util/atomic-files.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { startSimulator } from "../simulator/index.js";
import type { Simulator } from "../simulator/types.js";

function thrownBy(run: () => unknown): OpenClawError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenClawError);
    return error as OpenClawError;
  }
  throw new Error("expected a throw");
}

describe("the library", () => {
  it("openSessionWriter under a file names the file in the way and what to do", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "sessions"), "not a directory");
    const error = thrownBy(() =>
      openSessionWriter(path.join(dir, "sessions", "s.jsonl"), "s", "main"),
    );
    // Before: "could not write …/sessions/s.jsonl: EEXIST".
    expect(error.code).toBe("fs.unwritable");
    expect(error.message).toBe(
      `could not write ${dir}/sessions/s.jsonl: ${dir}/sessions is a file, not a directory`,
    );
    expect(error.hint).toBe(
      `move or remove the file ${dir}/sessions (a directory is needed there), or write somewhere else; nothing was changed`,
    );
  });

  it("a directory to create that is a file is named so", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "agents"), "not a directory");
    const error = thrownBy(() => ensurePrivateDir(path.join(dir, "agents")));
    expect(error.message).toBe(
      `could not create the directory ${dir}/agents: ${dir}/agents is a file, not a directory`,
    );
  });

  it("loadSession of a directory says so, and what to do", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "s.jsonl"));
    const error = thrownBy(() => loadSession(path.join(dir, "s.jsonl"), "s"));
    // Before: "cannot read session …: EISDIR: illegal operation on a directory, read".
    expect(error.code).toBe("session_unreadable");
    expect(error.message).toBe(`cannot read session ${dir}/s.jsonl: the path is a directory`);
    expect(error.hint).toBe(
      `a session is one file: move or remove the directory ${dir}/s.jsonl, or use another session id`,
    );
  });
});

describe("agent and chat --session-id", () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function stateWithModel(): Promise<{ stateDir: string; env: Record<string, string> }> {
    sim = await startSimulator();
    const stateDir = tempDir();
    writeFileSync(
      path.join(stateDir, "openclaw.json"),
      JSON.stringify({
        models: {
          providers: {
            moonshot: {
              baseUrl: sim.moonshotBaseUrl,
              apiKey: sim.keys.moonshot,
              api: "openai-completions",
              models: [{ id: "kimi-k2.5", name: "K2.5" }],
            },
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      }),
    );
    return {
      stateDir,
      env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir, NO_COLOR: "1" },
    };
  }

  const runs = (id: string) =>
    [
      ["agent", "-m", "hi", "--session-id", id],
      ["chat", "--session-id", id],
    ] as const;

  it("with a file where the sessions directory goes: the file named, nothing sent", async () => {
    const { stateDir, env } = await stateWithModel();
    const agentDir = path.join(stateDir, "agents", "main");
    mkdirSync(agentDir, { recursive: true });
    writeFileSync(path.join(agentDir, "sessions"), "not a directory");
    for (const args of runs("notes")) {
      const result = await runCli([...args], { env, input: "hi\n" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error: could not write ${agentDir}/sessions/notes.jsonl: ${agentDir}/sessions is a file, not a directory\n` +
          `hint: move or remove the file ${agentDir}/sessions (a directory is needed there), or write somewhere else; nothing was changed\n`,
      );
      expect(result.stderr).not.toContain("EEXIST");
    }
    expect(sim?.chatRequests()).toHaveLength(0);
  });

  it("with a directory where the session file goes: said in words", async () => {
    const { stateDir, env } = await stateWithModel();
    const file = path.join(stateDir, "agents", "main", "sessions", "notes.jsonl");
    mkdirSync(file, { recursive: true });
    for (const args of runs("notes")) {
      const result = await runCli([...args], { env, input: "hi\n" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error: cannot read session ${file}: the path is a directory\n` +
          `hint: a session is one file: move or remove the directory ${file}, or use another session id\n`,
      );
      expect(result.stderr).not.toContain("EISDIR");
    }
    expect(sim?.chatRequests()).toHaveLength(0);
  });
});
