/**
 * Watches the config files (and the credential store) for changes. Directories are watched
 * rather than files, because atomic writers replace the file and a file watch would go stale.
 * A file that is a symlink (a dotfile manager's link into a repository) is watched in its
 * target's directory too, where its edits happen. Changes are debounced so that an editor's
 * burst of writes triggers one reload.
 */
import { type FSWatcher, realpathSync, watch } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface ConfigWatcher {
  /** Replaces the set of watched files (includes may change on reload). */
  setFiles(files: string[]): void;
  close(): void;
}

/**
 * Calls `onChange` once a burst of changes settles, with the files that changed (full paths, in
 * the order first seen; every watched file of a directory whose event named none).
 */
export function watchFiles(
  files: string[],
  onChange: (changed: string[]) => void,
  debounceMs = 150,
): ConfigWatcher {
  const watchers = new Map<string, FSWatcher>();
  /** Per watched directory: the names in it to watch, each with the file it is reported as. */
  let names = new Map<string, Map<string, string>>();
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();

  const trigger = (dir: string, name: string | undefined) => {
    const wanted = names.get(dir);
    const which =
      name === undefined ? [...(wanted?.values() ?? [])] : [wanted?.get(name) ?? join(dir, name)];
    for (const file of which) changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const files = [...changed];
      changed.clear();
      onChange(files);
    }, debounceMs);
    timer.unref();
  };

  const setFiles = (next: string[]) => {
    names = new Map();
    const add = (path: string, reported: string) => {
      const dir = dirname(path);
      const inDir = names.get(dir) ?? new Map<string, string>();
      inDir.set(basename(path), reported);
      names.set(dir, inDir);
    };
    for (const file of next) {
      const full = resolve(file);
      add(full, full);
      let target: string;
      try {
        target = realpathSync(full);
      } catch {
        continue; // not there (yet), or a dangling link: its own directory is watched
      }
      if (target !== full) add(target, full);
    }
    for (const [dir, watcher] of watchers) {
      if (!names.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of names.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, filename) => {
          const wanted = names.get(dir);
          if (filename === null) trigger(dir, undefined);
          else if (wanted?.has(filename.toString())) trigger(dir, filename.toString());
        });
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(dir);
        });
        watchers.set(dir, watcher);
      } catch {
        // The directory does not exist (yet): nothing to watch there.
      }
    }
  };

  setFiles(files);
  return {
    setFiles,
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
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
