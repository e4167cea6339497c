import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChatMessage,
  loadSession,
  openSessionWriter,
  type RunResult,
  runSessionTurn,
} from "../src/index.js";
import {
  expectMasked,
  PASTED_KEY,
  runtimeWithKeyNamedProvider,
} from "./helpers/key-named-provider.js";
import { thrownBy } from "./helpers/thrown.js";
import { tempFiles } from "./helpers/tmp.js";
import { startSimulator } from "./simulator/index.js";
import type { Simulator } from "./simulator/types.js";

const KEY = PASTED_KEY;

describe("the library's session files mask a key pasted as a directory or a session id", () => {
  it("loadSession names a newer file, a directory in its place and another session's header id sk-kimi-***", () => {
    const dir = tempFiles({
      [`${KEY}.jsonl`]: `${JSON.stringify({ type: "session", version: 99, id: "s" })}\n`,
      "other.jsonl": `${JSON.stringify({ type: "session", version: 1, id: KEY })}\n`,
    });
    mkdirSync(join(dir, `${KEY}.d`));
    const newer = expectMasked(thrownBy(() => loadSession(join(dir, `${KEY}.jsonl`), "s")));
    expect(newer.code).toBe("session_version");
    expect(newer.message).toBe(
      `session ${dir}/sk-kimi-***.jsonl was written in format version 99; this openclaw reads version 1`,
    );
    expect(newer.where).toBe(`${dir}/sk-kimi-***.jsonl`);
    const unreadable = expectMasked(thrownBy(() => loadSession(join(dir, `${KEY}.d`), "s")));
    expect(unreadable.code).toBe("session_unreadable");
    expect(unreadable.message).toContain(`cannot read session ${dir}/sk-kimi-***.d:`);
    // Another session's file (its header's id a key): refused, that id masked, the rest as it was.
    const other = expectMasked(thrownBy(() => loadSession(join(dir, "other.jsonl"), "s")));
    expect(other.code).toBe("session_mismatch");
    expect(other.message).toBe(
      `session file ${dir}/other.jsonl belongs to session "sk-kimi-***" (its header, line 1), not "s"`,
    );
  });

  it("openSessionWriter and a closed writer's append name sk-kimi-***; a directory in the file's place is said in words", () => {
    const dir = tempFiles({ [KEY]: "a file, not a directory" });
    const underFile = expectMasked(
      thrownBy(() => openSessionWriter(join(dir, KEY, "s.jsonl"), "s", "main")),
    );
    expect(underFile.message).toContain(`could not write ${dir}/sk-kimi-***/s.jsonl`);
    mkdirSync(join(dir, "d", `${KEY}.jsonl`), { recursive: true });
    // Before: Node's own "EISDIR: illegal operation on a directory, open '…'", key and all.
    const directory = expectMasked(
      thrownBy(() => openSessionWriter(join(dir, "d", `${KEY}.jsonl`), "s", "main")),
    );
    expect(directory.code).toBe("fs.unwritable");
    expect(directory.message).toBe(
      `could not write ${dir}/d/sk-kimi-***.jsonl: the path is a directory`,
    );
    const writer = openSessionWriter(join(dir, "ok.jsonl"), KEY, "main");
    writer.appendMessage({ role: "user", content: "hi" });
    writer.close();
    const closed = expectMasked(
      thrownBy(() => writer.appendMessage({ role: "user", content: "again" })),
    );
    expect(closed.code).toBe("session_closed");
    expect(closed.message).toBe("session sk-kimi-*** is closed");
    expect(loadSession(join(dir, "ok.jsonl"), KEY).messages).toEqual([
      { role: "user", content: "hi" },
    ]);
  });
});

describe("runSessionTurn masks a key pasted where a name goes", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const opened = () => runtimeWithKeyNamedProvider(sim);

  it("an option named with a key is named sk-kimi-*** in the rejection", async () => {
    const { runtime } = opened();
    const rejected = await runSessionTurn({
      runtime,
      history: [],
      user: { role: "user", content: "hi" },
      record: () => {},
      recordUsage: () => {},
      [KEY]: true,
    } as Parameters<typeof runSessionTurn>[0]).catch((error: unknown) => error);
    const error = expectMasked(rejected);
    expect(error.code).toBe("usage");
    expect(error.message).toBe('runSessionTurn has no option "sk-kimi-***"');
  });

  it("a turn records its messages, and what the caller's record throws comes back as it is", async () => {
    const { runtime } = opened();
    const recorded: ChatMessage[] = [];
    const usage: RunResult[] = [];
    const result = await runSessionTurn({
      runtime,
      history: [],
      user: { role: "user", content: "hi" },
      record: (message) => void recorded.push(message),
      recordUsage: (run) => void usage.push(run),
    });
    expect(recorded.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(usage).toHaveLength(1);
    expect(result.message.content).toBe("Echo: hi");
    const own = new Error(`record failed at ${KEY}`);
    const thrown = await runSessionTurn({
      runtime,
      history: [],
      user: { role: "user", content: "hi" },
      record: () => {
        throw own;
      },
      recordUsage: () => {},
    }).catch((error: unknown) => error);
    expect(thrown).toBe(own);
  });
});
