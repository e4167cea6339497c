/**
 * The name of a JSON-schema answer format, as OpenAI requires it: letters, digits, `_` and `-`,
 * 1 to 64 of them. OpenAI refuses any other name with a 400; a name sent on unchecked would be
 * the provider's to refuse (said as a problem with the gateway's config) or to take, so that a
 * client made here would then fail against OpenAI.
 */
import { quoted } from "../util/client-value.js";

const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** OpenAI's rule, as a refusal states it. */
export const SCHEMA_NAME_RULE = "only a-z, A-Z, 0-9, _ and -, at most 64 characters";

/**
 * What is wrong with `name` (`"my schema" is not a valid name: …`), or undefined when OpenAI
 * takes it. The suggestion replaces each character outside the rule with `_` and cuts to 64.
 */
export function schemaNameProblem(name: string): string | undefined {
  if (SCHEMA_NAME.test(name)) return undefined;
  if (name === "") return `is empty: name the schema with ${SCHEMA_NAME_RULE}, such as "answer"`;
  const fixed = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return `${quoted(name)} is not a valid name: use ${SCHEMA_NAME_RULE}, such as ${quoted(fixed)}`;
}
