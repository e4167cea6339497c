/**
 * JSON5.parse without its console.warn: json5 warns on stderr, with no file or line, about a raw
 * U+2028 or U+2029 inside a string ("not valid ECMAScript; consider escaping"). JSON5 allows them
 * and the config works, so the warning only puzzles the person; and it came once per parse, twice
 * for one `config validate`. Parsing is synchronous, so nothing else can warn while it is muted.
 */
import JSON5 from "json5";

export function parseJson5Quietly(text: string): unknown {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return JSON5.parse(text);
  } finally {
    console.warn = warn;
  }
}
