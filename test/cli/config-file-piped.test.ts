/**
 * `openclaw config file` piped is the path alone, so `"$(openclaw config file)"` names the file
 * before it exists too; a person at a terminal still sees that it is not created yet.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

describe("openclaw config file, before the config exists", () => {
  it("piped: stdout is the path alone, the note goes to stderr", async () => {
    const dir = tempDir();
    const result = await runCli(["config", "file"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path.join(dir, "openclaw.json")}\n`);
    expect(result.stderr).toContain("not created yet");
  });

  it("on a terminal: the path with its note", async () => {
    const dir = tempDir();
    const terminal = startTerminal(["config", "file"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(await terminal.exited).toBe(0);
    expect(terminal.plain()).toContain(`${path.join(dir, "openclaw.json")} (not created yet)`);
  });
});
