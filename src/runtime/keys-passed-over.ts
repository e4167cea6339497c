/**
 * The other places that hold a key for a model's provider and were not tried because `used` won,
 * for a refused key's hint: the person learns why the key they set elsewhere was not sent.
 */
import { inspectKeySources, keyPlace } from "../auth/index.js";
import type { AuthProfileStore, ResolvedKey } from "../auth/types.js";
import type { ResolvedModel } from "../catalog/types.js";

export interface KeySourceOptions {
  agentDir: string;
  env: Record<string, string | undefined>;
  /** Reads the credential store in place of the file under `agentDir`. */
  readStore?: () => AuthProfileStore;
}

export function keysPassedOverFinder(
  keyOptions: KeySourceOptions,
): (model: ResolvedModel, used: ResolvedKey) => string[] {
  return (model, used) =>
    inspectKeySources(model, keyOptions)
      // The same key written in two places (a profile and the variable) is no other key.
      .filter((status) => status.state === "set" && status.masked !== used.masked)
      .map((status) => keyPlace(status.source))
      .filter((place) => place !== keyPlace(used.source));
}
