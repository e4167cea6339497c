/** How onboarding results are printed for a person (the `--json` form is the summary itself). */
import { describeCredit } from "../auth/index.js";
import type { OnboardSummary } from "../onboard/index.js";
import { displayUrl } from "../util/display-url.js";
import { shellWord } from "../util/shell-word.js";
import { fieldLines } from "./field-lines.js";
import { quotaWindowLines } from "./models-output.js";
import { besideLabel, printWarning, style, terminalWidth, wrapAfterLabel } from "./output.js";

export function summaryLines(summary: OnboardSummary): string[] {
  const lines: string[] = [];
  if (summary.provider === undefined) {
    lines.push("Auth skipped: nothing was configured.");
    lines.push("Set up a provider later with: openclaw onboard --auth-choice moonshot-api-key");
    return lines;
  }
  // The base URL written, whole; and the variable it came from, as the region menu names it.
  const from = summary.baseUrlVariable === undefined ? "" : `, from ${summary.baseUrlVariable}`;
  lines.push(`Provider:   ${summary.provider} (${displayUrl(summary.baseUrl ?? "")}${from})`);
  // A key read from a variable says where it was set (the config's env block: its file and line).
  if (summary.keyRef) {
    const setIn = summary.keyFrom?.startsWith("$") === false ? `, set in ${summary.keyFrom}` : "";
    // Read from the config's env block and left there: said, with how to get a copy instead.
    const kept = summary.keyKeptInConfig
      ? "; the key itself stays in the config only (--secret-input-mode plaintext would copy it into the credential store)"
      : "";
    lines.push(
      `Key:        reference to $${summary.keyRef} (${summary.key}${setIn}), profile ${summary.profile}${kept}`,
    );
  } else if (summary.key) {
    const from = summary.keyFrom === undefined ? "" : ` (from ${summary.keyFrom})`;
    lines.push(`Key:        ${summary.key}${from}, profile ${summary.profile}`);
  } else {
    lines.push("Key:        none (the endpoint is called without one)");
  }
  lines.push(
    `Default:    ${summary.primary ?? "(none)"}${
      summary.primaryNotMade
        ? ` (kept; to use ${summary.primaryNotMade} instead: openclaw models set ${shellWord(summary.primaryNotMade)})`
        : ""
    }`,
  );
  lines.push(`Fallbacks:  ${summary.fallbacks.length ? summary.fallbacks.join(", ") : "(none)"}`);
  lines.push(`Config:     ${summary.configPath}`);
  if (summary.profile) lines.push(`Credential: ${summary.authStorePath}`);
  return lines;
}

/** The width of the summary's labels (`Credential: `): a value's further lines go under it. */
const SUMMARY_LABEL_WIDTH = 12;

/**
 * summaryLines fitted to `width`, as changesText fits the changes: a value too wide goes on under
 * its text, after the label's width; a word too wide even so (a path, a URL) gets a line of its
 * own, whole, to be copied, moved left of that just as far as it must to fit (see fieldLines).
 */
export function fittedSummaryLines(summary: OnboardSummary, width: number): string[] {
  return summaryLines(summary).flatMap((line) =>
    line.length > SUMMARY_LABEL_WIDTH && line[SUMMARY_LABEL_WIDTH - 1] === " "
      ? fieldLines(line.slice(0, SUMMARY_LABEL_WIDTH), line.slice(SUMMARY_LABEL_WIDTH), width)
      : wrapAfterLabel(line, 0, width).split("\n"),
  );
}

/** `balance: $49.50 (voucher …)` or `plan quota: 80 of 100 left, …`, when the check found one. */
function creditLine(summary: OnboardSummary): string | undefined {
  const credit = summary.check.credit;
  if (!credit) return undefined;
  return `${credit.kind === "balance" ? "balance" : "plan quota"}: ${describeCredit(credit)}`;
}

/**
 * What the key check found left to spend, said under its message by both onboarding flows: a
 * Kimi Code plan window by window, each with when it resets, in the lines models status --probe
 * shows (quotaWindowLines), the week-only plan's one window included; a Moonshot balance on a
 * line of its own. `indent` cells in, fitted to `width`; none when the check found nothing.
 */
export function creditLines(
  summary: OnboardSummary,
  width: number,
  indent: number,
  now = Date.now(),
): string[] {
  const credit = summary.check.credit;
  if (credit?.kind === "quota" && (credit.windows?.length ?? 0) > 0)
    return quotaWindowLines(credit, width, now, indent);
  const line = creditLine(summary);
  if (line === undefined) return [];
  return besideLabel(" ".repeat(indent), wrapAfterLabel(line, indent, width)).split("\n");
}

/**
 * `Changes:` and a `- ` line per change, fitted to `width`: a change too wide goes on under its
 * text. Empty when nothing changes.
 */
export function changesText(summary: OnboardSummary, width: number): string {
  if (summary.changes.length === 0) return "";
  return wrapAfterLabel(
    ["Changes:", ...summary.changes.map((c) => `  - ${c}`)].join("\n"),
    0,
    width,
  );
}

/**
 * The result for a person, fitted to the terminal's width (or $COLUMNS): the key check's message
 * and each change are wrapped under their text; paths and the summary's fields are left whole.
 */
export function printOnboardResult(summary: OnboardSummary): void {
  const out = process.stdout;
  const width = terminalWidth(out);
  const check = summary.check;
  if (check.status === "valid") {
    out.write(`${besideLabel(`${style.green("✓")} `, wrapAfterLabel(check.message, 2, width))}\n`);
    for (const line of creditLines(summary, width, 2)) out.write(`${line}\n`);
  } else if (check.status === "skipped" && summary.provider !== undefined) {
    // (With --auth-choice skip the summary below says it.)
    out.write(`${style.dim(wrapAfterLabel(check.message, 0, width))}\n`);
  }
  for (const warning of summary.warnings) printWarning(warning);
  for (const line of fittedSummaryLines(summary, width)) out.write(`${line}\n`);
  if (summary.provider === undefined) return;
  if (summary.written) {
    if (summary.changes.length) out.write(`${changesText(summary, width)}\n`);
    out.write(
      `${wrapAfterLabel(`${style.green("Saved.")} Check it with: openclaw models status`, 0, width)}\n`,
    );
  } else {
    out.write("Already set up: nothing needed to change.\n");
  }
}
