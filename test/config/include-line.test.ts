/**
 * A refused `$include` (not a path, outside the config directory, part of a cycle) is told at
 * the line it is written on, as every other config problem is: the error named only the file,
 * which may hold several `$include`s.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

async function validate(files: Record<string, string>) {
  const dir = tempFiles(files);
  const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });
  return { dir, ...result };
}

describe("a refused $include names its line", () => {
  it("when it is not a path", async () => {
    const { dir, code, stderr } = await validate({
      "openclaw.json":
        "{\n  gateway: { port: 42212 },\n  models: {\n    $include: { a: 1 },\n  },\n}\n",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("error: $include must be a path or a list of paths\n");
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:4\n`);
  });

  it("when one entry of a list points outside the config directory", async () => {
    const { dir, code, stderr } = await validate({
      "openclaw.json": '{\n  $include: [\n    "./a.json5",\n    "../../etc/passwd",\n  ],\n}\n',
      "a.json5": "{}",
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'error: $include "../../etc/passwd" points outside the config directory',
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:4\n`);
  });

  it("when it closes a cycle, in the file that includes back", async () => {
    const { dir, code, stderr } = await validate({
      "openclaw.json": '{ $include: "./a.json5" }\n',
      "a.json5": '{\n  gateway: { port: 42213 },\n  $include: "./openclaw.json",\n}\n',
    });
    expect(code).toBe(1);
    expect(stderr).toContain("error: $include cycle: openclaw.json → a.json5 → openclaw.json");
    expect(stderr).toContain(`  at ${join(dir, "a.json5")}:3\n`);
  });
});
