/** `openclaw doctor`, the part that runs: gather, judge, print. */
import { type Finding, summarize } from "../../doctor/findings.js";
import { runDoctor } from "../../doctor/inspect.js";
import {
  printJson,
  startSpinner,
  style,
  terminalWidth,
  visibleWidth,
  wrapText,
  writeShown,
} from "../output.js";

const CHECK_WIDTH = 8;

/** Where a finding's text starts: after the mark, the check's name and a space each side. */
const TEXT_INDENT = " ".repeat(CHECK_WIDTH + 3);

/** The fewest cells a line of text is wrapped to, however narrow the terminal. */
const MIN_TEXT_WIDTH = 20;

function mark(level: Finding["level"]): string {
  if (level === "ok") return style.green("✓");
  if (level === "warn") return style.yellow("!");
  return style.red("✗");
}

/**
 * `text` as lines that fit `width` cells once each is put after `indent`. A line of its own that
 * starts with spaces or `- ` (a list in a message) keeps that start, and its wrapped part goes
 * under its text. Lines break at spaces only: a word wider than the room (a long path) gets a
 * line of its own and runs past the edge, so a path or command in a hint can still be copied.
 */
function wrapUnder(text: string, width: number, indent: string): string[] {
  const room = Math.max(MIN_TEXT_WIDTH, width - visibleWidth(indent));
  return text.split("\n").flatMap((line) => {
    const lead = /^\s*(?:- )?/.exec(line)?.[0] ?? "";
    const fit = Math.max(MIN_TEXT_WIDTH, room - lead.length);
    const parts = wrapText(line.slice(lead.length), fit).split("\n");
    return parts.map((part, index) => (index === 0 ? lead : " ".repeat(lead.length)) + part);
  });
}

/**
 * The findings for a person, wrapped to `width` (the terminal's, or $COLUMNS when piped): each
 * message's further lines, and its hint, go under the message's text.
 */
export function renderFindings(findings: Finding[], width = Number.POSITIVE_INFINITY): string {
  const lines: string[] = [];
  for (const item of findings) {
    const where = item.where && !item.message.includes(item.where) ? ` (${item.where})` : "";
    const [first = "", ...more] = wrapUnder(`${item.message}${where}`, width, TEXT_INDENT);
    lines.push(`${mark(item.level)} ${item.check.padEnd(CHECK_WIDTH)} ${first}`);
    for (const line of more) lines.push(`${TEXT_INDENT}${line}`);
    if (item.hint) {
      const [hint = "", ...rest] = wrapUnder(item.hint, width, `${TEXT_INDENT}hint: `);
      lines.push(`${TEXT_INDENT}${style.dim(`hint: ${hint}`)}`);
      for (const line of rest) lines.push(`${TEXT_INDENT}      ${style.dim(line)}`);
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
  const spinner =
    input.probe && !input.json ? startSpinner("checking keys with the providers…") : undefined;
  let findings: Finding[];
  try {
    findings = await runDoctor({ probe: input.probe });
  } finally {
    spinner?.stop();
  }
  const { failures, warnings } = summarize(findings);
  if (input.json) printJson({ ok: failures === 0, failures, warnings, findings });
  else writeShown(process.stdout, `${renderFindings(findings, terminalWidth())}\n`);
  if (failures > 0) process.exitCode = 1;
}
