/**
 * An option written twice before its command's name is moved, in the hint, as commander reads it
 * after the name: a value-taking option keeps its last value (`--port 0 --port 1` is port 1), one
 * that collects keeps each. Every option with a parser was taken to collect, so a number parsed
 * by a parser (none of openclaw's options yet, hence a program of its own here) was moved twice.
 */
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { describeUsageMistake, namedCommand } from "../../src/cli/command-line.js";

/** A program whose `serve` takes a parsed --port and a collecting --tag, as openclaw's are built. */
function program(): Command {
  const root = new Command("tool").exitOverride().configureOutput({
    writeOut: () => {},
    writeErr: () => {},
    outputError: () => {},
  });
  root
    .command("serve")
    .option("--port <n>", "the port", (value: string) => Number.parseInt(value, 10))
    .option("--tag <t>", "a tag (repeatable)", (value: string, before: string[] | undefined) => [
      ...(before ?? []),
      value,
    ])
    .action(() => {});
  return root;
}

function hintFor(words: string[]): string {
  const root = program();
  try {
    root.parse(words, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return describeUsageMistake(error, namedCommand(root, words)).hint;
  }
  throw new Error(`${words.join(" ")} was accepted`);
}

describe("an option written twice before its command", () => {
  it("a parsed value that does not collect is moved once, with its last value", () => {
    expect(hintFor(["--port", "0", "--port", "1", "serve"])).toBe(
      "put it after the command's name: tool serve --port 1 … (tool serve --help lists the options)",
    );
    expect(hintFor(["--port=0", "--port", "1", "serve"])).toContain("tool serve --port 1 …");
  });

  it("one whose parser collects is moved with each value, in order", () => {
    expect(hintFor(["--tag", "a", "--tag", "b", "serve"])).toContain(
      "tool serve --tag a --tag b …",
    );
  });
});
