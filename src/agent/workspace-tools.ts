/**
 * The small opt-in CLI toolset (`openclaw agent --tools`): read a file and list a directory,
 * both confined to one root directory (the working directory). Paths that leave the root, also
 * through symlinks, are refused, and so are the places openclaw keeps keys (its state directory,
 * the config, any auth-profiles.json) when they lie inside the root. What a file returns is capped
 * (only that much is read, however large the file), binary content is not returned, and anything
 * shaped like an API key is masked: what the model reads goes to the provider and the transcript.
 */
import { open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { redactSecrets } from "../auth/index.js";
import { type AgentTool, defineTool } from "./tools.js";

const MAX_FILE_BYTES = 64 * 1024;
const MAX_ENTRIES = 500;
/** The credential store's name, refused wherever it lies. */
const CREDENTIAL_FILE = "auth-profiles.json";

function inside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === "" ||
    (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative))
  );
}

async function confine(
  root: string,
  requested: unknown,
  protectedPaths: string[],
): Promise<string> {
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
  if (!inside(realRoot, real)) throw new Error(`${requested}: outside the working directory`);
  if (
    path.basename(real) === CREDENTIAL_FILE ||
    protectedPaths.some((guarded) => inside(guarded, real))
  ) {
    throw new Error(`${requested}: openclaw keeps keys there, so it is not readable by the model`);
  }
  return real;
}

/** Up to `limit` bytes from the start of a file, without reading the rest. */
async function readHead(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The tools, confined to `root`. `protectedPaths` are files or directories the model may not read
 * even inside it (the CLI passes the state directory and the config file).
 */
export function workspaceTools(
  root: string = process.cwd(),
  protectedPaths: string[] = [],
): AgentTool<never>[] {
  const guarded = protectedPaths.map((entry) => path.resolve(entry));
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
      const file = await confine(root, args.path, await realGuarded());
      const info = await stat(file);
      if (!info.isFile()) throw new Error(`${String(args.path)}: not a file`);
      const head = await readHead(file, MAX_FILE_BYTES);
      // Some providers refuse an empty tool result ("text content is empty"): say it is empty.
      if (head.length === 0) return "(empty file)";
      if (head.includes(0)) return `(binary file, ${info.size} bytes: not shown)`;
      const text = redactSecrets(head.toString("utf8"));
      return info.size > MAX_FILE_BYTES
        ? `${text}\n[truncated: ${info.size} bytes, first ${MAX_FILE_BYTES} shown]`
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
      const dir = await confine(root, args.path ?? ".", await realGuarded());
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

  /** The protected paths as the file system names them (symlinks resolved), those that exist. */
  async function realGuarded(): Promise<string[]> {
    const found = await Promise.all(guarded.map((entry) => realpath(entry).catch(() => undefined)));
    return found.filter((entry): entry is string => entry !== undefined);
  }
}
