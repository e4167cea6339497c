/**
 * loadSession(file, id) given the file of another session (its header names "support-42", the
 * program passed "support-43"): it loaded that conversation under the id given with only a line
 * in `warnings`, which the guide's example never reads, so the turn answered user 43 with user
 * 42's history and wrote 43's messages into 42's file. It now throws `session_mismatch`, naming
 * the file, the header's id and the id given, before anything is read into a turn or written.
 * The CLI, whose file is named by its id (a file copied by hand), still loads it with a warning.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadSession, openSessionWriter, sessionPath } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

function sessionOf(stateDir: string, id: string): string {
  const file = sessionPath(stateDir, "main", id);
  const writer = openSessionWriter(file, id, "main");
  writer.appendMessage({ role: "user", content: `hello from ${id}` });
  writer.close();
  return file;
}

describe("loadSession given another session's file", () => {
  it("throws session_mismatch naming the file, the header's id and the id given", () => {
    const stateDir = tempDir();
    const file = sessionOf(stateDir, "support-42");
    const error = refusal(() => loadSession(file, "support-43"));
    expect(error.code).toBe("session_mismatch");
    expect(error.where).toBe(file);
    expect(error.message).toBe(
      `session file ${file} belongs to session "support-42" (its header, line 1), not "support-43"`,
    );
    expect(error.hint).toContain('sessionPath(stateDir, agentId, "support-43")');
    expect(error.hint).toContain('loadSession(file, "support-42")');
    // Nothing was written to the other session's file.
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("loads the file under its own id, and a missing file as an empty session, as before", () => {
    const stateDir = tempDir();
    const file = sessionOf(stateDir, "support-42");
    const loaded = loadSession(file, "support-42");
    expect(loaded.messages).toEqual([{ role: "user", content: "hello from support-42" }]);
    expect(loaded.warnings).toEqual([]);
    const fresh = loadSession(sessionPath(stateDir, "main", "support-43"), "support-43");
    expect(fresh.messages).toEqual([]);
  });
});

describe("openSessionWriter given another session's file", () => {
  it("throws session_mismatch and writes nothing into it", () => {
    const stateDir = tempDir();
    const file = sessionOf(stateDir, "support-42");
    const before = readFileSync(file, "utf8");
    const error = refusal(() => openSessionWriter(file, "support-43", "main"));
    expect(error.code).toBe("session_mismatch");
    expect(error.where).toBe(file);
    expect(error.message).toBe(
      `session file ${file} belongs to session "support-42" (its header, line 1), not "support-43"`,
    );
    expect(error.hint).toContain('openSessionWriter(file, "support-42", agentId)');
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("appends to the file under its own id, and starts a new file, as before", () => {
    const stateDir = tempDir();
    const file = sessionOf(stateDir, "support-42");
    const writer = openSessionWriter(file, "support-42", "main");
    writer.appendMessage({ role: "user", content: "again" });
    writer.close();
    expect(loadSession(file, "support-42").messages).toHaveLength(2);
    const fresh = sessionPath(stateDir, "main", "support-43");
    openSessionWriter(fresh, "support-43", "main").close();
    expect(loadSession(fresh, "support-43").warnings).toEqual([]);
  });
});
