/**
 * Punctuation that looks like JSON5's but is not ASCII: what a Chinese input method types for
 * `:` `,` `"` `{` `[` while it is on (`：` `，` `“` `｛` `【`), and the curly quotes word processors and
 * rendered web pages put in place of straight ones. JSON5 names such a character only as an
 * invalid one, which does not tell the person that the fix is to type the ASCII one. Pure.
 */

interface LookAlike {
  ascii: string;
  /** The ASCII character's name. */
  what: string;
  /** What the look-alike is and where it comes from, as a sentence names it. */
  origin: string;
}

const IME = "as a Chinese input method types it";
const CURLY = "as a Chinese input method, a word processor or a web page writes it";

const LOOK_ALIKES: ReadonlyMap<string, LookAlike> = new Map([
  ["：", { ascii: ":", what: "colon", origin: `a full-width colon, ${IME}` }],
  ["，", { ascii: ",", what: "comma", origin: `a full-width comma, ${IME}` }],
  ["＂", { ascii: '"', what: "double quote", origin: `a full-width quote, ${IME}` }],
  ["＇", { ascii: "'", what: "single quote", origin: `a full-width quote, ${IME}` }],
  ["“", { ascii: '"', what: "double quote", origin: `a curly quote, ${CURLY}` }],
  ["”", { ascii: '"', what: "double quote", origin: `a curly quote, ${CURLY}` }],
  ["‘", { ascii: "'", what: "single quote", origin: `a curly quote, ${CURLY}` }],
  ["’", { ascii: "'", what: "single quote", origin: `a curly quote, ${CURLY}` }],
  ["｛", { ascii: "{", what: "brace", origin: `a full-width brace, ${IME}` }],
  ["｝", { ascii: "}", what: "brace", origin: `a full-width brace, ${IME}` }],
  ["［", { ascii: "[", what: "bracket", origin: `a full-width bracket, ${IME}` }],
  ["］", { ascii: "]", what: "bracket", origin: `a full-width bracket, ${IME}` }],
  ["【", { ascii: "[", what: "bracket", origin: `a Chinese bracket, ${IME}` }],
  ["】", { ascii: "]", what: "bracket", origin: `a Chinese bracket, ${IME}` }],
]);

const QUOTES = new Set(["＂", "＇", "“", "”", "‘", "’"]);

function typeInstead(lookAlike: LookAlike): string {
  return `type the ASCII ${lookAlike.what} (${lookAlike.ascii}) in its place`;
}

/** The reason and hint for JSON5's "invalid character" when the character is a look-alike. */
export function lookAlikeAdvice(char: string): { reason: string; hint: string } | undefined {
  const lookAlike = LOOK_ALIKES.get(char);
  if (!lookAlike) return undefined;
  return {
    reason: `invalid character '${char}' (${lookAlike.origin})`,
    hint: `${typeInstead(lookAlike)}: JSON5 takes only ASCII punctuation (switch the input method to English, or to half-width punctuation, while you edit the config)`,
  };
}

/**
 * For a string that runs to the end of `line`: advice about the last quote look-alike on the
 * line, which was most likely meant to close it.
 */
export function lookAlikeQuoteOnLine(line: string): string | undefined {
  for (let at = line.length - 1; at >= 0; at--) {
    const char = line[at] ?? "";
    const lookAlike = QUOTES.has(char) ? LOOK_ALIKES.get(char) : undefined;
    if (lookAlike) {
      return `the '${char}' at column ${at + 1} (${lookAlike.origin}) does not end a string: if it is meant to, ${typeInstead(lookAlike)}`;
    }
  }
  return undefined;
}

/**
 * Characters a Chinese input method types in place of those a name is written with (a model ref's
 * `/`, `.`, `-`): the full-width forms, and the Chinese full stop.
 */
const NAME_LOOK_ALIKES: ReadonlyMap<string, LookAlike> = new Map([
  ["／", { ascii: "/", what: "slash", origin: `a full-width slash, ${IME}` }],
  ["．", { ascii: ".", what: "dot", origin: `a full-width dot, ${IME}` }],
  ["。", { ascii: ".", what: "dot", origin: `a Chinese full stop, ${IME}` }],
  ["－", { ascii: "-", what: "hyphen", origin: `a full-width hyphen, ${IME}` }],
  ["＿", { ascii: "_", what: "underscore", origin: `a full-width underscore, ${IME}` }],
]);

/**
 * The look-alike `char` stands for: a named one, or a full-width letter or digit. Other
 * full-width punctuation (`（`) is left alone: an alias may be written with it.
 */
function nameLookAlike(char: string): LookAlike | undefined {
  const named = NAME_LOOK_ALIKES.get(char);
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  const ascii = code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : "";
  if (!/^[0-9A-Za-z]$/.test(ascii)) return undefined;
  return { ascii, what: ascii, origin: `the full-width form of ${ascii}, ${IME}` };
}

/**
 * A name (a model ref) with full-width characters in it (`moonshot／kimi-k2.5`): the name with
 * their ASCII ones, and what to say of them ("the ／ in it is a full-width slash, as a Chinese
 * input method types it, not the ASCII /"); undefined when it has none.
 */
export function fullWidthInName(name: string): { meant: string; said: string } | undefined {
  const found = new Map<string, LookAlike>();
  let meant = "";
  for (const char of name) {
    const lookAlike = nameLookAlike(char);
    if (lookAlike) found.set(char, lookAlike);
    meant += lookAlike?.ascii ?? char;
  }
  if (found.size === 0) return undefined;
  const said = [...found]
    .map(([char, { ascii, origin }]) => `the ${char} in it is ${origin}, not the ASCII ${ascii}`)
    .join("; ");
  return { meant, said };
}
