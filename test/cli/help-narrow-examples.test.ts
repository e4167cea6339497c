/**
 * Every command's --help on a 40- and a 30-column terminal: no line is wider than the terminal
 * but a single word (a path, a quoted argument, a URL), which is kept whole to be copied. An
 * example command too wide, or an `openclaw …` command quoted in prose, goes on over more lines
 * at argument boundaries, each but the last ending in ` \`, so that the shell still reads one
 * command: joined back, it is the command as written. Before, examples were kept whole (73–78
 * cells at COLUMNS=40), a command's description was not wrapped under 40 columns, and a command
 * in prose was kept whole (`openclaw models scan --provider <id> --add`, 42 cells at
 * COLUMNS=40; `(openclaw config get gateway.auth.token --reveal prints it again).`, 66, its
 * verb and the rest of the sentence taken for arguments), and an example that is one word with
 * a `$(…)` in it was kept whole (gateway's `TOKEN=$(openclaw config get gateway.auth.token
 * --reveal)`, 58 cells at COLUMNS=40). Runs the built CLI.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { continuedExampleLines, shellWords } from "../../src/cli/example-lines.js";
import { buildProgram } from "../../src/cli/main.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

/**
 * A line that is one word, once its indent, a `# ` and a trailing ` \` are set aside: no space
 * outside quotes, even inside a `$(…)`, which a line break may part as any command.
 */
function oneWord(line: string): boolean {
  const body = line.trim().replace(/^# /, "").replace(/ \\$/, "");
  return shellWords(body, { inSubstitutions: true }).length <= 1;
}

function tooWide(text: string, width: number): string[] {
  return text.split("\n").filter((line) => displayWidth(line) > width && !oneWord(line));
}

describe("help on a narrow terminal", () => {
  it.each([40, 30])("keeps every help page to %i columns but single words", async (width) => {
    const dir = tempDir("openclaw-help-narrow-");
    const paths = commandPaths(buildProgram());
    const pages = await Promise.all(
      paths.map(async (path) => {
        const result = await runCli([...path, "--help"], {
          env: { OPENCLAW_STATE_DIR: dir, COLUMNS: String(width) },
        });
        return { path: path.join(" "), lines: tooWide(result.stdout, width) };
      }),
    );
    expect(pages.filter((page) => page.lines.length > 0)).toEqual([]);
  });

  it("breaks an example only between its arguments, and the shell reads it back whole", () => {
    const command =
      '  openclaw agent -m "What is this?" --image photo.png --model moonshot/kimi-k2.5';
    const lines = continuedExampleLines(command, 40);
    expect(lines).toEqual([
      '  openclaw agent -m "What is this?" \\',
      "      --image photo.png \\",
      "      --model moonshot/kimi-k2.5",
    ]);
    const joined = lines.map((line) => line.trim().replace(/ \\$/, "")).join(" ");
    expect(shellWords(joined)).toEqual(shellWords(command.trim()));
  });

  it("parts a command that is one word, an assignment of a $(…), inside its $(…)", () => {
    // gateway --help's example was kept whole, 58 cells on a 40-column terminal.
    const command = "  TOKEN=$(openclaw config get gateway.auth.token --reveal)";
    const lines = continuedExampleLines(command, 40);
    expect(lines).toEqual([
      "  TOKEN=$(openclaw config get \\",
      "      gateway.auth.token --reveal)",
    ]);
    const joined = lines.map((line) => line.trim().replace(/ \\$/, "")).join(" ");
    expect(joined).toBe(command.trim());
  });

  it("keeps a quoted argument whole and an already continued line continued", () => {
    const lines = continuedExampleLines(
      "  openclaw config set 'models.providers.moonshot.models[0].input' \\",
      30,
    );
    expect(lines).toEqual([
      "  openclaw config set \\",
      "      'models.providers.moonshot.models[0].input' \\",
    ]);
  });
});

describe("models status on a 30-column terminal", () => {
  it("puts the aliases under their label when they do not fit beside it", async () => {
    const dir = tempDir("openclaw-status-narrow-");
    copyFileSync(SEED, join(dir, "openclaw.json"));
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: dir, COLUMNS: "30" },
    });
    const aliases = /\nAliases:\n[\s\S]*?\n\n/.exec(result.stdout)?.[0] ?? "";
    expect(aliases).toContain("\nAliases:\nKimi K2.5 →\n");
    expect(tooWide(aliases, 30)).toEqual([]);
  });
});
