/**
 * `anyOf` branches under a type beside them, and a `$ref` with alternatives beside it: both said
 * in the shapes Moonshot takes.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import { sharedType } from "./schema-type-inference.js";
import { MAX_DEPTH } from "./schema-walk.js";

/**
 * `anyOf` branches under a parent `type` (a name or a list), each narrowed to what both allow:
 * an untyped branch takes the parent's type, a typed one keeps the types the parent allows
 * (an integer is a number), and one that allows none of them is left out (`dropped`). A branch
 * with alternatives of its own takes the parent's type and is narrowed when it is walked; a
 * `$ref` is left as it is.
 */
export function branchesWithin(
  parentType: unknown,
  branches: readonly unknown[],
): { branches: unknown[]; dropped: number } {
  const allowed =
    typeof parentType === "string"
      ? [parentType]
      : Array.isArray(parentType)
        ? parentType.filter((entry): entry is string => typeof entry === "string")
        : [];
  // A type that names nothing constrains nothing the branches could be narrowed by.
  if (allowed.length === 0) return { branches: [...branches], dropped: 0 };
  const parent = allowed.length === 1 ? allowed[0] : allowed;
  const out: unknown[] = [];
  for (const branch of branches) {
    if (branch === true) {
      out.push({ type: parent });
      continue;
    }
    if (!isRecord(branch) || typeof branch.$ref === "string") {
      out.push(branch);
      continue;
    }
    if (branch.type === undefined) {
      out.push({ ...branch, type: parent });
      continue;
    }
    const own =
      typeof branch.type === "string"
        ? [branch.type]
        : Array.isArray(branch.type)
          ? branch.type.filter((entry): entry is string => typeof entry === "string")
          : [];
    const both = [...new Set(own.flatMap((type) => sharedType(type, allowed) ?? []))];
    if (both.length === 0) continue;
    const type = both.length === 1 ? both[0] : both;
    out.push(JSON.stringify(type) === JSON.stringify(branch.type) ? branch : { ...branch, type });
  }
  return { branches: out, dropped: branches.length - out.length };
}

/**
 * A reference with alternatives beside it (`{"$ref": R, "anyOf": [A, B]}`: R and one of A, B),
 * said without a keyword beside the `$ref` and without `allOf`, which Moonshot's rules do not
 * name: the reference goes into each branch, `{"anyOf": [{…A, "anyOf": [R]}, {…B, "anyOf":
 * [R]}]}`, a branch with alternatives of its own taking it into each of those. A branch that
 * is a `$ref` itself cannot hold a second one, and becomes R alone (`loosened`); a `false`
 * branch (matches nothing) is left out. Undefined when there are no alternatives beside it.
 */
export function referenceInBranches(
  siblings: JsonObject,
  reference: JsonObject,
): { schema: JsonObject; key: "anyOf" | "oneOf"; loosened: number } | undefined {
  const key = alternativesKey(siblings);
  if (!key) return undefined;
  const branches = siblings[key] as unknown[];
  const counter = { loosened: 0 };
  const { [key]: _alternatives, ...rest } = siblings;
  const inner = branches.flatMap((branch) => withReference(branch, reference, counter, 0));
  return {
    schema: { ...rest, anyOf: inner.length > 0 ? inner : [reference] },
    key,
    loosened: counter.loosened,
  };
}

/** Which list of alternatives `schema` holds, `anyOf` first, if any. */
function alternativesKey(schema: JsonObject): "anyOf" | "oneOf" | undefined {
  if (Array.isArray(schema.anyOf)) return "anyOf";
  return Array.isArray(schema.oneOf) ? "oneOf" : undefined;
}

/** One branch that must also match `reference`, as a list of zero or one schemas. */
function withReference(
  branch: unknown,
  reference: JsonObject,
  counter: { loosened: number },
  depth: number,
): JsonObject[] {
  if (branch === false) return [];
  if (!isRecord(branch)) return [{ anyOf: [reference] }];
  if (typeof branch.$ref === "string" || depth > MAX_DEPTH) {
    counter.loosened++;
    return [{ anyOf: [reference] }];
  }
  const key = alternativesKey(branch);
  if (!key) return [{ ...branch, anyOf: [reference] }];
  const { [key]: alternatives, ...rest } = branch;
  const inner = (alternatives as unknown[]).flatMap((item) =>
    withReference(item, reference, counter, depth + 1),
  );
  return inner.length > 0 ? [{ ...rest, anyOf: inner }] : [];
}
