/**
 * An error in the words the gateway logs it: its message, where it is, its hint, each on a line
 * of its own, as the CLI prints an error.
 */
import { OpenClawError } from "../errors.js";

/**
 * An error's message (and `more`), then where it is when the message does not say (the file and
 * line of an `$include` whose file is missing), then its hint, each on a line of its own, as the
 * CLI prints an error.
 */
export function describeFailure(error: unknown, more = ""): string {
  const message = error instanceof Error ? error.message : String(error);
  const where = error instanceof OpenClawError ? error.where : undefined;
  const at = where !== undefined && !message.includes(where) ? `\n  at ${where}` : "";
  const hint = (error as { hint?: unknown } | null)?.hint;
  return `${message}${more}${at}${typeof hint === "string" ? `\n  hint: ${hint}` : ""}`;
}
