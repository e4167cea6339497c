/**
 * A path a program gives the session helpers as a shell would read it: `~/.openclaw/…` is
 * expanded by a shell only, so Node's fs took it as a directory named `~` under the working
 * directory. loadSession of such a file found none and gave an empty session, and the writer then
 * created `./~/.openclaw/…` and kept the conversation there, where the CLI never looks.
 */
import { OpenClawError } from "../errors.js";

const HOME_SHORTHAND = /^~[A-Za-z0-9._-]*(?:[/\\]|$)/;

/** Whether `value` starts with `~` or `~user` as a path's first part, which only a shell expands. */
export function startsWithHomeShorthand(value: string): boolean {
  return HOME_SHORTHAND.test(value);
}

/**
 * Throws (code `usage`, `where` the argument's name) when `value`, the path argument `name` of
 * `call`, starts with `~` (`~/…`, `~user/…`); `hint` says what to pass instead.
 */
export function refuseHomeShorthand(call: string, name: string, value: string, hint: string): void {
  if (!startsWithHomeShorthand(value)) return;
  throw new OpenClawError(
    "usage",
    `${call}'s ${name} "${value}" starts with ~, which only a shell expands: here it would be a directory named ~ under the working directory (${process.cwd()})`,
    { where: name, hint },
  );
}
