/**
 * An included file that cannot be used (missing, a loop of symbolic links, not an object) and an
 * `$include` that cannot be a path (a NUL character) are told at the `$include`'s line, naming the
 * included file, in our words: the errors named only the included file, or gave Node's wording
 * (with a raw NUL byte on the terminal and the hint "check that the file exists").
 */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

async function validate(dir: string) {
  return runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });
}

const including = (target: string) =>
  `{\n  gateway: { port: 42604 },\n  $include: ${JSON.stringify(target)},\n}\n`;

describe("an $include whose file cannot be used names its line and the file", () => {
  it("when the included file is missing", async () => {
    const dir = tempFiles({ "openclaw.json": including("./nope.json5") });
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: cannot read config file ${join(dir, "nope.json5")}: no such file\n`,
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    expect(stderr).toContain(
      "hint: check the $include path: it is relative to the file that includes it",
    );
  });

  it("when a file included by an included file is missing, at that file's line", async () => {
    const dir = tempFiles({
      "openclaw.json": '{ $include: "./a.json5" }\n',
      "a.json5": '{\n  models: {},\n  $include: "./nope.json5",\n}\n',
    });
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: cannot read config file ${join(dir, "nope.json5")}: no such file\n`,
    );
    expect(stderr).toContain(`  at ${join(dir, "a.json5")}:3\n`);
  });

  it("when the included file does not hold an object", async () => {
    const dir = tempFiles({ "openclaw.json": including("./list.json5"), "list.json5": "[1, 2]\n" });
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: $include "./list.json5" does not hold an object: ${join(dir, "list.json5")} holds a list\n`,
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    expect(stderr).toContain(`hint: wrap the settings in ${join(dir, "list.json5")} in { }`);
  });

  it("when the included file is a loop of symbolic links", async () => {
    const dir = tempFiles({ "openclaw.json": including("./loop1") });
    symlinkSync("loop2", join(dir, "loop1"));
    symlinkSync("loop1", join(dir, "loop2"));
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: cannot read config file ${join(dir, "loop1")}: its symbolic links lead back to themselves\n`,
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    expect(stderr).toContain(
      `hint: point the $include at the file itself: ls -l ${join(dir, "loop1")}`,
    );
    expect(stderr).not.toContain("ELOOP");
  });

  it("when the path holds a NUL character, shown escaped", async () => {
    const dir = tempFiles({ "openclaw.json": including("\u0000") });
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'error: $include "\\u0000" is not a path: no file name holds the character \\u0000 (NUL)\n',
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    expect(stderr).not.toContain("\u0000");
    expect(stderr).not.toContain("check that the file exists");
  });

  it("when a missing file's name holds a control character, shown escaped", async () => {
    const dir = tempFiles({ "openclaw.json": including("./a\tb.json5") });
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot read config file ${join(dir, "a\\tb.json5")}: no such file\n`);
    expect(stderr).not.toContain("\t");
  });
});
