/**
 * Text from outside the program (a client, an upstream, a model) made safe to show on a terminal.
 */

/** C0 controls, DEL and C1 controls: what a terminal may act on instead of showing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

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
