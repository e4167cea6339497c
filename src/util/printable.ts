/**
 * Text from outside the program (a client, an upstream, a model) made safe to show on a terminal.
 */

/**
 * C0 controls, DEL and C1 controls: what a terminal may act on instead of showing; and the
 * invisible or text-direction characters (zero-width space, LRM/RLM, the bidi embeddings,
 * overrides and isolates, word joiner, BOM) that make a name read as something it is not.
 */
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Whether `text` has a character `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}

/**
 * Text from outside (a client's model name or `user` field, an upstream's trace id) made safe to
 * print on a terminal: control characters are shown as escapes (`\n`, `\u001b`) instead of
 * moving the cursor, recolouring the screen or forging a line of output.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

function escapeControl(char: string): string {
  return char === "\n" ? "\\n" : unicodeEscape(char);
}

/** Control characters other than tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A model's answer (or a tool's output) on its way to a terminal: lines and tabs stay, but an
 * escape sequence the model was talked into writing (recolouring, retitling the window, writing
 * the clipboard) is shown as `\u001b…` instead of run. Output to a pipe or file is left exact.
 */
export function forTerminal(text: string, stream: { isTTY?: boolean }): string {
  return stream.isTTY ? text.replace(CONTROL_BUT_LAYOUT, escapeControl) : text;
}

/** A character as a `\uXXXX` escape (as JSON and JavaScript write it). */
export function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
