/**
 * Whether a JSON5 text holds a comment (`// …` or `/* … *\/` outside strings): rewriting such a
 * file as JSON loses them, which is worth saying.
 */
export function hasComments(text: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === "\\")
        index++; // the escaped character cannot end the string
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "/" && (text[index + 1] === "/" || text[index + 1] === "*")) return true;
  }
  return false;
}
