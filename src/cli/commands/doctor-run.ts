/** `openclaw doctor`, the part that runs: gather, judge, print. */
import { type Finding, summarize } from "../../doctor/findings.js";
import { runDoctor } from "../../doctor/inspect.js";
import { printJson, startSpinner, style } from "../output.js";

const CHECK_WIDTH = 8;

function mark(level: Finding["level"]): string {
  if (level === "ok") return style.green("✓");
  if (level === "warn") return style.yellow("!");
  return style.red("✗");
}

export function renderFindings(findings: Finding[]): string {
  const lines: string[] = [];
  for (const item of findings) {
    const where = item.where && !item.message.includes(item.where) ? ` (${item.where})` : "";
    lines.push(`${mark(item.level)} ${item.check.padEnd(CHECK_WIDTH)} ${item.message}${where}`);
    if (item.hint) lines.push(`  ${" ".repeat(CHECK_WIDTH)} ${style.dim(`hint: ${item.hint}`)}`);
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
  else process.stdout.write(`${renderFindings(findings)}\n`);
  if (failures > 0) process.exitCode = 1;
}
