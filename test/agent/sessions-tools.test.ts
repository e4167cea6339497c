import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  loadSession,
  openSessionWriter,
  sessionPath,
  workspaceTools,
} from "../../src/agent/index.js";
import type { OpenClawError } from "../../src/errors.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { tempDir } from "../helpers/tmp.js";

const toolTurn: ChatMessage = {
  role: "assistant",
  content: null,
  reasoning_content: "I should look at the file first.",
  tool_calls: [
    {
      id: "functions.read_file:0",
      type: "function",
      function: { name: "read_file", arguments: '{"path":"a.txt"}' },
    },
  ],
};

/** Runs a workspace tool confined to `root` as the agent loop would: by name, JSON arguments. */
function workspaceRunner(root: string) {
  const registry = createToolRegistry(workspaceTools(root));
  return (name: string, args: unknown) =>
    registry.run({
      id: `functions.${name}:0`,
      type: "function",
      function: { name, arguments: JSON.stringify(args) },
    });
}

describe("sessions on disk", () => {
  it("stores one event per line under <state>/agents/<id>/sessions and reloads messages intact", () => {
    const state = tempDir("openclaw-sessions-");
    const file = sessionPath(state, "main", "s1");
    expect(file).toBe(path.join(state, "agents", "main", "sessions", "s1.jsonl"));
    const writer = openSessionWriter(file, "s1", "main");
    writer.appendMessage({ role: "user", content: "read a.txt" });
    writer.appendMessage(toolTurn);
    // Written as it happens: readable before close.
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    writer.appendMessage({ role: "tool", tool_call_id: "functions.read_file:0", content: "hello" });
    writer.close();
    const loaded = loadSession(file, "s1");
    expect(loaded.messages).toHaveLength(3);
    expect(loaded.messages[1]).toEqual(toolTurn);
    expect(loaded.skippedLines).toBe(0);
  });

  it("ignores a torn last line and appends cleanly after it", () => {
    const state = tempDir("openclaw-sessions-");
    const file = sessionPath(state, "main", "torn");
    const writer = openSessionWriter(file, "torn", "main");
    writer.appendMessage({ role: "user", content: "one" });
    writer.close();
    appendFileSync(file, '{"type":"message","message":{"role":"assistant","cont');
    const torn = loadSession(file, "torn");
    expect(torn.messages).toEqual([{ role: "user", content: "one" }]);
    expect(torn.skippedLines).toBe(1);
    const again = openSessionWriter(file, "torn", "main");
    again.appendMessage({ role: "user", content: "two" });
    again.close();
    expect(loadSession(file, "torn").messages.map((m) => m.content)).toEqual(["one", "two"]);
  });

  it("a closed session refuses more events, saying how to go on with it", () => {
    const state = tempDir("openclaw-sessions-");
    const file = sessionPath(state, "main", "done");
    const writer = openSessionWriter(file, "done", "main");
    writer.close();
    const error = (() => {
      try {
        writer.appendMessage({ role: "user", content: "one more" });
      } catch (thrown) {
        return thrown as OpenClawError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: "session_closed", where: file });
    expect(error?.hint).toMatch(/open it again with openSessionWriter\(file, id, agentId\)/);
    // Opened again, it goes on in the same file.
    const again = openSessionWriter(file, "done", "main");
    again.appendMessage({ role: "user", content: "one more" });
    again.close();
    expect(loadSession(file, "done").messages).toEqual([{ role: "user", content: "one more" }]);
  });

  it("refuses session ids that would leave the sessions directory", () => {
    expect(() => sessionPath("/tmp/x", "main", "../../etc/passwd")).toThrow(/not allowed/);
    expect(() => sessionPath("/tmp/x", "main", "a/b")).toThrow(/not allowed/);
  });
});

describe("tools", () => {
  it("defineTool rejects schemas the providers would refuse", () => {
    expect(() =>
      defineTool({
        name: "bad name",
        description: "",
        parameters: { type: "object" },
        run: () => "",
      }),
    ).toThrow(/not allowed/);
    expect(() =>
      defineTool({ name: "ok", description: "", parameters: { type: "string" }, run: () => "" }),
    ).toThrow(/type "object"/);
  });

  it("defineTool's refusal names the field to fix in `where` (null in its JSON before)", () => {
    const refusal = (tool: Parameters<typeof defineTool>[0]) => {
      try {
        defineTool(tool);
      } catch (thrown) {
        return (thrown as OpenClawError).toJSON();
      }
      throw new Error("expected defineTool to refuse it");
    };
    const run = () => "";
    expect(
      refusal({ name: "$x", description: "", parameters: { type: "object" }, run }),
    ).toMatchObject({ code: "invalid_tool", where: "name" });
    expect(
      refusal({ name: "ok", description: "", parameters: { type: "string" }, run }),
    ).toMatchObject({ code: "invalid_tool", where: "parameters.type" });
  });

  it("refuses two tools of one name, naming both and saying to rename one", () => {
    const tool = (name: string) =>
      defineTool({ name, description: "", parameters: { type: "object" }, run: () => "" });
    let error: OpenClawError | undefined;
    try {
      createToolRegistry([tool("search"), tool("fetch"), tool("search")]);
    } catch (thrown) {
      error = thrown as OpenClawError;
    }
    expect(error).toMatchObject({
      code: "invalid_tool",
      message: 'two tools are named "search": tools[0] and tools[2]',
      where: "tools[2]",
    });
    expect(error?.hint).toMatch(/^rename one of them \(e\.g\. "search_2"\)/);
  });

  it("runs a call, reports bad JSON and unknown tools back to the model", async () => {
    const add = defineTool<{ a: number; b: number }>({
      name: "add",
      description: "adds",
      parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
      run: ({ a, b }) => ({ sum: a + b }),
    });
    const registry = createToolRegistry([add]);
    expect(registry.definitions()[0]?.function.name).toBe("add");
    const call = (name: string, args: string) => ({
      id: "functions.add:0",
      type: "function" as const,
      function: { name, arguments: args },
    });
    expect(await registry.run(call("add", '{"a":2,"b":3}'))).toEqual({
      content: '{"sum":5}',
      isError: false,
    });
    expect((await registry.run(call("add", "{nope"))).isError).toBe(true);
    expect((await registry.run(call("mul", "{}"))).content).toMatch(/no tool named "mul"/);
  });

  it("workspace tools stay inside the working directory, symlinks included", async () => {
    const root = tempDir("openclaw-ws-");
    const outside = tempDir("openclaw-outside-");
    writeFileSync(path.join(outside, "secret.txt"), "do not read");
    writeFileSync(path.join(root, "a.txt"), "inside");
    mkdirSync(path.join(root, "sub"));
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
    const run = workspaceRunner(root);
    expect(await run("read_file", { path: "a.txt" })).toEqual({
      content: "inside",
      isError: false,
    });
    expect((await run("list_dir", {})).content.split("\n")).toEqual(["a.txt", "link.txt", "sub/"]);
    const leaving = await run("read_file", { path: `../${path.basename(outside)}/secret.txt` });
    expect(leaving.isError).toBe(true);
    expect(leaving.content).toMatch(/outside the working directory/);
    // Whether a path outside exists is not told: missing or not, it is outside.
    for (const probe of [`../${path.basename(outside)}/missing.txt`, "/no/such/dir", "/etc"]) {
      for (const tool of ["read_file", "list_dir"]) {
        const probed = await run(tool, { path: probe });
        expect(probed.content, `${tool} ${probe}`).toBe(
          `error: ${probe}: outside the working directory`,
        );
      }
    }
    const viaLink = await run("read_file", { path: "link.txt" });
    expect(viaLink.isError).toBe(true);
    expect(viaLink.content).not.toContain("do not read");
    // A name that only starts with two dots is inside.
    writeFileSync(path.join(root, "..notes.txt"), "dots");
    expect(await run("read_file", { path: "..notes.txt" })).toEqual({
      content: "dots",
      isError: false,
    });
  });

  it("through a symlink that leads out, a missing path is outside too: what exists there is not told", async () => {
    const root = tempDir("openclaw-ws-");
    const outside = tempDir("openclaw-outside-");
    writeFileSync(path.join(outside, "there.txt"), "x");
    symlinkSync(outside, path.join(root, "out"));
    symlinkSync(path.join(outside, "there.txt"), path.join(root, "file-link"));
    mkdirSync(path.join(root, "sub"));
    const run = workspaceRunner(root);
    // Before: "out/there.txt" was outside but "out/missing.txt" no such file, and likewise under
    // a symlink to a file: the model could map which files exist outside the working directory.
    for (const probe of ["out/there.txt", "out/missing.txt", "out/a/b/c", "file-link/x"]) {
      for (const tool of ["read_file", "list_dir"]) {
        const probed = await run(tool, { path: probe });
        expect(probed.content, `${tool} ${probe}`).toBe(
          `error: ${probe}: outside the working directory`,
        );
      }
    }
    // Inside, a missing path is still said to be missing.
    expect((await run("read_file", { path: "sub/missing.txt" })).content).toBe(
      "error: sub/missing.txt: no such file or directory",
    );
  });

  it("read_file keeps keys, binaries and huge files from the model; an empty file says so", async () => {
    const root = tempDir("openclaw-ws-");
    const state = path.join(root, ".openclaw");
    mkdirSync(path.join(state, "agents", "main", "agent"), { recursive: true });
    const key = "sk-test-workspace-key-0001";
    writeFileSync(path.join(state, "openclaw.json"), "{}");
    writeFileSync(path.join(state, "agents", "main", "agent", "auth-profiles.json"), key);
    mkdirSync(path.join(root, "copy"));
    writeFileSync(path.join(root, "copy", "auth-profiles.json"), key);
    writeFileSync(path.join(root, "notes.txt"), `the key is ${key}`);
    writeFileSync(path.join(root, "empty.txt"), "");
    writeFileSync(path.join(root, "image.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    // Sparse: 200 MB on paper, nothing on disk; only the first 64 KB are read.
    const big = path.join(root, "big.log");
    writeFileSync(big, "x".repeat(70_000));
    truncateSync(big, 200 * 1024 * 1024);
    const registry = createToolRegistry(workspaceTools(root, [state]));
    const read = (file: string) =>
      registry.run({
        id: "functions.read_file:0",
        type: "function",
        function: { name: "read_file", arguments: JSON.stringify({ path: file }) },
      });
    for (const file of [
      ".openclaw/openclaw.json",
      ".openclaw/agents/main/agent/auth-profiles.json",
      "copy/auth-profiles.json",
    ]) {
      const refused = await read(file);
      expect(refused.isError, file).toBe(true);
      expect(refused.content).toContain("openclaw keeps keys there");
      expect(refused.content).not.toContain(key);
    }
    expect((await read("notes.txt")).content).toBe("the key is sk-***");
    expect(await read("empty.txt")).toEqual({ content: "(empty file)", isError: false });
    expect((await read("image.bin")).content).toBe("(binary file, 4 bytes: not shown)");
    // A named pipe is opened without waiting for a writer, then refused.
    execFileSync("mkfifo", [path.join(root, "pipe")]);
    expect((await read("pipe")).content).toMatch(/pipe: not a file/);
    // So is a Unix socket, named as the model named it: before, "ENXIO: no such device or
    // address, open '/tmp/…/sock'", a path outside the model's view.
    execFileSync("python3", ["-c", "import socket;socket.socket(socket.AF_UNIX).bind('sock')"], {
      cwd: root,
    });
    const socket = await read("sock");
    expect(socket).toEqual({ content: "error: sock: not a file", isError: true });
    expect(socket.content).not.toContain(root);
    const head = await read("big.log");
    expect(head.content).toMatch(/^x{65536}\n\[truncated: 209715200 bytes, first 65536 shown\]$/);
  });

  it("a directory swapped for a symlink to outside while the tools run never lets them read there", async () => {
    const root = tempDir("openclaw-ws-");
    const outside = tempDir("openclaw-outside-");
    writeFileSync(path.join(outside, "f.txt"), "OUTSIDE");
    writeFileSync(path.join(outside, "outside-only.txt"), "");
    mkdirSync(path.join(root, "d"));
    writeFileSync(path.join(root, "d", "f.txt"), "inside");
    // A second thread keeps replacing root/d (a real directory, which is what the check sees)
    // with a symlink to the outside directory and back, by atomic renames, as a local process
    // racing the agent could.
    const swapper = new Worker(
      `const { symlinkSync, renameSync } = require("node:fs");
       const { root, outside } = require("node:worker_threads").workerData;
       symlinkSync(outside, root + "/link");
       const flip = (from, to) => { try { renameSync(from, to); } catch {} };
       for (;;) {
         flip(root + "/d", root + "/dir"); flip(root + "/link", root + "/d");
         flip(root + "/d", root + "/link"); flip(root + "/dir", root + "/d");
       }`,
      { eval: true, workerData: { root, outside } },
    );
    const run = workspaceRunner(root);
    const seen: string[] = [];
    try {
      for (let i = 0; i < 400; i++) {
        seen.push((await run("read_file", { path: "d/f.txt" })).content);
        seen.push((await run("list_dir", { path: "d" })).content);
      }
    } finally {
      await swapper.terminate();
    }
    expect(seen.some((content) => content === "inside")).toBe(true);
    expect(seen.filter((content) => /OUTSIDE|outside-only/.test(content))).toEqual([]);
  });
});
