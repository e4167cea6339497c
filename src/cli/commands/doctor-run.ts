/** `openclaw doctor`, the part that runs: gather, judge, print. */
import { type Finding, summarize } from "../../doctor/findings.js";
import { runDoctor } from "../../doctor/inspect.js";
import { doctorJson } from "../doctor-json.js";
import { printJson, style, terminalWidth, visibleWidth, wrapText, writeShown } from "../output.js";
import { checkKeyStarting, requestSpinner } from "../request-spinner.js";
import { firstRowGoesUnder, shiftsToFit } from "../shifts-to-fit.js";

const CHECK_WIDTH = 8;

/** Where a finding's text starts: after the mark, the check's name and a space each side. */
const TEXT_INDENT = " ".repeat(CHECK_WIDTH + 3);

/**
 * The fewest cells a finding's hint keeps beside `hint: ` under the message's column: on a
 * narrower terminal the message and hint go on from near the left edge instead (a floor on the
 * room made doctor's lines 31 cells at COLUMNS=25).
 */
const MIN_HANGING_ROOM = 10;
/** Where the further lines of a finding go on a terminal too narrow for TEXT_INDENT. */
const NARROW_INDENT = "  ";

function mark(level: Finding["level"]): string {
  if (level === "ok") return style.green("✓");
  if (level === "warn") return style.yellow("!");
  return style.red("✗");
}

/** A line of a finding: the cells before it, and its text. */
interface Row {
  column: number;
  text: string;
}

/**
 * `text` as rows that fit `width` cells, each put after `indent` (the first after `indent` and
 * `taken` cells more: the mark and check name beside it, or `hint: `). A line of its own that
 * starts with spaces or `- ` (a list in a message) keeps that start, and its wrapped part goes
 * under its text. Lines break at spaces only: a word wider than the room (a long path, a model
 * ref) gets a row of its own, whole, to be copied, moved left just enough to fit the width when
 * it can (as wrapAfterLabel moves one under an error's label), else running past the edge.
 */
function wrapUnder(text: string, width: number, indent: string, taken = 0): Row[] {
  const column = visibleWidth(indent);
  const room = width - column;
  const rows = text.split("\n").flatMap((line, index) => {
    const lead = /^\s*(?:- )?/.exec(line)?.[0] ?? "";
    const fit = Math.max(1, room - lead.length);
    const parts = wrapText(line.slice(lead.length), fit, index === 0 ? taken : 0).split("\n");
    return parts.map((part, at) =>
      at === 0 ? { column, text: lead + part } : { column: column + lead.length, text: part },
    );
  });
  // A first word too wide to sit beside the label goes under it, on a row of its own (left of
  // the text's column as far as it must: see below); beside the label it ran past the edge.
  const first = rows[0];
  if (first && firstRowGoesUnder(first.text, room - taken, width))
    rows.unshift({ column, text: "" });
  // The first row is beside the label: it stays there.
  const shifts = shiftsToFit(
    rows.map((row) => row.text),
    rows.map((row, at) => (at === 0 ? undefined : row.column)),
    width,
  );
  return rows.map((row, at) => ({ column: row.column - (shifts[at] ?? 0), text: row.text }));
}

/**
 * The findings for a person, wrapped to `width` (the terminal's, or $COLUMNS when piped): each
 * message's further lines, and its hint, go under the message's text; on a terminal too narrow
 * for that, under its mark, two cells in.
 */
export function renderFindings(findings: Finding[], width = Number.POSITIVE_INFINITY): string {
  const narrow = width - TEXT_INDENT.length - "hint: ".length < MIN_HANGING_ROOM;
  const indent = narrow ? NARROW_INDENT : TEXT_INDENT;
  const taken = TEXT_INDENT.length - indent.length;
  const lines: string[] = [];
  // A hint already printed (a fresh state dir's config and model lines both say to onboard) is
  // pointed back to, not printed again: one command to run, read once. `--json` keeps each.
  const hintShownFor = new Map<string, string>();
  for (const item of findings) {
    const where = item.where && !item.message.includes(item.where) ? ` (${item.where})` : "";
    const [first, ...more] = wrapUnder(`${item.message}${where}`, width, indent, taken);
    // Nothing beside the label when its first word went under it: no space left at the end.
    lines.push(
      `${mark(item.level)} ${item.check.padEnd(CHECK_WIDTH)} ${first?.text ?? ""}`.trimEnd(),
    );
    for (const row of more) lines.push(`${" ".repeat(row.column)}${row.text}`);
    if (item.hint) {
      const shownFor = hintShownFor.get(item.hint);
      if (shownFor === undefined) hintShownFor.set(item.hint, item.check);
      const text = shownFor === undefined ? item.hint : `the same as for ${shownFor}, above`;
      const [hint, ...rest] = wrapUnder(text, width, `${indent}hint: `);
      lines.push(`${indent}${style.dim(`hint: ${hint?.text ?? ""}`.trimEnd())}`);
      for (const row of rest) lines.push(`${" ".repeat(row.column)}${style.dim(row.text)}`);
    }
  }
  const { failures, warnings } = summarize(findings);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  lines.push(
    "",
    failures === 0 && warnings === 0
      ? style.green("all good")
      : `${failures ? style.red(plural(failures, "problem")) : "no problems"}, ${plural(warnings, "warning")}`,
  );
  return lines.join("\n");
}

export async function runDoctorCommand(input: { probe: boolean; json: boolean }): Promise<void> {
  // Drawn when the first key goes to its provider: not before a config that does not load, or
  // for a state with no key to try, whose findings say so without asking anyone.
  const spinner = requestSpinner("checking keys with the providers…", input.probe && !input.json);
  let findings: Finding[];
  try {
    findings = await runDoctor({ probe: input.probe, checkKey: checkKeyStarting(spinner) });
  } finally {
    spinner.stop();
  }
  const { failures } = summarize(findings);
  if (input.json) printJson(doctorJson(findings));
  else writeShown(process.stdout, `${renderFindings(findings, terminalWidth())}\n`);
  if (failures > 0) process.exitCode = 1;
}
