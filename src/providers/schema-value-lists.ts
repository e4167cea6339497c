/**
 * The lists of names and values a node may hold as Moonshot takes them: an object's `required`
 * naming only its properties, an `enum` holding only values of its type.
 */
import type { JsonObject } from "../util/is-record.js";
import { matchesType } from "./schema-type-inference.js";

/**
 * An object's `required` as Moonshot takes it: a list (`[]` when missing, or a draft-3 boolean
 * one), naming only properties the object declares (Moonshot refused others, and now drops them
 * itself). Undefined when the node's own list is fine. `properties` is the object's, as adapted.
 */
export function declaredRequired(
  required: unknown,
  properties: JsonObject | undefined,
  at: string,
  changes: string[],
): unknown[] | undefined {
  if (!Array.isArray(required)) {
    if (required !== undefined)
      changes.push(`${at}: required ${JSON.stringify(required)} sent as []`);
    return [];
  }
  // The usual case, checked without building anything: every name is declared.
  let all = true;
  for (const name of required) {
    if (typeof name !== "string" || !properties || !Object.hasOwn(properties, name)) {
      all = false;
      break;
    }
  }
  if (all) return undefined;
  const declared = required.filter(
    (name): name is string =>
      typeof name === "string" && properties !== undefined && Object.hasOwn(properties, name),
  );
  const left = required.filter((name) => !declared.includes(name as string));
  changes.push(
    `${at}: required ${JSON.stringify(left)} left out (not among the object's properties)`,
  );
  return declared;
}

/**
 * An `enum` beside a single `type`, without the values that type rules out (a value must match
 * both, so they could never be chosen; Moonshot refused them and now drops them itself) and
 * without being empty. Undefined when there is nothing to change; `[]` means "leave enum out".
 */
export function enumOfType(
  values: unknown,
  type: unknown,
  at: string,
  changes: string[],
): unknown[] | undefined {
  if (!Array.isArray(values)) return undefined;
  if (values.length === 0) {
    changes.push(`${at}: an empty enum left out`);
    return [];
  }
  if (typeof type !== "string") return undefined;
  const kept = values.filter((value) => matchesType(value, type));
  if (kept.length === values.length) return undefined;
  changes.push(
    kept.length === 0
      ? `${at}: enum left out (none of its values is of type ${JSON.stringify(type)})`
      : `${at}: enum values ${JSON.stringify(values.filter((value) => !kept.includes(value)))} left out (not of type ${JSON.stringify(type)})`,
  );
  return kept;
}
