/**
 * Every command's --help at COLUMNS=40 (a guard, no behaviour changed with it): no line is wider
 * than 40 cells but one that holds a single word no break can part without changing what a user
 * copies (a quoted message, a config path, a `VAR=value`), with its ` \` continuation if any.
 */
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { shellWords } from "../../src/cli/example-lines.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir, ...env } });
}

/** Every command's words (the program's none), found through each help's `commands`. */
async function everyCommand(): Promise<string[][]> {
  const found: string[][] = [];
  let level: string[][] = [[]];
  while (level.length > 0) {
    const next = await Promise.all(
      level.map(async (path) => {
        const result = await run([...path, "--help", "--json"]);
        const help = JSON.parse(result.stdout) as { commands: { name: string }[] };
        return help.commands.filter((sub) => sub.name !== "help").map((sub) => [...path, sub.name]);
      }),
    );
    found.push(...level);
    level = next.flat();
  }
  return found;
}

/** A line that is one word no break may part: its text, without indent and ` \`, one shell word. */
function oneUnbreakableWord(line: string): boolean {
  const text = line.trim().replace(/ \\$/, "");
  return shellWords(text).length === 1;
}

describe("every command's --help at 40 columns", () => {
  it("has no line wider than 40 cells but one unbreakable word", async () => {
    const commands = await everyCommand();
    expect(commands.length).toBeGreaterThan(20);
    const over: string[] = [];
    await Promise.all(
      commands.map(async (words) => {
        const result = await run([...words, "--help"], { COLUMNS: "40" });
        expect(result.code, words.join(" ")).toBe(0);
        for (const line of result.stdout.split("\n")) {
          if (displayWidth(line) > 40 && !oneUnbreakableWord(line))
            over.push(`openclaw ${words.join(" ")}: ${line}`);
        }
      }),
    );
    expect(over).toEqual([]);
  }, 60_000);
});
