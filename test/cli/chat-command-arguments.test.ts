/**
 * `openclaw chat` commands typed with an argument: one that takes none (/usage, /help, /exit) is
 * refused with a usage line instead of running as if bare, and `/new <id>` starts a session of
 * that name, checked as --session-id is. Built CLI fed from a pipe, against the simulator.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("openclaw chat: commands with an argument", () => {
  it("/usage extra, /help me and /exit now are refused with a usage line; the lines after them still go on", async () => {
    const { cliEnv } = await setup();
    const run = await runCli(["chat", "--thinking", "off"], {
      env: cliEnv,
      input: "/usage extra\n/help me\n/exit now\nhi\n",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: \/usage takes no argument \(got "extra"\)$/m);
    expect(run.stderr).toMatch(/^hint: type \/usage alone$/m);
    expect(run.stderr).toMatch(/^error: \/help takes no argument \(got "me"\)$/m);
    expect(run.stderr).toMatch(/^error: \/exit takes no argument \(got "now"\)$/m);
    expect(run.stderr).toMatch(/^3 commands failed \(see the errors above\)$/m);
    // None of them ran: no usage line, no command list, and /exit did not leave before "hi".
    expect(run.stdout).not.toMatch(/answers? ·|commands:/);
    expect(run.stdout).toMatch(/Echo: hi/);
  });

  it("/new my-notes starts a session called my-notes, where the next line is kept", async () => {
    const { cliEnv, stateDir } = await setup();
    const run = await runCli(["chat", "--thinking", "off"], {
      env: cliEnv,
      input: "/new my-notes\nhi\n",
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^new session my-notes$/m);
    expect(run.stderr).toMatch(/· session my-notes$/m);
    const events = sessionEvents(sessionFile(stateDir, "my-notes"));
    expect(events.filter((event) => event.type === "message")).toHaveLength(2);
  });

  it("/new with an id --session-id would refuse, or naming a session that holds messages, is refused and the chat stays in its session", async () => {
    const { cliEnv, stateDir } = await setup();
    const first = await runCli(["chat", "--session-id", "notes", "--thinking", "off"], {
      env: cliEnv,
      input: "hello\n",
    });
    expect(first.code).toBe(0);

    const run = await runCli(["chat", "--session-id", "here", "--thinking", "off"], {
      env: cliEnv,
      input: "/new ../x\n/new notes\nhi\n",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: session id "\.\.\/x" is not allowed$/m);
    expect(run.stderr).toMatch(
      /^error: session notes already holds 2 messages: \/new starts an empty session$/m,
    );
    expect(run.stderr).toMatch(
      /^hint: pick another id, or continue that session with: openclaw chat --session-id notes$/m,
    );
    expect(run.stdout).not.toMatch(/new session/);
    // "hi" went to the session the chat was in; the other one is as it was.
    expect(run.stderr).toMatch(/· session here$/m);
    expect(
      sessionEvents(sessionFile(stateDir, "notes")).filter((e) => e.type === "message"),
    ).toHaveLength(2);
    expect(existsSync(sessionFile(stateDir, "here"))).toBe(true);
  });
});
