/**
 * `openclaw agent` where an answer does not end normally (cancelled, cut off, truncated,
 * filtered), sessions that are busy or damaged, and `--json` for every kind of failure: the
 * built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

type Sent = { role: string; content: unknown }[];
function sentMessages(sim: SimEnv["sim"], index: number): Sent {
  return (sim.chatRequests()[index]?.body as { messages: Sent } | undefined)?.messages ?? [];
}

const SLOW = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

describe("openclaw agent: an answer that does not end normally", () => {
  it("Ctrl-C exits 130 with a short 'cancelled', keeps the partial answer in the session, and the next turn sends it", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
    const term = startTerminal(["agent", "-m", "count", "--session-id", "s1"], { env: cliEnv });
    await term.waitFor("beta");
    term.write(CTRL_C);
    const code = await term.exited;
    expect(code).toBe(130);
    expect(term.plain()).toMatch(/cancelled/);
    expect(term.plain()).not.toMatch(/error/);

    const stored = sessionEvents(sessionFile(stateDir, "s1"));
    const partial = stored.find((e) => e.interrupted === true) as {
      message: { role: string; content: string };
    };
    expect(partial.message.role).toBe("assistant");
    expect(partial.message.content).toMatch(/^alpha beta/);
    expect(partial.message.content.length).toBeLessThan(SLOW.length);

    const next = await runCli(["agent", "-m", "go on", "--session-id", "s1"], { env: cliEnv });
    expect(next.code).toBe(0);
    const roles = sentMessages(sim, 1).map((m) => m.role);
    expect(roles).toEqual(["user", "assistant", "user"]);
    expect(sentMessages(sim, 1)[1]?.content).toBe(partial.message.content);
  });

  it("kill -INT exits 130 too, without an error line", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
    const child = spawn(process.execPath, [CLI, "agent", "-m", "count"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...cliEnv },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stdout.includes("beta")) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/^cancelled$/m);
    expect(stderr).not.toMatch(/error/);
  });

  it("--json with a stream cut after some output gives the partial text, and no 'shown above' hint", async () => {
    const { sim, cliEnv } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    sim.script([
      {
        respond: {
          cutAfterChunks: 4,
          reply: { reasoning: "Let me think it through.", text: SLOW },
        },
      },
    ]);
    const result = await runCli(["agent", "-m", "count", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out.ok).toBe(false);
    expect(out.partial).toBe(true);
    expect(`${out.reasoning ?? ""}${out.text ?? ""}`.length).toBeGreaterThan(0);
    expect(JSON.stringify(out)).not.toMatch(/shown above/);
    expect(result.stderr).not.toMatch(/shown above/);
  });

  it("a cut after hidden reasoning only does not claim anything was shown above", async () => {
    const { sim, cliEnv } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    sim.script([
      {
        respond: {
          cutAfterChunks: 3,
          reply: { reasoning: "Let me think this through at length first.", text: SLOW },
        },
      },
    ]);
    const result = await runCli(["agent", "-m", "count", "--hide-reasoning"], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/was cut off after it had started/);
    // The hidden reasoning is kept in the session all the same: the hint names it.
    expect(result.stderr).toMatch(
      /^hint: ask again; what was received so far is kept in session \S+: openclaw agent -m "go on" --session-id \S+ continues it$/m,
    );
    expect(result.stderr).not.toMatch(/shown above/);
  });

  it("finish_reason length: the answer, a notice naming max_tokens on stderr, exit 0", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "The first half of", finishReason: "length" } } }]);
    const result = await runCli(["agent", "-m", "long story"], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("The first half of\n");
    expect(result.stderr).toMatch(
      /note: the answer was cut off: moonshot\/kimi-k2\.5 reached its output limit \(max_tokens 8192, set by/,
    );
    expect(result.stderr).toMatch(
      /hint: raise the limit to 16384 with: openclaw config set 'models\.providers\.moonshot\.models\[0\]\.maxTokens' 16384/,
    );
  });

  it("finish_reason content_filter: a notice that the provider withheld it, exit 1", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "I can", finishReason: "content_filter" } } }]);
    const result = await runCli(["agent", "-m", "something"], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("I can\n");
    expect(result.stderr).toMatch(/content filter withheld it/);

    sim.script([{ respond: { reply: { text: "I can", finishReason: "content_filter" } } }]);
    const json = await runCli(["agent", "-m", "something", "--json"], { env: cliEnv });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "content_filtered" },
      text: "I can",
      finishReason: "content_filter",
    });
  });
});

describe("openclaw agent: sessions", () => {
  it("a second run on a session in use fails saying which pid has it; a stale lock is taken over", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    // The first run's answer is held until the second run is over, so that the first holds the
    // session throughout however slowly either starts (on a loaded machine the second started
    // after a 3-second answer was over).
    let releaseAnswer = (): void => {};
    const heldUntil = new Promise<void>((resolve) => {
      releaseAnswer = resolve;
    });
    sim.script([{ respond: { heldUntil, reply: { text: SLOW } } }]);
    const first = runCli(["agent", "-m", "q1", "--session-id", "busy"], { env: cliEnv });
    // Its request has come, so it holds the session (taken before anything is sent).
    await eventually(() => sim.chatRequests().length === 1, 30_000, "the first run's request");
    const lock = `${sessionFile(stateDir, "busy")}.lock`;
    const second = await runCli(["agent", "-m", "q2", "--session-id", "busy"], {
      env: cliEnv,
    }).finally(releaseAnswer);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/session busy is in use by another openclaw run \(pid \d+\)/);
    expect((await first).code).toBe(0);
    const users = sessionEvents(sessionFile(stateDir, "busy")).filter(
      (e) => (e.message as { role?: string } | undefined)?.role === "user",
    );
    expect(users).toHaveLength(1);

    // A lock left by a run that died (its pid is gone) does not block the session.
    writeFileSync(lock, "999999999\n");
    const after = await runCli(["agent", "-m", "q3", "--session-id", "busy"], { env: cliEnv });
    expect(after.code).toBe(0);
  });

  it("warns naming the file and the lines it skipped, and refuses an unknown version", async () => {
    const { cliEnv, stateDir } = await setup();
    const file = sessionFile(stateDir, "damaged");
    mkdirSync(path.dirname(file), { recursive: true });
    const header = { type: "session", version: 1, id: "other", agentId: "main", at: "x" };
    const user = { type: "message", message: { role: "user", content: "hi" }, at: "x" };
    writeFileSync(
      file,
      `${JSON.stringify(header)}\nnot json\n${JSON.stringify(user)}\n{"type":"mess`,
    );
    const result = await runCli(["agent", "-m", "again", "--session-id", "damaged"], {
      env: cliEnv,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: session ${file}: skipped lines 2, 4`);
    expect(result.stderr).toMatch(/line 1: the header names session "other", not "damaged"/);

    // With --json the warnings are the object's, and stderr stays empty.
    const json = await runCli(["agent", "-m", "once more", "--session-id", "damaged", "--json"], {
      env: cliEnv,
    });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const object = JSON.parse(json.stdout) as { ok: boolean; warnings: string[]; notes: string[] };
    expect(object.ok).toBe(true);
    expect(object.warnings).toEqual([
      `session ${file}: skipped lines 2, 4 (not a session event)`,
      `session ${file} line 1: the header names session "other", not "damaged" (used anyway)`,
    ]);
    expect(object.notes).toEqual([]);

    const future = sessionFile(stateDir, "future");
    writeFileSync(future, `${JSON.stringify({ ...header, id: "future", version: 9 })}\n`);
    const refused = await runCli(["agent", "-m", "hi", "--session-id", "future"], { env: cliEnv });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /error: session .*future\.jsonl was written in format version 9/,
    );
  });
});

describe("openclaw agent --json: one object on stdout for every failure", () => {
  it.each([
    ["an empty message", ["-m", ""], 2, "usage"],
    ["a bad --thinking", ["-m", "hi", "--thinking", "bogus"], 2, "usage"],
    ["a missing image", ["-m", "hi", "--image", "nope.png"], 2, "image_unreadable"],
  ])("%s", async (_what, args, code, errorCode) => {
    const { cliEnv } = await setup();
    const result = await runCli(["agent", ...args, "--json"], { env: cliEnv });
    expect(result.code).toBe(code);
    const out = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string; hint: unknown };
    };
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe(errorCode);
    expect(out.error.message.length).toBeGreaterThan(0);
    expect(out).toHaveProperty("error.hint");
    expect(out).toMatchObject({ model: null, reasoning: null, fallback: null, failedAttempts: [] });
  });

  it("a model failure carries model, fallback and failedAttempts", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { error: "invalidAuthentication" }, times: Infinity }]);
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out.ok).toBe(false);
    expect(out.model).toBe("moonshot/kimi-k2.5");
    expect(out.reasoning).toBeNull();
    expect(Array.isArray(out.failedAttempts)).toBe(true);
  });

  it("when every model fails, failedAttempts names each one tried, with status", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.script([{ respond: { error: "server" }, times: Infinity }]);
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as {
      failedAttempts: { model: string; errorClass: string; status: number }[];
    };
    const models = new Set(out.failedAttempts.map((a) => a.model));
    expect(models).toEqual(new Set(["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"]));
    expect(out.failedAttempts.every((a) => a.errorClass === "server" && a.status === 500)).toBe(
      true,
    );
  });
});

describe("openclaw agent --image", () => {
  it("says a directory is a directory, and refuses a file that is not an image", async () => {
    const { cliEnv } = await setup();
    const dir = tempDir();
    mkdirSync(path.join(dir, "pics.png"));
    writeFileSync(path.join(dir, "fake.png"), "just some text, not a picture\n");
    const isDir = await runCli(["agent", "-m", "hi", "--image", "pics.png"], {
      env: cliEnv,
      cwd: dir,
    });
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toMatch(/--image pics\.png: is a directory/);
    expect(isDir.stderr).not.toMatch(/EISDIR|bug in openclaw/);
    const fake = await runCli(["agent", "-m", "hi", "--image", "fake.png"], {
      env: cliEnv,
      cwd: dir,
    });
    expect(fake.code).toBe(2);
    expect(fake.stderr).toMatch(
      /--image fake\.png: the file is not a PNG, JPEG, GIF or WebP image/,
    );
  });

  it("goes by a file's bytes, not its name: a missing one is missing, a picture without .png is sent", async () => {
    const { sim, cliEnv } = await setup();
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "screenshot"),
      Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
    );
    const missing = await runCli(["agent", "-m", "hi", "--image", "shot"], {
      env: cliEnv,
      cwd: dir,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: --image shot: no such file$/m);
    const sent = await runCli(["agent", "-m", "what is it?", "--image", "screenshot"], {
      env: cliEnv,
      cwd: dir,
    });
    expect(sent.stderr).not.toMatch(/error:/);
    expect(sent.code).toBe(0);
    expect(JSON.stringify(sim.chatRequests()[0]?.body)).toContain("data:image/png;base64,");
  });
});

describe("openclaw agent: an empty answer", () => {
  it("says the model answered with no text instead of printing only the footer", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      { respond: { reply: { reasoning: "", text: "" } } },
      { respond: { reply: { reasoning: "", text: "" } } },
    ]);
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^note: moonshot\/kimi-k2\.5 answered with no text$/m);
    expect(result.stderr).toMatch(/^hint: ask again or rephrase/m);
    const json = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5", "--json"], {
      env: cliEnv,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      text: "",
      notice: "moonshot/kimi-k2.5 answered with no text",
    });
  });
});

describe("openclaw agent -m -", () => {
  it("drops the newline that ends stdin", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["agent", "-m", "-"], { env: cliEnv, input: "hello there\n" });
    expect(result.code).toBe(0);
    expect(sentMessages(sim, 0).at(-1)?.content).toBe("hello there");
  });
});

describe("openclaw agent: images and text-only models", () => {
  const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

  it("an image earlier in the session goes to a text-only model as a placeholder, with a note", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const png = path.join(stateDir, "pic.png");
    writeFileSync(png, PNG);
    const first = await runCli(
      ["agent", "-m", "what is it?", "--image", png, "--session-id", "pics"],
      {
        env: cliEnv,
      },
    );
    expect(first.code).toBe(0);
    const later = await runCli(
      [
        "agent",
        "-m",
        "and now in words",
        "--session-id",
        "pics",
        "--model",
        "moonshot/kimi-k2-turbo-preview",
      ],
      { env: cliEnv },
    );
    expect(later.code).toBe(0);
    expect(later.stderr).toMatch(
      /an earlier image of this session sent as text "\[image omitted …\]": moonshot\/kimi-k2-turbo-preview does not take images/,
    );
    const sent = JSON.stringify(sim.chatRequests()[1]?.body);
    expect(sent).not.toContain("image_url");
    expect(sent).toContain("[image omitted: moonshot/kimi-k2-turbo-preview does not take images]");
  });

  it("an image in this turn goes to a fallback that takes images when the primary does not", async () => {
    const { sim, cliEnv, stateDir } = await setup({
      primary: "moonshot/kimi-k2-turbo-preview",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const png = path.join(stateDir, "pic.png");
    writeFileSync(png, PNG);
    const result = await runCli(["agent", "-m", "what is it?", "--image", png], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /moonshot\/kimi-k2-turbo-preview does not take images: this turn goes to moonshot\/kimi-k2\.5/,
    );
    // The footer counts it a fallback, as the ledger and `openclaw usage` do.
    expect(result.stderr).toContain("fell back from moonshot/kimi-k2-turbo-preview");
    const models = sim.chatRequests().map((r) => (r.body as { model: string }).model);
    expect(models).toEqual(["kimi-k2.5"]);
  });
});

describe("openclaw agent: wording", () => {
  it("without colour on a terminal, reasoning and answer are labelled", async () => {
    const { sim, cliEnv } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    sim.script([{ respond: { reply: { reasoning: "Pondering deeply.", text: "Forty-two." } } }]);
    const term = startTerminal(["agent", "-m", "meaning?"], { env: { ...cliEnv, NO_COLOR: "1" } });
    expect(await term.exited).toBe(0);
    const plain = term.plain();
    expect(plain).toMatch(/thinking:\nPondering deeply\.\n+answer:\nForty-two\./);
  });

  it("a fallback hint is not given when the configured fallbacks failed too", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["moonshot/kimi-k2-turbo-preview"] });
    sim.script([{ respond: { error: "overloaded" }, times: Number.POSITIVE_INFINITY }]);
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/falling back from moonshot\/kimi-k2\.5/);
    expect(result.stderr).toMatch(/the configured fallbacks failed too/);
    expect(result.stderr).not.toMatch(/or configure a fallback model/);
  });

  it("an unknown model is named once in the error", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { error: "notFound" } }]);
    const missing = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
    });
    expect(missing.stderr).toMatch(/does not know the model kimi-k2\.5/);
    expect(missing.stderr).not.toMatch(/for model kimi-k2\.5/);
  });
});

describe("openclaw agent: more failures before the call", () => {
  it("--json with an invalid config or an image directory still prints one object", async () => {
    const { cliEnv, stateDir } = await setup();
    const dir = tempDir();
    mkdirSync(path.join(dir, "shots.png"));
    const isDir = await runCli(["agent", "-m", "hi", "--image", "shots.png", "--json"], {
      env: cliEnv,
      cwd: dir,
    });
    expect(isDir.code).toBe(2);
    expect(JSON.parse(isDir.stdout)).toMatchObject({ ok: false, error: { code: "usage" } });

    writeFileSync(path.join(stateDir, "openclaw.json"), "{ not: valid json5 ");
    const broken = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(broken.code).toBe(1);
    const out = JSON.parse(broken.stdout) as { ok: boolean; error: { code: string } };
    expect(out.ok).toBe(false);
    expect(out.error.code.length).toBeGreaterThan(0);
  });

  it("-m - on a terminal says it reads stdin, and takes what was typed", async () => {
    const { sim, cliEnv } = await setup();
    const term = startTerminal(["agent", "-m", "-"], { env: cliEnv });
    await term.waitFor("reading the message from stdin; end it with Ctrl-D");
    term.write("typed question\r\u0004");
    expect(await term.exited).toBe(0);
    expect(sentMessages(sim, 0).at(-1)?.content).toBe("typed question");
  });

  it("kimi-for-coding: a thinking level is sent as on, with a note", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(
      ["agent", "-m", "hi", "--model", "kimi-code/kimi-for-coding", "--thinking", "max"],
      {
        env: cliEnv,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'thinking "max" sent as on: Moonshot\'s thinking switch has only on and off',
    );
    expect((sim.chatRequests()[0]?.body as { thinking?: unknown } | undefined)?.thinking).toEqual({
      type: "enabled",
    });
  });
});
