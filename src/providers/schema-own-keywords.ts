/**
 * The rules for a node's own keywords, applied once its child schemas are walked: a missing
 * `type` inferred, `enum` values of that type, a `default` beside `anyOf` said in the
 * description, an object's `required` list. Part of the walk of moonshot-tool-schema.ts.
 */
import type { JsonObject } from "../util/is-record.js";
import { clippedValue, withNote } from "./schema-notes.js";
import type { WalkedKeywords } from "./schema-subschema-keywords.js";
import { inferType, needsType } from "./schema-type-inference.js";
import { declaredRequired, enumOfType } from "./schema-value-lists.js";

/**
 * The node as Moonshot takes its own keywords: set on `walked.out` (the walk's copy) when there
 * is one, else on a copy made at the first change, else the node itself. `typed`: the node
 * stands for a value (not a constraint beside one), so it needs a type.
 */
export function withOwnKeywordsFixed(
  node: JsonObject,
  walked: WalkedKeywords,
  typed: boolean,
  path: string,
  changes: string[],
): JsonObject {
  const { typeValue, enumValue, declared } = walked;
  let out = walked.out;
  // `out` is this walk's own copy from here on: set on it rather than copy again.
  if (typed && needsType(out ?? node)) {
    const type = inferType(out ?? node);
    out ??= { ...node };
    out.type = type;
    changes.push(`${path || "root"}: typed as ${JSON.stringify(type)}`);
  }
  const typedEnum =
    typed && enumValue !== undefined
      ? enumOfType(enumValue, out ? out.type : typeValue, path || "root", changes)
      : undefined;
  if (typedEnum) {
    out ??= { ...node };
    if (typedEnum.length > 0) out.enum = typedEnum;
    else delete out.enum;
  }
  // Beside anyOf Moonshot takes a description and a title only: a default there (Pydantic's
  // `Optional[str] = None` is `{"anyOf": [string, null], "default": null}`) is refused ("keyword
  // 'default' is not allowed at the same level as anyOf"), so it is said in the description.
  const current = out ?? node;
  if (Array.isArray(current.anyOf) && current.default !== undefined) {
    out ??= { ...node };
    const { default: value } = out;
    delete out.default;
    out.description = withNote(out.description, `default ${JSON.stringify(value)}`);
    changes.push(
      `${path || "root"}: default ${clippedValue(value)} beside anyOf said in the description (Moonshot takes only a description and a title there)`,
    );
  }
  const result = out ?? node;
  if (result.type === "object") {
    const required = declaredRequired(result.required, declared, path || "root", changes);
    if (required) {
      out ??= { ...node };
      out.required = required;
    }
  }
  return out ?? node;
}
