/**
 * A session keeps the model it was put on (`--model` on agent or chat, `/model` in chat) and
 * resumes on it; one never put on a model follows the default. The built CLI (`npm run build`
 * first) against the simulator over real sockets: what model the simulator was asked for, and
 * what the person sees.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSession, openRuntime, openSessionWriter, runSessionTurn } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The models the simulator was asked for, in order. */
function askedModels(sim: SimEnv["sim"]): string[] {
  return sim.chatRequests().map((request) => (request.body as { model: string }).model);
}

function sessionFile(stateDir: string, id: string): string {
  return path.join(stateDir, "agents", "main", "sessions", `${id}.jsonl`);
}

describe("a session resumes on the model it was put on", () => {
  it("agent: --model is remembered, a later --model moves it, openclaw/default puts it back", async () => {
    env = await startSimEnv();
    const run = (...args: string[]) =>
      runCli(["agent", "--session-id", "s1", "--json", ...args], { env: (env as SimEnv).cliEnv });

    const first = await run("--model", "Kimi K2 Turbo", "-m", "hi");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ requestedModelFrom: "--model" });

    const resumed = await run("-m", "again");
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      requestedModel: "Kimi K2 Turbo",
      requestedModelFrom: "session",
      model: "moonshot/kimi-k2-turbo-preview",
    });

    await run("--model", "kimi-code/kimi-for-coding", "-m", "switch");
    await run("-m", "still there?");
    const back = await run("--model", "openclaw/default", "-m", "default please");
    expect(back.code).toBe(0);
    const after = await run("-m", "and now?");
    expect(JSON.parse(after.stdout)).toMatchObject({ requestedModelFrom: "default" });

    expect(askedModels(env.sim)).toEqual([
      "kimi-k2-turbo-preview",
      "kimi-k2-turbo-preview",
      "kimi-for-coding",
      "kimi-for-coding",
      "kimi-k2.5",
      "kimi-k2.5",
    ]);
  });

  it("agent: a session never put on a model follows the default", async () => {
    env = await startSimEnv();
    const result = await runCli(["agent", "--session-id", "plain", "-m", "hi", "--json"], {
      env: env.cliEnv,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ requestedModelFrom: "default" });
    // An old file, as earlier versions wrote it, holds no model: it runs on the default as before.
    expect(readFileSync(sessionFile(env.stateDir, "plain"), "utf8")).not.toContain(
      '"type":"model"',
    );
    expect(askedModels(env.sim)).toEqual(["kimi-k2.5"]);
  });

  it("agent: a remembered model that no longer resolves is warned about, and the default runs", async () => {
    env = await startSimEnv();
    const first = await runCli(["agent", "--session-id", "gone", "-m", "hi"], { env: env.cliEnv });
    expect(first.code).toBe(0);
    // As a session put on an alias that was renamed since would read.
    appendFileSync(
      sessionFile(env.stateDir, "gone"),
      `${JSON.stringify({ type: "model", model: "Kimi Old", at: new Date().toISOString() })}\n`,
    );
    const result = await runCli(["agent", "--session-id", "gone", "-m", "again"], {
      env: env.cliEnv,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'session gone was put on model "Kimi Old", which no longer resolves',
    );
    expect(result.stderr).toContain("this run uses the default, moonshot/kimi-k2.5");
    expect(result.stderr).toContain("--model <ref or alias>");
    expect(result.stderr.match(/no longer resolves/g)).toHaveLength(1);
    const json = await runCli(["agent", "--session-id", "gone", "-m", "once more", "--json"], {
      env: env.cliEnv,
    });
    const printed = JSON.parse(json.stdout) as { warnings: string[]; requestedModelFrom: string };
    expect(printed.requestedModelFrom).toBe("default");
    expect(printed.warnings.join("\n")).toContain('"Kimi Old", which no longer resolves');
    expect(askedModels(env.sim)).toEqual(["kimi-k2.5", "kimi-k2.5", "kimi-k2.5"]);
  });

  it("the library refuses what the CLI warns about, in the same words, and model moves the session", async () => {
    env = await startSimEnv();
    const cliEnv = env.cliEnv;
    await runCli(["agent", "--session-id", "gone", "-m", "hi"], { env: cliEnv });
    appendFileSync(
      sessionFile(env.stateDir, "gone"),
      `${JSON.stringify({ type: "model", model: "moonshot/kimi-k2.7", at: new Date().toISOString() })}\n`,
    );
    const warned = await runCli(["agent", "--session-id", "gone", "-m", "again"], { env: cliEnv });
    expect(warned.code).toBe(0);

    const { runtime } = openRuntime({ env: cliEnv });
    const file = sessionFile(env.stateDir, "gone");
    const libraryTurn = (model?: string) => {
      const session = loadSession(file, "gone");
      const writer = openSessionWriter(file, "gone", "main");
      return runSessionTurn({
        runtime,
        ...(model !== undefined ? { model } : {}),
        sessionId: session.id,
        sessionModel: session.model,
        history: session.messages,
        user: { role: "user", content: "from a program" },
        record: (message, meta) => writer.appendMessage(message, meta),
        recordUsage: (run) => writer.appendUsage(run),
        recordModel: (put) => writer.appendModel(put),
      }).finally(() => writer.close());
    };
    const refused = (await libraryTurn().catch((error: unknown) => error)) as {
      code: string;
      message: string;
      hint: string;
    };
    expect(refused.code).toBe("model.unknown");
    expect(refused.message).toBe(
      'session gone was put on model "moonshot/kimi-k2.7", which no longer resolves (unknown model "kimi-k2.7" for provider "moonshot") (closest: moonshot/kimi-k2.5)',
    );
    // The CLI's warning is the same sentence, then what it did and the flag that moves the session.
    expect(warned.stderr).toContain(
      `${refused.message}: this run uses the default, moonshot/kimi-k2.5; to move the session, run it once with --model <ref or alias> (--model openclaw/default to follow the default again)`,
    );
    expect(refused.hint).toMatch(
      /^to move the session, pass model to runSessionTurn, a ref or alias \("openclaw\/default" to follow the default again\); or: did you mean/,
    );
    // Nothing was asked or written for the refused turn.
    expect(askedModels(env.sim)).toEqual(["kimi-k2.5", "kimi-k2.5"]);

    // The way out the hint gives: the session follows the default again, CLI and library alike.
    const moved = await libraryTurn("openclaw/default");
    expect(moved.model).toBe("moonshot/kimi-k2.5");
    expect(loadSession(file, "gone").model).toBeUndefined();
    const after = await runCli(["agent", "--session-id", "gone", "-m", "and now?"], {
      env: cliEnv,
    });
    expect(after.stderr).not.toContain("no longer resolves");
  });

  it("chat: /model is remembered by the session, and agent resumes on it", async () => {
    env = await startSimEnv();
    const chat = await runCli(["chat", "--session-id", "c1"], {
      env: env.cliEnv,
      input: "hi\n/model Kimi K2 Turbo\n",
    });
    expect(chat.code).toBe(0);
    const resumed = await runCli(["chat", "--session-id", "c1"], {
      env: env.cliEnv,
      input: "again\n",
    });
    expect(resumed.code).toBe(0);
    const agent = await runCli(["agent", "--session-id", "c1", "-m", "and you?"], {
      env: env.cliEnv,
    });
    expect(agent.code).toBe(0);
    expect(askedModels(env.sim)).toEqual([
      "kimi-k2.5",
      "kimi-k2-turbo-preview",
      "kimi-k2-turbo-preview",
    ]);
  });

  it("chat: --model is remembered, and the banner on resume says why the model is on", async () => {
    env = await startSimEnv();
    const first = await runCli(["chat", "--session-id", "c2", "--model", "Kimi K2 Turbo"], {
      env: env.cliEnv,
      input: "hi\n",
    });
    expect(first.code).toBe(0);
    const chat = startTerminal(["chat", "--session-id", "c2"], { env: env.cliEnv });
    try {
      await chat.waitFor(/model moonshot\/kimi-k2-turbo-preview \(remembered by the session\)/);
    } finally {
      chat.kill();
    }
    const fresh = startTerminal(["chat", "--session-id", "c3"], { env: env.cliEnv });
    try {
      await fresh.waitFor(/model moonshot\/kimi-k2\.5 \(default\)/);
    } finally {
      fresh.kill();
    }
  });
});
