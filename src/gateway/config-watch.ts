/**
 * Watches the config files (and the credential store) for changes. Directories are watched
 * rather than files, because atomic writers replace the file and a file watch would go stale.
 * Changes are debounced so that an editor's burst of writes triggers one reload.
 */
import { type FSWatcher, watch } from "node:fs";
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
  let names = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();

  const trigger = (dir: string, name: string | undefined) => {
    const which = name === undefined ? [...(names.get(dir) ?? [])] : [name];
    for (const file of which) changed.add(join(dir, file));
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
    for (const file of next) {
      const full = resolve(file);
      const dir = dirname(full);
      const set = names.get(dir) ?? new Set<string>();
      set.add(basename(full));
      names.set(dir, set);
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
