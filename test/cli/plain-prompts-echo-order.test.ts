/**
 * On a dumb terminal a question is written only once the terminal's echo is off: a person (or a
 * test) answering the moment the question shows must never have the answer echoed by the
 * terminal itself. With the question first, a key pasted at once was echoed whole when the
 * process was slow to turn echo off (a loaded machine).
 */
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { plainUi } from "../../src/cli/plain-prompts.js";

/** A terminal's two sides, recording the order of echo changes and what was written. */
function fakeTerminal() {
  const events: string[] = [];
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode(on: boolean) {
      events.push(on ? "echo off" : "echo on");
      return input;
    },
  });
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        events.push(`wrote ${JSON.stringify(chunk.toString())}`);
        done();
      },
    }),
    { columns: 80, isTTY: true },
  );
  return {
    events,
    input: input as unknown as NodeJS.ReadStream,
    output: output as unknown as NodeJS.WriteStream,
    type: (text: string) => input.write(text),
  };
}

describe("a question on a dumb terminal", () => {
  it("is written after echo is turned off, and echo comes back on once answered", async () => {
    const term = fakeTerminal();
    const ui = plainUi(term.input, term.output);
    const answer = ui.password({ message: "API key" });
    await new Promise((resolve) => setImmediate(resolve));
    term.type("sk-typed\r");
    expect(await answer).toBe("sk-typed");
    const prompt = term.events.findIndex((event) => event.includes("Password for the API key"));
    expect(prompt).toBeGreaterThan(-1);
    expect(term.events.indexOf("echo off")).toBeGreaterThan(-1);
    expect(term.events.indexOf("echo off")).toBeLessThan(prompt);
    expect(term.events.indexOf("echo on")).toBeGreaterThan(prompt);
    // The key is never written back.
    expect(term.events.join("\n")).not.toContain("sk-typed");
  });

  it("takes an answer already typed ahead without waiting, echo still turned off first", async () => {
    const term = fakeTerminal();
    term.type("sk-ahead\r");
    const ui = plainUi(term.input, term.output);
    expect(await ui.password({ message: "API key" })).toBe("sk-ahead");
    const prompt = term.events.findIndex((event) => event.includes("Password for"));
    expect(term.events.indexOf("echo off")).toBeLessThan(prompt);
    expect(term.events.indexOf("echo on")).toBeGreaterThan(prompt);
  });
});
