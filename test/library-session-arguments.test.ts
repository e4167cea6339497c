/**
 * The session helpers as plain JavaScript calls them: an id given as a number or left out is an
 * OpenClawError (code `usage`) naming the argument, not `TypeError: id.includes is not a
 * function` from inside, nor a session loaded or a file written under the id `undefined` or `42`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertSessionId, loadSession, openSessionWriter, sessionPath } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

/** Plain JavaScript's view of a call: any argument goes. */
type Loose = (...args: unknown[]) => unknown;

describe("the session helpers, given an argument that is no string", () => {
  it("sessionPath with a number or a missing id names that argument", () => {
    const number = refusal(() => (sessionPath as Loose)("/tmp/x", "main", 42));
    expect(number.code).toBe("usage");
    expect(number.where).toBe("sessionId");
    expect(number.message).toBe("sessionPath needs sessionId as a string, got the number 42");
    expect(number.hint).toContain("sessionPath(stateDir, agentId, sessionId)");
    const missing = refusal(() => (sessionPath as Loose)("/tmp/x", "support-42"));
    expect(missing.where).toBe("sessionId");
    expect(missing.message).toBe("sessionPath needs sessionId as a string, got nothing");
    const agent = refusal(() => (sessionPath as Loose)("/tmp/x", undefined, "support-42"));
    expect(agent.where).toBe("agentId");
    expect(refusal(() => (assertSessionId as Loose)(7)).message).toBe(
      "assertSessionId needs id as a string, got the number 7",
    );
    // Strings go as before.
    expect(sessionPath("/tmp/x", "main", "support-42")).toBe(
      path.join("/tmp/x", "agents", "main", "sessions", "support-42.jsonl"),
    );
  });

  it("loadSession without its id and openSessionWriter with a number id write and read nothing", () => {
    const file = path.join(tempDir(), "s.jsonl");
    const load = refusal(() => (loadSession as Loose)(file));
    expect(load.code).toBe("usage");
    expect(load.where).toBe("id");
    expect(load.message).toBe("loadSession needs id as a string, got nothing");
    const open = refusal(() => (openSessionWriter as Loose)(file, 5, "main"));
    expect(open.where).toBe("id");
    expect(open.message).toBe("openSessionWriter needs id as a string, got the number 5");
    expect(existsSync(file)).toBe(false);
  });
});
