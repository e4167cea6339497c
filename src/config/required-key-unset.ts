/**
 * `config unset` of a key the object holding it requires (`models[0].id`): said as what cannot be
 * done, where the key is written and what to do instead (set another value, or remove the whole
 * object), a usage mistake (exit 2). Before, it was told as a problem "after removing" it, at the
 * line of the object, with the hint "change the settings named above first". Pure.
 */
import { ConfigError, type ConfigIssue } from "./errors.js";
import { locateLine } from "./locate.js";
import { shellPath } from "./path-hints.js";
import { formatPath, type PathSegment, REQUIRED_BUT_MISSING } from "./schema-dsl.js";

/** The issue saying `removed` itself is now missing, among those an unset brought. */
export function removedRequiredIssue(
  fresh: readonly ConfigIssue[],
  removed: readonly PathSegment[],
): ConfigIssue | undefined {
  const target = formatPath(removed);
  return fresh.find((issue) => issue.path === target && issue.message === REQUIRED_BUT_MISSING);
}

/**
 * The refusal of removing `removed` from `file` (whose text before the edit is `text`, for the
 * key's own line), `cause` the validation error it comes from.
 */
export function requiredKeyUnsetError(
  removed: readonly PathSegment[],
  file: string,
  text: string | undefined,
  cause: ConfigError,
): ConfigError {
  const target = formatPath(removed);
  const owner = removed.slice(0, -1);
  const line = text === undefined ? undefined : locateLine(text, removed);
  const where = `${file}${line ? `:${line}` : ""}`;
  const instead = `set another value instead: openclaw config set ${shellPath(removed)} <value>`;
  const whole =
    owner.length > 0
      ? `; or remove all of ${formatPath(owner)}: openclaw config unset ${shellPath(owner)}`
      : "";
  const required = owner.length > 0 ? `${formatPath(owner)} requires it` : "the config requires it";
  return new ConfigError(cause.code, `${target} cannot be removed: ${required} (${where})`, {
    file,
    ...(line ? { line } : {}),
    hint: `${instead}${whole}; nothing was written`,
    issues: [{ path: target, message: REQUIRED_BUT_MISSING, file, ...(line ? { line } : {}) }],
    exitCode: 2,
    cause,
  });
}
