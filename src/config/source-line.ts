/**
 * A line of a config file as an error may quote it: string values that hold credentials are
 * starred out character for character, so the caret under the line still points at the column
 * the error names. A credential is a string after a key named like one (`apiKey`, `token`, …) or
 * a string that looks like a key or the gateway's token whatever its key, and the password of a
 * URL (`http://user:secret@proxy:3128`) or its user name written alone (`https://TOKEN@host`);
 * `${VAR}` references are kept, they name a variable, not a secret. Pure.
 */
import { displayWidth } from "../cli/display-width.js";
import { URL_PASSWORD, URL_USER_ALONE } from "../util/display-url.js";
import { isSecretKeyName } from "./secret-names.js";

/** A quoted string, closed or running to the end of the line (an unclosed quote is an error too). */
const STRING = /(["'])((?:\\.|(?!\1)[^\\])*)(\1|$)/g;
/** The key just before a value: `apiKey:`, `"apiKey":`, `'apiKey' :`. */
const KEY_BEFORE = /(?:^|[{,\s])(?:"([^"]*)"|'([^']*)'|([A-Za-z_$][\w$-]*))\s*:\s*$/;
const TOKEN_LIKE = /^(?:ocg_|sk-|ak-|msk-)|^[A-Za-z0-9._~+/=-]{32,}$/;

function star(text: string): string {
  return "*".repeat(text.length);
}

export function maskSecretsInSourceLine(line: string): string {
  const masked = line
    .replace(URL_PASSWORD, (match, upToPassword: string) => {
      return `${upToPassword}${star(match.slice(upToPassword.length, -1))}@`;
    })
    .replace(URL_USER_ALONE, (match, scheme: string) => {
      return `${scheme}${star(match.slice(scheme.length, -1))}@`;
    });
  return masked.replace(STRING, (match, quote: string, body: string, close: string, at: number) => {
    if (body === "" || body.includes("${")) return match;
    const key = KEY_BEFORE.exec(masked.slice(0, at));
    const name = key?.[1] ?? key?.[2] ?? key?.[3];
    const isKey =
      key !== null &&
      line
        .slice(at + match.length)
        .trimStart()
        .startsWith(":");
    if (isKey) return match;
    const secret = (name !== undefined && isSecretKeyName(name)) || TOKEN_LIKE.test(body);
    return secret ? `${quote}${star(body)}${close}` : match;
  });
}

/**
 * A `^` under the character at `column` (1-based) of `line` as a terminal draws the line: the
 * line's tabs are kept (they move to the same tab stops above and below) and a wide character
 * (Chinese) takes two spaces, where one space per character pointed several cells too far left.
 */
export function caretUnder(line: string, column: number): string {
  let pad = "";
  for (const char of line.slice(0, Math.max(column - 1, 0))) {
    pad += char === "\t" ? "\t" : " ".repeat(displayWidth(char));
  }
  return `${pad}^`;
}
