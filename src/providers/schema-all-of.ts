/** `allOf` parts laid into their node when they do not contradict each other. */
import { isRecord, type JsonObject } from "../util/is-record.js";

/** Keywords that describe rather than constrain: where two parts have one, the outer one stays. */
const ANNOTATIONS = new Set(["description", "title", "examples", "default", "deprecated"]);

/**
 * `allOf` parts laid into the node itself, when they do not contradict each other: Pydantic's
 * `{"allOf": [{"$ref": …}], "description": …}` becomes the `$ref` with its description, so the
 * node is typed by its target instead of left untyped (or guessed a string). `required` lists
 * are joined and `properties` with different names merged; a keyword two parts give different
 * values (two `if`s, two `$ref`s) leaves the `allOf` as it is (undefined).
 */
export function mergeAllOf(node: JsonObject, parts: unknown[]): JsonObject | undefined {
  const { allOf: _parts, ...merged } = node;
  for (const part of parts) {
    if (!isRecord(part)) return undefined;
    for (const key in part) {
      const value = part[key];
      const current = merged[key];
      if (current === undefined) merged[key] = value;
      else if (key === "required" && Array.isArray(current) && Array.isArray(value)) {
        merged.required = [...new Set([...current, ...value])];
      } else if (key === "properties" && isRecord(current) && isRecord(value)) {
        if (Object.keys(value).some((name) => name in current)) return undefined;
        merged.properties = { ...current, ...value };
      } else if (!ANNOTATIONS.has(key) && JSON.stringify(current) !== JSON.stringify(value)) {
        return undefined;
      }
    }
  }
  return merged;
}
