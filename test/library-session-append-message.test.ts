/**
 * The library's session writer refuses, when it is appended, a message loadSession would leave
 * out of the history (a string, a role that does not exist, a tool result without its call's
 * id). Before, it was written as given, and the next load dropped it with a warning only: the
 * turn was lost, and the program had been told nothing when it wrote it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ChatMessage, loadSession, openSessionWriter } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

/** Plain JavaScript's view of appendMessage: any value goes. */
const loose = (value: unknown) => value as ChatMessage;

describe("appendMessage on a session writer", () => {
  it("refuses what loadSession would leave out, naming the field, and writes nothing", () => {
    const file = join(tempDir(), "support-42.jsonl");
    const writer = openSessionWriter(file, "support-42", "main");
    const written = readFileSync(file, "utf8");
    const text = refusal(() => writer.appendMessage(loose("Hello")));
    expect(text).toMatchObject({ code: "usage", where: "message" });
    expect(text.message).toBe(
      'appendMessage on session support-42: message must be a message object, got the string "Hello"; loadSession would leave it out of the history',
    );
    expect(text.hint).toBe(
      'a message is {role, content}, e.g. {role: "user", content: "Hi"}; nothing was written',
    );
    const role = refusal(() => writer.appendMessage(loose({ role: "human", content: "Hi" })));
    expect(role).toMatchObject({ code: "usage", where: "message.role" });
    const tool = refusal(() => writer.appendMessage(loose({ role: "tool", content: "sunny" })));
    expect(tool).toMatchObject({ code: "usage", where: "message.tool_call_id" });
    expect(readFileSync(file, "utf8")).toBe(written);
    writer.close();
  });

  it("writes a message that reads back, as before", () => {
    const file = join(tempDir(), "support-43.jsonl");
    const writer = openSessionWriter(file, "support-43", "main");
    writer.appendMessage({ role: "user", content: "Hi" });
    writer.appendMessage({ role: "assistant", content: "Hello" });
    writer.close();
    const loaded = loadSession(file, "support-43");
    expect(loaded.warnings).toEqual([]);
    expect(loaded.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
    ]);
  });
});
