/**
 * Every reason the workspace tools cannot open or read a path reaches the model as the path it
 * asked for and a short reason, never Node's message: "EMFILE: too many open files, open
 * '/home/…/notes.txt'" named the absolute path, outside the model's view, for every code but the
 * few (ENOENT, EISDIR, ENXIO, EACCES…) worded before.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createToolRegistry, workspaceTools } from "../../src/agent/index.js";
import { tempDir } from "../helpers/tmp.js";

function runner(root: string) {
  const registry = createToolRegistry(workspaceTools(root));
  return (name: string, args: unknown) =>
    registry.run({
      id: `functions.${name}:0`,
      type: "function",
      function: { name, arguments: JSON.stringify(args) },
    });
}

describe("workspace tools' errors", () => {
  it("with every file descriptor in use (EMFILE), say so with the path as asked", () => {
    const root = tempDir("openclaw-ws-");
    writeFileSync(path.join(root, "notes.txt"), "hello");
    mkdirSync(path.join(root, "docs"));
    // The built module (npm run build), in a process of its own whose descriptors all get used.
    const module = path.join(import.meta.dirname, "../../dist/agent/index.js");
    const script = `import { openSync } from "node:fs";
import { createToolRegistry, workspaceTools } from ${JSON.stringify(module)};
const registry = createToolRegistry(workspaceTools(${JSON.stringify(root)}));
const run = (name, args) => registry.run({ id: "functions." + name + ":0", type: "function", function: { name, arguments: JSON.stringify(args) } });
// Once first, so that every module the tools load lazily is loaded before the descriptors run out.
await run("read_file", { path: "notes.txt" });
await run("list_dir", { path: "docs" });
const kept = [];
try { for (;;) kept.push(openSync("/dev/null", "r")); } catch {}
const results = [await run("read_file", { path: "notes.txt" }), await run("list_dir", { path: "docs" })];
process.stdout.write(JSON.stringify(results));`;
    const out = execFileSync(
      "sh",
      ["-c", `ulimit -n 1024 && exec "${process.execPath}" --input-type=module -e "$0"`, script],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual([
      {
        content: "error: notes.txt: too many files open in this process; try again shortly",
        isError: true,
      },
      {
        content: "error: docs: too many files open in this process; try again shortly",
        isError: true,
      },
    ]);
    expect(out).not.toContain(root);
  });

  it("a symlink loop and a name too long are told as such, not as missing", async () => {
    const root = tempDir("openclaw-ws-");
    symlinkSync("loop", path.join(root, "loop"));
    const run = runner(root);
    expect(await run("read_file", { path: "loop" })).toEqual({
      content: "error: loop: too many symbolic links on the way",
      isError: true,
    });
    const long = "n".repeat(300);
    const answer = await run("read_file", { path: long });
    expect(answer).toEqual({ content: `error: ${long}: the path is too long`, isError: true });
    expect(answer.content).not.toContain(root);
  });
});
