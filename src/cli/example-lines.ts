/**
 * An example command of a help text made to fit a narrow terminal. A command is copied and
 * pasted, so it is never broken inside a word or a quoted string: it goes on over more lines at
 * argument boundaries, each line but the last ending in ` \`, which every POSIX shell reads as
 * one command (the hand-written examples are continued so already). An option stays with its
 * value where they fit together. A single word wider than the terminal is left whole.
 */
import { displayWidth as visibleWidth } from "./display-width.js";

/** What a continued line ends with. */
const CONTINUED = " \\";

/** How much further than the command its continued lines are indented, as the hand-written ones are. */
const CONTINUATION_INDENT = "    ";

/**
 * The shell words of `command`, as written: split at spaces outside quotes, `$(…)` and
 * backslash escapes, so that joining them with spaces gives the command back. `inSubstitutions`:
 * inside `$(…)` too, which a ` \` line break may also part (it is a command of its own).
 */
export function shellWords(command: string, options: { inSubstitutions?: boolean } = {}): string[] {
  const words: string[] = [];
  let word = "";
  let quote: "'" | '"' | undefined;
  let depth = 0;
  for (let at = 0; at < command.length; at++) {
    const char = command[at] ?? "";
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === "\\" && at + 1 < command.length) {
      word += char;
      at++;
      word += command[at] ?? "";
      continue;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(" && word.endsWith("$")) depth++;
    else if (char === ")" && depth > 0) depth--;
    else if (char === " " && (depth === 0 || options.inSubstitutions)) {
      if (word !== "") words.push(word);
      word = "";
      continue;
    }
    word += char;
  }
  if (word !== "") words.push(word);
  return words;
}

const OPERATORS = new Set(["|", "||", "&&", ";", "<", ">", ">>", "2>", "2>&1"]);

/**
 * The words in the groups kept on one line where they fit: an option with the value after it
 * (`--model moonshot/kimi-k2.5`), an operator with the word after it (`< question.txt`, `| jq`).
 */
function groups(words: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at] ?? "";
    const next = words[at + 1];
    const isOption = word.startsWith("-") && word !== "-" && !word.includes("=");
    const takesNext =
      next !== undefined &&
      !OPERATORS.has(next) &&
      (OPERATORS.has(word) || (isOption && (next === "-" || !next.startsWith("-"))));
    if (takesNext) {
      out.push([word, next]);
      at++;
    } else out.push([word]);
  }
  return out;
}

/**
 * `line` (an indented example, possibly already ending in ` \`) as lines no wider than `width`
 * where its words allow; the line as it is when it fits.
 */
export function continuedExampleLines(line: string, width: number): string[] {
  if (!Number.isFinite(width) || visibleWidth(line) <= width) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? "";
  let body = line.slice(indent.length).trimEnd();
  // A line the text itself continues: its last line keeps the ` \`.
  const continues = body.endsWith(CONTINUED);
  if (continues) body = body.slice(0, -CONTINUED.length).trimEnd();
  const words = shellWords(body);
  // One word may still be a command that parts inside its `$(…)` (`TOKEN=$(openclaw config get
  // gateway.auth.token --reveal)`); a word with no space in it stays whole.
  if (shellWords(body, { inSubstitutions: true }).length < 2) return [line];
  // A hand-written continuation line (indented further already) goes on at its own indent.
  const further = indent.length > 2 ? indent : `${indent}${CONTINUATION_INDENT}`;
  const fitsAlone = (text: string) => visibleWidth(`${further}${text}${CONTINUED}`) <= width;
  // A group wider than a line of its own is split into its words; such a word holding a `$(…)`
  // is parted inside it, at its spaces outside quotes.
  const units = groups(words).flatMap((group) =>
    fitsAlone(group.join(" "))
      ? [group]
      : group.flatMap((word) =>
          fitsAlone(word)
            ? [[word]]
            : shellWords(word, { inSubstitutions: true }).map((part) => [part]),
        ),
  );
  const lines: string[] = [];
  let current = indent;
  let wordsOnLine = 0;
  units.forEach((unit, index) => {
    const text = unit.join(" ");
    const last = index === units.length - 1;
    const tail = last && !continues ? "" : CONTINUED;
    const joined = wordsOnLine > 0 ? `${current} ${text}` : `${current}${text}`;
    if (wordsOnLine === 0 || visibleWidth(`${joined}${tail}`) <= width) {
      current = joined;
      wordsOnLine += unit.length;
      return;
    }
    lines.push(`${current}${CONTINUED}`);
    current = `${further}${text}`;
    wordsOnLine = unit.length;
  });
  lines.push(`${current}${continues ? CONTINUED : ""}`);
  return lines;
}
