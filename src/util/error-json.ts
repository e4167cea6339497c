/**
 * An error as the `--json` objects say it (the failure object's `error`, the usage report's
 * `configError`): OpenClawError's toJSON() shape, with no password in a URL and no key pasted as
 * a name.
 */
import { isOpenClawError, type OpenClawErrorJson } from "../errors.js";
import { displayUrl } from "./display-url.js";
import { maskKeyShapedNames } from "./key-shaped-names.js";

/** Text of an error as shown: no password in a URL, no key pasted as a name. */
function shown(text: string): string {
  return maskKeyShapedNames(displayUrl(text));
}

/** The `error` of a failure object; a password in a URL is never shown. */
export function jsonError(error: unknown): OpenClawErrorJson {
  if (isOpenClawError(error)) {
    return {
      code: error.code,
      message: shown(error.message),
      where: error.where ? shown(error.where) : null,
      hint: error.hint ? shown(error.hint) : null,
    };
  }
  return {
    code: "internal",
    message: shown(error instanceof Error ? error.message : String(error)),
    where: null,
    hint: "this looks like a bug in openclaw; run again with OPENCLAW_DEBUG=1 and report the output",
  };
}
