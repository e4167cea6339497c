/**
 * The gateway's lines for its operator (where it listens, its token, warnings at the start and
 * while it runs) fitted to the terminal as other commands fit their notes: a line too wide is
 * wrapped at spaces, its further lines under the text after its label (`warning: `, `  hint: `,
 * `usage ledger: `), and a URL, a path, a token or an `openclaw …` command is never broken (nor a
 * command line continued with ` \`, as written).
 */
import { continuedExampleLines } from "../example-lines.js";
import { startsWithCommand, visibleWidth, wrapText } from "../output.js";
import { firstRowGoesUnder, shiftsToFit } from "../shifts-to-fit.js";

/**
 * The labels a line starts with, as many as it has (`gateway: warning: `), each a short phrase
 * (`no key for`, `SIGTERM`): what its further lines go under.
 */
const LABELS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a label may be coloured (yellow)
  /^(\s*)((?:(?:\u001b\[[0-9;]*m)?[A-Za-z][A-Za-z ]{0,23}(?:\u001b\[[0-9;]*m)?: )*)/;

/**
 * `line`'s lead (its indent and labels), indent and labels. A colon right before an `openclaw`
 * command ends the words that bring it in (`hint: print it with: openclaw …`), not a label: those
 * words stay text, so that the command is kept whole on the line under them.
 */
function labelsOf(line: string): [string, string, string] {
  const [lead = "", indent = "", labels = ""] = LABELS.exec(line) ?? [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a label may be coloured (yellow)
  const last = /((?:\u001b\[[0-9;]*m)?[A-Za-z][^:]*: )$/.exec(labels)?.[1] ?? "";
  if (last === "" || last === labels || !startsWithCommand(line.slice(lead.length)))
    return [lead, indent, labels];
  return [lead.slice(0, -last.length), indent, labels.slice(0, -last.length)];
}

/** The fewest cells a further line is wrapped to, however narrow the terminal. */
const MIN_ROOM = 20;

/**
 * A line of the start-up report's try-it block: a command (an indented line) is broken only
 * between its shell words, each part continued with ` \`, so that it still runs pasted (at its
 * spaces a quoted header would take the line break into its value); a sentence as
 * fitOperatorLines fits it.
 */
export function fitTryItLine(line: string, width: number): string {
  if (!/^\s/.test(line)) return fitOperatorLines(line, width);
  return continuedExampleLines(line, width).join("\n");
}

/** `text` (one line or more) fitted to `width` cells; as is when it fits, or the width is unlimited. */
export function fitOperatorLines(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split("\n")
    .flatMap((line) => {
      // A command line continued with ` \` was split by its writer to be pasted: a break inside
      // it would put the ` \` on a line of its own and end the command before it.
      if (visibleWidth(line) <= width || line.endsWith(" \\")) return [line];
      const [lead = "", indent = "", labels = ""] = labelsOf(line);
      // A line without a label (a sentence) has its further lines indented by two, under it; a
      // command on a line of its own is continued as an example is, four in from its start.
      const command = labels === "" && startsWithCommand(line.slice(lead.length));
      const hanging = " ".repeat(
        labels !== "" ? visibleWidth(lead) : command ? indent.length : indent.length + 2,
      );
      const room = Math.max(MIN_ROOM, width - hanging.length);
      const text = line.slice(lead.length);
      const [first = "", ...rest] = wrapText(text, room).split("\n");
      // A first word too wide for the room beside its label (a path after `usage ledger: ` on a
      // narrow terminal) but not for the terminal goes under the label, as doctor's does: beside
      // it the line ran past the edge.
      if (labels !== "" && firstRowGoesUnder(first, width - visibleWidth(lead), width))
        return [lead.trimEnd(), ...underLabel(text, `${indent}  `, width)];
      // (Two spaces before a bracket, as the listening line has, leave one at a line's end.)
      return [`${lead}${first}`, ...rest.map((part) => `${hanging}${part}`)].map((part) =>
        part.trimEnd(),
      );
    })
    .join("\n");
}

/**
 * `text` wrapped under its label at `indent`, each row that is too wide there but not for the
 * terminal moved left just enough (shiftsToFit), so a path is whole on a line that fits.
 */
function underLabel(text: string, indent: string, width: number): string[] {
  const rows = wrapText(text, Math.max(MIN_ROOM, width - indent.length)).split("\n");
  const shifts = shiftsToFit(
    rows,
    rows.map(() => indent.length),
    width,
  );
  return rows.map((row, at) => `${" ".repeat(indent.length - (shifts[at] ?? 0))}${row}`.trimEnd());
}
