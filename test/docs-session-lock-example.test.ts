/**
 * The guide's session-lock line, run as a reader copies it: the `lockSession(…)` call it shows,
 * made twice on the file of session support-42 by one process, gives the message the guide
 * quotes for that case. Before, the call was `lockSession(file)`, whose error names the file
 * (`session /…/support-42.jsonl is already locked …`), not `session support-42` as quoted: the
 * session is named only when the lock is given its `sessionId`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { lockSession, sessionPath } from "../src/agent/index.js";
import { OpenClawError } from "../src/errors.js";
import { tempDir } from "./helpers/tmp.js";

const flatGuide = readFileSync(join(import.meta.dirname, "..", "docs/guide.md"), "utf8").replace(
  /\s*\n\s*/g,
  " ",
);

type Lock = Awaited<ReturnType<typeof lockSession>>;

it("the guide's lockSession call gives the message it quotes when this process holds the lock", async () => {
  const call =
    /`const lock = await (lockSession\([^`]*?\)); try \{ … \} finally \{ lock\.release\(\); \}`/.exec(
      flatGuide,
    )?.[1];
  const quoted = /the error says so, `(session [^`]+)`/.exec(flatGuide)?.[1];
  expect(call).toBeDefined();
  expect(quoted).toMatch(/^session support-42 is already locked by this process \(pid N\)/);
  const file = sessionPath(tempDir(), "main", "support-42");
  const session = { id: "support-42" };
  // The call as the guide writes it, with the names it uses in scope.
  const take = new Function("lockSession", "file", "session", `return ${call};`) as (
    lock: typeof lockSession,
    file: string,
    session: { id: string },
  ) => Promise<Lock>;
  const first = await take(lockSession, file, session);
  try {
    // The second waits (2 s by default): the same call with a short wait.
    const shortWait: typeof lockSession = (path, options) =>
      lockSession(path, { ...options, waitMs: 50 });
    const second = await take(shortWait, file, session).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(OpenClawError);
    const expected = (quoted ?? "").replace("pid N", `pid ${process.pid}`).replace(/…$/, "");
    const message = (second as OpenClawError).message;
    expect(message.slice(0, expected.length)).toBe(expected);
  } finally {
    first.release();
  }
});
