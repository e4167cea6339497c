/**
 * The session helpers given a path written as in a shell, `~/.openclaw/…`: Node does not expand
 * `~`, so loadSession found no such file and gave an empty session (the conversation forgotten
 * without a word), and openSessionWriter and lockSession created `./~/.openclaw/…` under the
 * working directory, where the CLI never looks. They now refuse it (code `usage`, `where` the
 * argument) with what to pass instead; an absolute or relative path works as before.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSession, lockSession, openSessionWriter, sessionPath } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

// `~name/…` is refused as `~/…` is; on the old code it was created here, so it is removed after.
const STRAY = "~openclaw-test-home-shorthand";
afterAll(() => rmSync(path.join(process.cwd(), STRAY), { recursive: true, force: true }));

describe("a session path that starts with ~", () => {
  it("sessionPath refuses a state dir written ~/.openclaw, naming resolveStateDir()", () => {
    const error = refusal(() => sessionPath("~/.openclaw", "main", "support-42"));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("stateDir");
    expect(error.message).toBe(
      `sessionPath's stateDir "~/.openclaw" starts with ~, which only a shell expands: here it would be a directory named ~ under the working directory (${process.cwd()})`,
    );
    expect(error.hint).toContain("resolveStateDir()");
  });

  it("loadSession refuses such a file rather than give an empty session", () => {
    const error = refusal(() =>
      loadSession("~/.openclaw/agents/main/sessions/support-42.jsonl", "support-42"),
    );
    expect(error.code).toBe("usage");
    expect(error.where).toBe("file");
    expect(error.message).toContain(`loadSession's file "~/.openclaw/agents/main/sessions/`);
    expect(error.hint).toContain('sessionPath(resolveStateDir(), "main", id)');
  });

  it("openSessionWriter and lockSession refuse it and create nothing under the working directory", async () => {
    const file = `${STRAY}/agents/main/sessions/support-42.jsonl`;
    const writer = refusal(() => openSessionWriter(file, "support-42", "main"));
    expect(writer.code).toBe("usage");
    expect(writer.where).toBe("file");
    const lock = await lockSession(file).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(lock).toMatchObject({ code: "usage", where: "sessionFile" });
    expect(existsSync(path.join(process.cwd(), STRAY))).toBe(false);
  });

  it("an absolute path works as before", async () => {
    const file = sessionPath(tempDir(), "main", "support-42");
    const lock = await lockSession(file);
    const writer = openSessionWriter(file, "support-42", "main");
    writer.appendMessage({ role: "user", content: "hi" });
    writer.close();
    lock.release();
    expect(loadSession(file, "support-42").messages).toHaveLength(1);
  });
});
