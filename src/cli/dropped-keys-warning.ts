/**
 * What `config set` of a whole object says when the value given leaves out keys the object had:
 * they are gone from the file (the `.bak` keeps the file as it was, their keys included), and a
 * key is added beside the others by setting it alone. Most often the second provider's snippet
 * merged in: `config set env '{KIMICODE_API_KEY: "…"}'` over an env holding MOONSHOT_API_KEY.
 */
import { basename } from "node:path";
import { droppedKeys } from "../config/dropped-keys.js";
import { formatPath, type PathSegment, shellPath } from "../config/index.js";
import { isPlainObject } from "../config/schema-dsl.js";

/** At most this many keys are named; the rest are counted. */
const NAMED = 4;

export function droppedKeysWarning(
  segments: readonly PathSegment[],
  previous: unknown,
  value: unknown,
  configPath: string,
): string | undefined {
  const dropped = droppedKeys(previous, value, segments);
  if (dropped.length === 0) return undefined;
  const named = dropped.slice(0, NAMED).map((path) => formatPath(path));
  const more = dropped.length - named.length;
  const list = more > 0 ? `${named.join(", ")} and ${more} more` : named.join(", ");
  const they = dropped.length === 1 ? "it is" : "they are";
  // The key the value added (or its first), set alone: what keeps the others.
  const added = isPlainObject(value)
    ? (Object.keys(value).find(
        (key) => !isPlainObject(previous) || !Object.hasOwn(previous, key),
      ) ?? Object.keys(value)[0])
    : undefined;
  const alone =
    added === undefined
      ? ""
      : `; to add a key beside the ones there, set it alone: openclaw config set ${shellPath([...segments, added])} <value>`;
  const file = basename(configPath);
  return `${formatPath(segments)} was replaced whole by the value given, which leaves out ${list}: ${they} no longer in ${file} (${file}.bak still has the file as it was)${alone}`;
}
