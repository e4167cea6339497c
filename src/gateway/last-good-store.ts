/**
 * The credential store as the running gateway reads it: again whenever its file changes, and,
 * while the file cannot be read or is not a valid store (a save cut short, a typo, a file made
 * unreadable), as it was last read well, so that the keys already serving keep serving, as the
 * last good config does while its file is broken. A file removed is an empty store: taking it
 * away is how a person takes the keys away. Before any good read, the error is thrown.
 */
import { type AuthProfileStore, readAuthStore, storeStamp } from "../auth/index.js";

export interface LastGoodStore {
  /** The store now, or the last one read well while the file is broken. */
  read(): AuthProfileStore;
  /** What is wrong with the file now (it is read again), or undefined when it reads well. */
  problem(): unknown;
}

export function lastGoodStore(agentDir: string): LastGoodStore {
  let good: { stamp: string; store: AuthProfileStore } | undefined;
  /** The stamp of a file that failed to read and what was wrong: not read again until it changes. */
  let broken: { stamp: string; error: unknown } | undefined;
  const attempt = (): unknown => {
    const stamp = storeStamp(agentDir);
    if (good?.stamp === stamp) return undefined;
    if (broken?.stamp === stamp) return broken.error;
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
      const error = attempt();
      if (good === undefined) throw error;
      return good.store;
    },
    problem: attempt,
  };
}
