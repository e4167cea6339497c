/**
 * The small opt-in CLI toolset (`openclaw agent --tools`): read a file and list a directory,
 * both confined to one root directory (the working directory). Paths that leave the root, also
 * through symlinks, are refused. Output is capped so a large file cannot flood the context.
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { type AgentTool, defineTool } from "./tools.js";

const MAX_FILE_BYTES = 64 * 1024;
const MAX_ENTRIES = 500;

async function confine(root: string, requested: unknown): Promise<string> {
  if (typeof requested !== "string" || requested.length === 0) {
    throw new Error('"path" must be a non-empty string');
  }
  const realRoot = await realpath(root);
  const target = path.resolve(realRoot, requested);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new Error(`${requested}: no such file or directory`);
  }
  const relative = path.relative(realRoot, real);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`${requested}: outside the working directory`);
  }
  return real;
}

export function workspaceTools(root: string = process.cwd()): AgentTool<never>[] {
  const readFileTool = defineTool<{ path?: unknown }>({
    name: "read_file",
    description: `Read a UTF-8 text file inside the working directory (at most ${MAX_FILE_BYTES / 1024} KB are returned).`,
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "Path relative to the working directory" },
      },
      required: ["path"],
    },
    async run(args) {
      const file = await confine(root, args.path);
      const info = await stat(file);
      if (!info.isFile()) throw new Error(`${String(args.path)}: not a file`);
      const bytes = await readFile(file);
      const text = bytes.subarray(0, MAX_FILE_BYTES).toString("utf8");
      return bytes.length > MAX_FILE_BYTES
        ? `${text}\n[truncated: ${bytes.length} bytes, first ${MAX_FILE_BYTES} shown]`
        : text;
    },
  });
  const listDirTool = defineTool<{ path?: unknown }>({
    name: "list_dir",
    description: "List a directory inside the working directory; directories end with /.",
    parameters: {
      type: "object",
      properties: {
        path: {
          type: "string",
          description: 'Path relative to the working directory ("." for it)',
        },
      },
      required: [],
    },
    async run(args) {
      const dir = await confine(root, args.path ?? ".");
      const entries = await readdir(dir, { withFileTypes: true });
      const names = entries
        .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
        .sort();
      const shown = names.slice(0, MAX_ENTRIES).join("\n");
      return names.length > MAX_ENTRIES
        ? `${shown}\n[${names.length - MAX_ENTRIES} more]`
        : shown || "(empty)";
    },
  });
  return [readFileTool, listDirTool] as AgentTool<never>[];
}
