/**
 * `openclaw agent` and `openclaw chat` when stopped from outside (Ctrl-C before the model was
 * called, SIGTERM, Ctrl-C to a piped chat), `--json` for usage mistakes commander finds itself,
 * and the wording of a few notices: the built CLI (`npm run build` first) against the simulator.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const SLOW = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

interface Running {
  child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  waitFor(stream: "out" | "err", text: string): Promise<void>;
  closed: Promise<number | null>;
}

/**
 * How long a child may run before it is killed, and a wait for its output gives up: only a
 * safety net against a hang (a CLI start takes seconds on a loaded 2-core machine), never what
 * a test measures. Each test that waits gets LOADED_TEST_MS.
 */
const CHILD_LIMIT_MS = 50_000;
const LOADED_TEST_MS = 60_000;

/** The CLI as a child with pipes, to send it signals. */
function start(args: string[], cliEnv: Record<string, string>, input?: string): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...cliEnv },
  });
  let stdout = "";
  let stderr = "";
  /** Waits for output: each is checked again on every chunk, and fails when the child ends. */
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const check of [...waiting]) check();
  };
  child.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
    wake();
  });
  child.stderr.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
    wake();
  });
  if (input !== undefined) child.stdin.end(input);
  let ended = false;
  const closed = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      ended = true;
      wake();
      resolve(code);
    }),
  );
  const killer = setTimeout(() => child.kill("SIGKILL"), CHILD_LIMIT_MS);
  void closed.then(() => clearTimeout(killer));
  return {
    child,
    out: () => stdout,
    err: () => stderr,
    closed,
    // Event-driven: resolves on the chunk that brings the text; a child that exits without it
    // fails at once with what it said, rather than after a fixed wait.
    waitFor: (stream, text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if ((stream === "out" ? stdout : stderr).includes(text)) {
            waiting.delete(check);
            resolve();
          } else if (ended) {
            waiting.delete(check);
            reject(new Error(`"${text}" never came: the CLI exited; stderr: ${stderr}`));
          }
        };
        waiting.add(check);
        check();
      }),
  };
}

/** Resolves once `check` holds, looking again every 20 ms (for what has no event: a file). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe("openclaw agent --json: usage mistakes commander finds", () => {
  it.each([
    ["no -m", ["agent", "--json"], /required option '-m, --message <text>' not specified/],
    ["-m without its value", ["agent", "--json", "-m"], /argument missing/],
    ["an unknown option", ["agent", "-m", "hi", "--json", "--bogus"], /unknown option '--bogus'/],
    ["an extra argument", ["agent", "--json", "-m", "hi", "extra"], /unexpected argument "extra"/],
  ])("%s: exit 2 and one JSON object on stdout", async (_what, args, message) => {
    const result = await runCli(args, { env: { OPENCLAW_STATE_DIR: tempDir() } });
    expect(result.code).toBe(2);
    // Said once, in the JSON: no human copy on stderr.
    expect(result.stderr).toBe("");
    const out = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string; hint: string };
    };
    expect(out).toMatchObject({ ok: false, error: { code: "usage" }, partial: false });
    expect(out.error.message).toMatch(message);
    expect(out.error.hint).toMatch(/openclaw agent --help/);
  });

  it("without --json stdout has no JSON; --json --help prints the help as one JSON object", async () => {
    const plain = await runCli(["agent", "--bogus"], { env: { OPENCLAW_STATE_DIR: tempDir() } });
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe("");
    const help = await runCli(["agent", "--json", "--help"]);
    expect(help.code).toBe(0);
    const parsed = JSON.parse(help.stdout) as { command: string; usage: string };
    expect(parsed.command).toBe("openclaw agent");
    expect(parsed.usage).toMatch(/^openclaw agent /);
  });
});

describe("openclaw agent: --timeout beyond what a timer can wait", () => {
  it("is a usage error naming the maximum, without a TimeoutOverflowWarning", async () => {
    const { cliEnv } = await setup();
    for (const value of ["2200000", "1e9"]) {
      const result = await runCli(["agent", "-m", "hi", "--timeout", value], { env: cliEnv });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--timeout must be at most 2147483 seconds \(about 24\.8 days/);
      expect(result.stderr).not.toMatch(/TimeoutOverflowWarning/);
    }
    const ok = await runCli(["agent", "-m", "hi", "--timeout", "2147483"], { env: cliEnv });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toMatch(/TimeoutOverflowWarning/);
  });
});

describe("openclaw agent: stopped from outside", { timeout: LOADED_TEST_MS }, () => {
  it("Ctrl-C while waiting for a session in use says cancelled (and prints the JSON object)", async () => {
    const { cliEnv, stateDir } = await setup();
    const lock = `${sessionFile(stateDir, "held")}.lock`;
    mkdirSync(path.dirname(lock), { recursive: true });
    // A live pid (this test's own) holds the session.
    writeFileSync(lock, `${process.pid}\n`);

    const json = start(["agent", "-m", "hi", "--session-id", "held", "--json"], cliEnv, "");
    await json.waitFor("err", "is in use by another openclaw run");
    json.child.kill("SIGINT");
    expect(await json.closed).toBe(130);
    expect(JSON.parse(json.out())).toMatchObject({
      ok: false,
      sessionId: "held",
      error: { code: "cancelled" },
      partial: false,
    });

    const plain = start(["agent", "-m", "hi", "--session-id", "held"], cliEnv, "");
    await plain.waitFor("err", "is in use by another openclaw run");
    plain.child.kill("SIGINT");
    expect(await plain.closed).toBe(130);
    expect(plain.err()).toMatch(/^cancelled$/m);
    expect(plain.err()).not.toMatch(/error/);
    // The other run's lock is left alone.
    expect(readFileSync(lock, "utf8")).toBe(`${process.pid}\n`);
  });

  it("chat waiting for a session in use says so, and Ctrl-C or SIGTERM there stops it plainly", async () => {
    const { cliEnv, stateDir } = await setup();
    const lock = `${sessionFile(stateDir, "held")}.lock`;
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, `${process.pid}\n`);
    for (const [signal, code, line] of [
      ["SIGINT", 130, /^cancelled$/m],
      ["SIGTERM", 143, /^stopped \(SIGTERM\)$/m],
    ] as const) {
      const chat = start(["chat", "--session-id", "held"], cliEnv, "");
      await chat.waitFor("err", "is in use by another openclaw run");
      chat.child.kill(signal);
      expect(await chat.closed).toBe(code);
      expect(chat.err()).toMatch(line);
      expect(chat.err()).not.toMatch(/error/);
    }
    expect(readFileSync(lock, "utf8")).toBe(`${process.pid}\n`);
  });

  it("Ctrl-C while -m - reads a terminal says cancelled, and --json prints the object", async () => {
    const { sim, cliEnv } = await setup();
    const term = startTerminal(["agent", "-m", "-", "--json"], { env: cliEnv });
    await term.waitFor("reading the message from stdin; end it with Ctrl-D");
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
    expect(term.plain()).toMatch(/"code": "cancelled"/);
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("SIGTERM keeps the partial answer (interrupted), releases the lock and exits 143", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
    const run = start(["agent", "-m", "count", "--session-id", "term"], cliEnv, "");
    await run.waitFor("out", "beta");
    run.child.kill("SIGTERM");
    expect(await run.closed).toBe(143);
    expect(run.err()).toMatch(/cancelled \(SIGTERM\)/);
    const file = sessionFile(stateDir, "term");
    expect(existsSync(`${file}.lock`)).toBe(false);
    const partial = sessionEvents(file).find((e) => e.interrupted === true) as {
      message: { role: string; content: string };
    };
    expect(partial.message.role).toBe("assistant");
    expect(partial.message.content).toMatch(/^alpha beta/);
  });

  it("SIGTERM with --json prints the cancelled object with the partial text", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    sim.script([{ respond: { chunkDelayMs: 250, reply: { text: SLOW } } }]);
    const run = start(["agent", "-m", "count", "--json", "--session-id", "json-term"], cliEnv, "");
    // Nothing streams to stdout with --json: the session file shows the answer has started (the
    // question is written there with the first non-empty delta), however slow the machine.
    const file = sessionFile(stateDir, "json-term");
    await Promise.race([
      until(() => existsSync(file) && readFileSync(file, "utf8").includes('"role":"user"')),
      run.closed.then(() => {
        throw new Error(`the CLI exited before the answer started; stderr: ${run.err()}`);
      }),
    ]);
    run.child.kill("SIGTERM");
    expect(await run.closed).toBe(143);
    const out = JSON.parse(run.out()) as { text: string | null; reasoning: string | null };
    expect(out).toMatchObject({ ok: false, error: { code: "cancelled" }, partial: true });
    expect(`${out.reasoning ?? ""}${out.text ?? ""}`.length).toBeGreaterThan(0);
    // Said to the person who stopped it, not to a library caller whose signal aborted.
    expect(out).toMatchObject({
      error: {
        hint: "stopped by SIGTERM: nothing more was sent to the model; what had arrived is in text and reasoning, and kept in the session",
      },
    });
  });
});

describe("openclaw chat: piped input stopped from outside", { timeout: LOADED_TEST_MS }, () => {
  it.each([
    ["SIGINT", 130, /^cancelled$/m],
    ["SIGTERM", 143, /^stopped \(SIGTERM\)$/m],
  ] as const)(
    "%s stops the whole run after saving the turn being written: exit %i",
    async (signal, code, said) => {
      const { sim, cliEnv, stateDir } = await setup();
      sim.script([
        { respond: { chunkDelayMs: 250, reply: { text: SLOW } } },
        { respond: { reply: { text: "second answer" } }, times: 5 },
      ]);
      const run = start(["chat", "--session-id", "piped"], cliEnv, "first\nsecond\nthird\n");
      await run.waitFor("out", "beta");
      run.child.kill(signal);
      expect(await run.closed).toBe(code);
      expect(run.out()).not.toMatch(/second answer/);
      expect(run.err()).toMatch(said);
      expect(sim.chatRequests()).toHaveLength(1);
      const file = sessionFile(stateDir, "piped");
      expect(existsSync(`${file}.lock`)).toBe(false);
      const partial = sessionEvents(file).find((e) => e.interrupted === true) as {
        message: { content: string };
      };
      expect(partial.message.content).toMatch(/^alpha beta/);
    },
  );
});

describe("openclaw agent and chat: wording", () => {
  it("--json after a cut says the text is in the text and reasoning fields", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { cutAfterChunks: 4, reply: { text: SLOW } } }]);
    const result = await runCli(["agent", "-m", "count", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { error: { hint: string }; partial: boolean };
    expect(out.partial).toBe(true);
    expect(out.error.hint).toMatch(/text and reasoning fields/);
    expect(out.error.hint).not.toMatch(/partial field/);
  });

  it("a content-filtered --json object has the failure shape, partial included", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "I can", finishReason: "content_filter" } } }]);
    const result = await runCli(["agent", "-m", "something", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of [
      "ok",
      "sessionId",
      "error",
      "model",
      "text",
      "reasoning",
      "partial",
      "fallback",
      "fallbacks",
      "failedAttempts",
    ]) {
      expect(out).toHaveProperty(key);
    }
    expect(out).toMatchObject({ ok: false, partial: true, text: "I can" });
  });

  it("an image turn whose fallback takes no images says so, not 'configure a fallback model'", async () => {
    const { sim, cliEnv, stateDir } = await setup({
      fallbacks: ["moonshot/kimi-k2-turbo-preview"],
    });
    sim.script([{ respond: { error: "overloaded" }, times: Number.POSITIVE_INFINITY }]);
    const png = path.join(stateDir, "pic.png");
    writeFileSync(png, Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    const result = await runCli(["agent", "-m", "what is it?", "--image", png], {
      env: cliEnv,
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the configured fallback moonshot\/kimi-k2-turbo-preview does not take images/,
    );
    expect(result.stderr).not.toMatch(/or configure a fallback model/);
  });

  it("chat's note on an answer cut at the limit names max_tokens and how to raise it", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "The first half of", finishReason: "length" } } }]);
    const result = await runCli(["chat"], { env: cliEnv, input: "long story\n" });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: the answer was cut off: moonshot\/kimi-k2\.5 reached its output limit \(max_tokens 8192, set by/,
    );
    expect(result.stderr).toMatch(/hint: raise the limit to 16384 with: openclaw config set /);
  });

  it("TERM=dumb gets no spinner and no line-erasing escapes", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { chunkDelayMs: 50, reply: { text: "plain answer" } } }]);
    // node-pty sets TERM from the terminal's name: the shell sets it for the CLI instead.
    const term = startTerminal([], {
      env: cliEnv,
      shell: `TERM=dumb exec "${process.execPath}" "${CLI}" agent -m hi`,
    });
    expect(await term.exited).toBe(0);
    expect(term.plain()).toMatch(/plain answer/);
    expect(term.screen()).not.toContain("\u001b[2K");
    expect(term.plain()).not.toMatch(/waiting for the model/);
  });

  it("chat --help and /help say a bare /think toggles, and it does", async () => {
    const help = await runCli(["chat", "--help"]);
    expect(help.stdout).toMatch(/\/think \[level\]\s+set thinking; a bare \/think toggles it/);
    expect(help.stdout).not.toMatch(/show or set thinking/);
    const { cliEnv } = await setup();
    const result = await runCli(["chat", "--thinking", "high"], {
      env: cliEnv,
      input: "/help\n/think\n/think\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\/think \[level\]\s+toggle thinking on\/off/);
    // Toggled on; "on" is not sent to the default kimi-k2.5, which the config calls non-reasoning.
    expect(result.stdout).toMatch(/thinking: off\nthinking "on" not sent: moonshot\/kimi-k2\.5 /);
  });
});
