/**
 * The small opt-in CLI toolset (`openclaw agent --tools`): read a file and list a directory,
 * both confined to one root directory (the working directory). Paths that leave the root, also
 * through symlinks (on Linux also one swapped in between the check and the open), are refused,
 * and so are the places openclaw keeps keys (its state directory, the config, any
 * auth-profiles.json) when they lie inside the root. What a file returns is capped
 * (only that much is read, however large the file), binary content is not returned, and anything
 * shaped like an API key is masked: what the model reads goes to the provider and the transcript.
 */
import { constants, type Dirent } from "node:fs";
import { type FileHandle, open, readdir, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { redactSecrets } from "../auth/index.js";
import { fsReason } from "../util/atomic-files.js";
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

/** Throws unless `real` (a resolved path) is inside `realRoot` and not a place keys are kept. */
function checkPlace(realRoot: string, real: string, requested: string, guarded: string[]): void {
  if (!inside(realRoot, real)) throw new Error(`${requested}: outside the working directory`);
  if (path.basename(real) === CREDENTIAL_FILE || guarded.some((entry) => inside(entry, real))) {
    throw new Error(`${requested}: openclaw keeps keys there, so it is not readable by the model`);
  }
}

/** The real path (symlinks resolved) of the nearest ancestor of `target` that exists. */
async function nearestRealAncestor(target: string): Promise<string> {
  let current = path.dirname(target);
  for (;;) {
    try {
      return await realpath(current);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** Where an open descriptor really points, from Linux's /proc; undefined elsewhere. */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Opens `requested` inside `root`, refusing what lies outside it or where keys are kept. The path
 * is checked, then opened, and then (on Linux) the opened file itself is checked again, so that a
 * path component swapped for a symlink between the two steps cannot redirect the read.
 */
async function openConfined(
  root: string,
  requested: unknown,
  guarded: string[],
  flags: number,
): Promise<{ handle: FileHandle; real: string }> {
  if (typeof requested !== "string" || requested.length === 0) {
    throw new Error('"path" must be a non-empty string');
  }
  const realRoot = await realpath(root);
  // Refused by its place before the file system is asked: else "no such file" for a missing
  // path outside would tell the model which files exist there.
  if (!inside(realRoot, path.resolve(realRoot, requested))) {
    throw new Error(`${requested}: outside the working directory`);
  }
  let real: string;
  try {
    real = await realpath(path.resolve(realRoot, requested));
  } catch (error) {
    // Missing through a symlink that leads out (`out/missing.txt`, `out` -> /etc) is outside
    // as well: "no such file" there, against "outside" for a file that exists, would tell it.
    const ancestor = await nearestRealAncestor(path.resolve(realRoot, requested));
    checkPlace(realRoot, ancestor, requested, guarded);
    throw openFailure(error, requested);
  }
  checkPlace(realRoot, real, requested, guarded);
  const handle = await open(real, flags).catch((error: unknown) => {
    throw openFailure(error, requested);
  });
  try {
    const opened = await openedPath(handle);
    if (opened !== undefined) checkPlace(realRoot, opened, requested, guarded);
    return { handle, real: opened ?? real };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Why a file-system call failed, in a few words; the ones fsReason has come from there. */
const TOOL_REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EMFILE: "too many files open in this process; try again shortly",
  ENFILE: "too many files open on this system; try again shortly",
  ETXTBSY: "the file is busy (a running program being written)",
  EBUSY: "the file is busy",
  ELOOP: "too many symbolic links on the way",
  ENAMETOOLONG: "the path is too long",
  EIO: "the disk could not be read (input/output error)",
  EAGAIN: "the file is not ready to be read; try again shortly",
  EOVERFLOW: "the file is too large to open",
  ENODEV: "not a file",
  EINVAL: "not a file that can be read",
  ESTALE: "the file's network share is gone (stale handle)",
};

/**
 * Why a file-system call on `requested` failed, for the model: with the path as it asked for it
 * and a short reason for every error code, never Node's message (it names the absolute path,
 * outside the model's view). A Unix socket or a device with no driver (ENXIO) is refused as
 * other non-files are. The code is kept for callers that tell cases apart.
 */
function openFailure(error: unknown, requested: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENXIO") return new Error(`${requested}: not a file`);
  if (typeof code !== "string") return new Error(`${requested}: could not be opened`);
  const known = TOOL_REASONS[code] ?? fsReason(error);
  // fsReason falls back to Node's own message, which names the absolute path: the code instead.
  const reason = known === (error as Error).message ? `could not be opened (${code})` : known;
  return Object.assign(new Error(`${requested}: ${reason}`), { code });
}

/** Up to `limit` bytes from the start of an open file, without reading the rest. */
async function readHead(handle: FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
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
      // Non-blocking: the check that it is a file now comes after the open, and opening a FIFO
      // would otherwise wait for a writer.
      const flags = constants.O_RDONLY | constants.O_NONBLOCK;
      const { handle } = await openConfined(root, args.path, await realGuarded(), flags);
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new Error(`${String(args.path)}: not a file`);
        const head = await readHead(handle, MAX_FILE_BYTES).catch((error: unknown) => {
          throw openFailure(error, String(args.path));
        });
        // Some providers refuse an empty tool result ("text content is empty"): say it is empty.
        if (head.length === 0) return "(empty file)";
        if (head.includes(0)) return `(binary file, ${info.size} bytes: not shown)`;
        const text = redactSecrets(head.toString("utf8"));
        return info.size > MAX_FILE_BYTES
          ? `${text}\n[truncated: ${info.size} bytes, first ${MAX_FILE_BYTES} shown]`
          : text;
      } finally {
        await handle.close();
      }
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
      const flags = constants.O_RDONLY | constants.O_DIRECTORY;
      const { handle, real } = await openConfined(
        root,
        args.path ?? ".",
        await realGuarded(),
        flags,
      ).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "ENOTDIR") {
          throw new Error(`${String(args.path)}: not a directory`);
        }
        throw error;
      });
      let entries: Dirent[];
      try {
        // The directory that was opened and checked, through its descriptor where Linux allows.
        const opened =
          (await openedPath(handle)) === undefined ? real : `/proc/self/fd/${handle.fd}`;
        entries = await readdir(opened, { withFileTypes: true }).catch((error: unknown) => {
          throw openFailure(error, String(args.path ?? "."));
        });
      } finally {
        await handle.close();
      }
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
