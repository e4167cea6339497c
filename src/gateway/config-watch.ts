/**
 * Watches the config files (and the credential store) for changes. Directories are watched
 * rather than files, because atomic writers replace the file and a file watch would go stale.
 * A file that is a symlink (a dotfile manager's link into a repository) is watched in its
 * target's directory too, where its edits happen, and every link on the way to it in its own
 * directory, so that a link swapped to another target is seen (a Kubernetes ConfigMap's `..data`,
 * a deploy's `current` link to a release, whose old target stays). Each file's directory is
 * watched in its parent as well: a directory renamed away and replaced by another one (a restore,
 * a link to it swapped) holds a new file under the same name. A directory watch follows the
 * directory it began on, so each burst of changes checks that every watched path still is that
 * directory and watches it afresh where it is not. Changes are debounced so that an editor's burst
 * of writes triggers one reload.
 */
import { type FSWatcher, lstatSync, readlinkSync, realpathSync, statSync, watch } from "node:fs";
import { basename, dirname, isAbsolute, join, parse, resolve, sep } from "node:path";

export interface ConfigWatcher {
  /** Replaces the set of watched files (includes may change on reload). */
  setFiles(files: string[]): void;
  close(): void;
}

/** How long a burst of changes is let settle before it is reported (watchFiles' default). */
export const WATCH_DEBOUNCE_MS = 150;

/** Links followed at most while resolving one path (Linux's own limit is 40). */
const MAX_LINKS = 40;

/**
 * The symlinks met while resolving `path`, in order, each named in a directory that is no link
 * itself: their parent directories are where a link swapped to another target is seen. Stops at
 * the first part that is not there.
 */
function linksOnTheWay(path: string): string[] {
  const links: string[] = [];
  const full = resolve(path);
  let current = parse(full).root;
  const parts = full.slice(current.length).split(sep).filter(Boolean);
  while (parts.length > 0) {
    const name = parts.shift() as string;
    const next = join(current, name);
    if (name === "." || name === "..") {
      current = next;
      continue;
    }
    let target: string;
    try {
      if (!lstatSync(next).isSymbolicLink()) {
        current = next;
        continue;
      }
      target = readlinkSync(next);
    } catch {
      break; // not there (yet), or not readable: nothing further to follow
    }
    if (links.length === MAX_LINKS) break;
    links.push(next);
    if (isAbsolute(target)) current = parse(target).root;
    parts.unshift(
      ...target
        .slice(isAbsolute(target) ? current.length : 0)
        .split(sep)
        .filter(Boolean),
    );
  }
  return links;
}

/** Which file or directory a path leads to now (device and inode), or "" when to none. */
function identity(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return "";
  }
}

/**
 * How a watched name stands for a file: the file itself (any event reports it), or a link or a
 * directory on the way to it (an event reports it only if the path now leads to another file).
 */
type Role = "file" | "way";

/**
 * Calls `onChange` once a burst of changes settles, with the files that changed (full paths, in
 * the order first seen; every watched file of a directory whose event named none).
 */
export function watchFiles(
  files: string[],
  onChange: (changed: string[]) => void,
  options: {
    debounceMs?: number;
    /**
     * Told once per directory that cannot be watched for another reason than not being there
     * (the system's limit of watches reached, too many open files, no permission): its changes
     * go unseen until a later attempt, at the next change seen elsewhere, succeeds.
     */
    onUnwatchable?: (dir: string, reason: string) => void;
  } = {},
): ConfigWatcher {
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  /** Directories told as unwatchable, so that each is told once, not at every attempt. */
  const told = new Set<string>();
  const unwatchable = (dir: string, error: unknown) => {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    // Not there (yet), or not a directory: watched from its parent, nothing to say.
    if (code === "ENOENT" || code === "ENOTDIR" || told.has(dir)) return;
    told.add(dir);
    options.onUnwatchable?.(dir, watchFailure(code, error));
  };
  /** Per watched directory: its watcher, and which directory it began on. */
  const watchers = new Map<string, { watcher: FSWatcher; identity: string }>();
  /** Per watched directory: the names in it to watch, each with the files it stands for. */
  let names = new Map<string, Map<string, Map<string, Role>>>();
  /** Per watched file (full path): what it led to when last looked at. */
  let leadsTo = new Map<string, string>();
  let current = files;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  /** Files a link or directory on their way changed for: reported if they lead elsewhere now. */
  const moved = new Set<string>();

  const trigger = (dir: string, name: string | undefined) => {
    const wanted = names.get(dir);
    const which =
      name === undefined
        ? [...(wanted?.values() ?? [])].flatMap((files) => [...files])
        : [...(wanted?.get(name) ?? new Map<string, Role>([[join(dir, name), "file"]]))];
    for (const [file, role] of which) (role === "file" ? changed : moved).add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      for (const file of moved) {
        if (identity(file) !== leadsTo.get(file)) changed.add(file);
      }
      moved.clear();
      // A link swapped or a directory replaced: the watches follow the paths again.
      setFiles(current);
      if (changed.size === 0) return;
      const files = [...changed];
      changed.clear();
      onChange(files);
    }, debounceMs);
    timer.unref();
  };

  const stopWatching = (dir: string) => {
    watchers.get(dir)?.watcher.close();
    watchers.delete(dir);
  };

  const setFiles = (next: string[]) => {
    current = next;
    names = new Map();
    leadsTo = new Map();
    /** Watches `path`'s name in its directory, standing for `file` in `role`. */
    const add = (path: string, file: string, role: Role) => {
      const dir = dirname(path);
      if (dir === path) return; // the root is in no directory
      const inDir = names.get(dir) ?? new Map<string, Map<string, Role>>();
      const files = inDir.get(basename(path)) ?? new Map<string, Role>();
      if (files.get(file) !== "file") files.set(file, role);
      inDir.set(basename(path), files);
      names.set(dir, inDir);
    };
    for (const file of next) {
      const full = resolve(file);
      leadsTo.set(full, identity(full));
      add(full, full, "file");
      add(dirname(full), full, "way");
      for (const link of linksOnTheWay(full)) add(link, full, link === full ? "file" : "way");
      let target: string;
      try {
        target = realpathSync(full);
      } catch {
        continue; // not there (yet), or a dangling link: its own directory is watched
      }
      if (target !== full) {
        add(target, full, "file");
        add(dirname(target), full, "way");
      }
    }
    for (const [dir, watched] of watchers) {
      // Gone from the list, or the path leads to another directory now than the one watched.
      if (!names.has(dir) || identity(dir) !== watched.identity) stopWatching(dir);
    }
    for (const dir of names.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const began = identity(dir);
        const watcher = watch(dir, { persistent: false }, (_event, filename) => {
          const wanted = names.get(dir);
          if (filename === null) trigger(dir, undefined);
          else if (wanted?.has(filename.toString())) trigger(dir, filename.toString());
        });
        watcher.on("error", (error) => {
          if (watchers.get(dir)?.watcher === watcher) stopWatching(dir);
          else watcher.close();
          // A directory removed is watched again from its parent when it comes back.
          if (identity(dir) !== "") unwatchable(dir, error);
        });
        watchers.set(dir, { watcher, identity: began });
        told.delete(dir);
      } catch (error) {
        unwatchable(dir, error);
      }
    }
  };

  setFiles(files);
  return {
    setFiles,
    close() {
      if (timer) clearTimeout(timer);
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Why a directory cannot be watched, in words for the log. */
function watchFailure(code: string | undefined, error: unknown): string {
  switch (code) {
    case "ENOSPC":
      return "ENOSPC: the system's limit of file watches (inotify) is reached; raise it (sysctl fs.inotify.max_user_watches) or stop other watching programs";
    case "EMFILE":
    case "ENFILE":
      return `${code}: too many open files; raise the limit (ulimit -n) or stop other watching programs`;
    case "EACCES":
    case "EPERM":
      return `${code}: no permission to read the directory`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `file` and each directory on the way to it from `top` (`top` included), deepest first: watched
 * as files, the nearest one that exists tells when the next level appears (a state dir that
 * onboarding has not made yet). `file` must lie under `top`.
 */
export function pathsDownTo(top: string, file: string): string[] {
  const stop = resolve(top);
  const paths = [resolve(file)];
  for (let dir = dirname(paths[0] as string); dir.startsWith(stop); dir = dirname(dir)) {
    paths.push(dir);
    if (dir === stop || dirname(dir) === dir) break;
  }
  return paths;
}
