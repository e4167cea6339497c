/**
 * The provider page's two config snippets (Moonshot, then Kimi Code) pasted one after the other
 * into the config file: each is a whole file with its own outer braces. The error names the
 * second object and the line the first ends on, and says to merge them, instead of the generic
 * "check for a missing comma" that sends the person looking where nothing is wrong.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const PAGE = readFileSync(
  path.join(import.meta.dirname, "../../docs/providers/moonshot.md"),
  "utf8",
);

/** The json5 block under a heading of the page, as a person copies it. */
function snippetUnder(heading: string): string {
  const section = PAGE.slice(PAGE.indexOf(`\n${heading}\n`));
  const match = /```json5\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no json5 snippet under ${heading}`);
  return match[1];
}

describe("the provider page's two config snippets pasted into one file", () => {
  it("config validate says the file holds two objects and to merge them", async () => {
    const dir = tempDir();
    const moonshot = snippetUnder("## Config: Moonshot API");
    const kimi = snippetUnder("## Config: Kimi Code");
    writeFileSync(path.join(dir, "openclaw.json"), `${moonshot}${kimi}`);
    const firstEnds = moonshot.trimEnd().split("\n").length;

    const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `openclaw.json:${firstEnds + 1}:1: a second object starts here, after the one that ends at line ${firstEnds}\n`,
    );
    expect(result.stderr).toContain(
      "hint: a config file holds one object: move what this one sets into the first and drop its outer braces; both set env, agents, models, so merge what is inside them",
    );
    expect(result.stderr).not.toContain("missing comma");
  });

  it("joined by a comma, as items of a list are, it points at where the second starts", async () => {
    const dir = tempDir();
    const moonshot = snippetUnder("## Config: Moonshot API").trimEnd();
    const kimi = snippetUnder("## Config: Kimi Code");
    const firstEnds = moonshot.split("\n").length;

    writeFileSync(path.join(dir, "openclaw.json"), `${moonshot},\n${kimi}`);
    const onNextLine = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    writeFileSync(path.join(dir, "openclaw.json"), `${moonshot},${kimi}`);
    const onSameLine = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });

    expect(onNextLine.code).toBe(1);
    expect(onNextLine.stderr).toContain(
      `openclaw.json:${firstEnds + 1}:1: a second object starts here, after the one that ends at line ${firstEnds} and the comma after it\n`,
    );
    expect(onSameLine.code).toBe(1);
    expect(onSameLine.stderr).toContain(
      `openclaw.json:${firstEnds}:3: a second object starts here, after the one that ends at line ${firstEnds} and the comma after it\n`,
    );
    for (const result of [onNextLine, onSameLine]) {
      expect(result.stderr).toContain(
        "hint: a config file holds one object: move what this one sets into the first and drop its outer braces and the comma; both set env, agents, models, so merge what is inside them",
      );
      expect(result.stderr).not.toContain("invalid character");
    }
  });
});
