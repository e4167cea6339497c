/**
 * The credential store as the running gateway reads it: again whenever its file changes, and,
 * while the file cannot be read or is not a valid store (a save cut short, a typo, a file made
 * unreadable), as it was last read well, so that the keys already serving keep serving, as the
 * last good config does while its file is broken. A file removed is an empty store: taking it
 * away is how a person takes the keys away. Before any good read, the error is thrown.
 *
 * A file seen gone by a request is given STORE_SETTLE_MS to come back first: a hand rewrite (rm,
 * then write; an editor that renames the old file away before writing the new) leaves a moment
 * with no file, and a request then would be refused for want of a key the person never meant to
 * take away. A build (a reload, a key re-read, which the watcher makes once the file had
 * CONFIG_SETTLE_MS to come back) takes the store as it is: with a watcher, that build, not a
 * request, is what takes a deleted store's keys away.
 */
import { statSync } from "node:fs";
import { type AuthProfileStore, readAuthStore, storeStamp } from "../auth/index.js";
import { CONFIG_SETTLE_MS } from "./config-file-state.js";
import { WATCH_DEBOUNCE_MS } from "./config-watch.js";

/**
 * How long a store file seen gone by a request keeps the last one read serving: longer than the
 * watcher takes to build again after the deletion (its debounce, then CONFIG_SETTLE_MS), with
 * room for its timers running late on a busy machine. Were it shorter, a rewrite that the watcher
 * takes as one reload (written back just before its wait ends) could still refuse a request in
 * between for want of a key. Alone (no watcher: `watch: false`), it is how long a deleted store's
 * keys still serve.
 */
export const STORE_SETTLE_MS = WATCH_DEBOUNCE_MS + CONFIG_SETTLE_MS + 350;

/** storeStamp's value for a file that is not there. */
const ABSENT = "absent";

/** The store's directory as it is now: a file made or removed in it changes its times. */
function dirStamp(dir: string): string {
  const stat = statSync(dir, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : ABSENT;
}

export interface LastGoodStore {
  /** The store now, or the last one read well while the file is broken or just gone. */
  read(): AuthProfileStore;
  /**
   * What is wrong with the file now (it is read again), or undefined when it reads well; a file
   * gone is taken as gone from then on.
   */
  problem(): unknown;
}

/**
 * `now`: the clock a request's grace is measured by (milliseconds; a test gives its own, so that
 * what it checks does not hang on how busy the machine is).
 */
export function lastGoodStore(
  agentDir: string,
  now: () => number = () => performance.now(),
): LastGoodStore {
  let good: { stamp: string; store: AuthProfileStore } | undefined;
  /** The stamp of a file that failed to read and what was wrong: not read again until it changes. */
  let broken: { stamp: string; error: unknown } | undefined;
  /**
   * When a request first found the file gone since it was last read (by `now`), and its directory
   * then: a directory changed since (the file written back and deleted again while no request
   * looked, as with `watch: false` nothing else does) is a new deletion, whose grace starts anew.
   */
  let gone: { since: number; dir: string } | undefined;
  const attempt = (settled: boolean): unknown => {
    const stamp = storeStamp(agentDir);
    if (good?.stamp === stamp) return undefined;
    if (broken?.stamp === stamp) return broken.error;
    if (stamp === ABSENT && good !== undefined && !settled) {
      const at = now();
      const dir = dirStamp(agentDir);
      if (gone === undefined || gone.dir !== dir) gone = { since: at, dir };
      if (at - gone.since < STORE_SETTLE_MS) return undefined;
    }
    gone = undefined;
    try {
      good = { stamp, store: readAuthStore(agentDir) };
      broken = undefined;
      return undefined;
    } catch (error) {
      broken = { stamp, error };
      return error;
    }
  };
  return {
    read() {
      const error = attempt(false);
      if (good === undefined) throw error;
      return good.store;
    },
    problem: () => attempt(true),
  };
}
