/**
 * A reload the gateway refused, as its log says it: one line with where (file:line), what is
 * wrong and what to do, and that the last good config keeps serving; and the same facts as
 * fields, for a program's `log` and `openclaw gateway --json`'s "log" event. Pure.
 */
import {
  type CatalogFinding,
  findingKey,
  foldSharedCauses,
  withAffects,
} from "../catalog/index.js";
import type { ValueOrigin } from "../config/index.js";
import { ConfigError } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { describeFailure } from "./failure-text.js";

/** What the log is told beside a line about a reload refused: the last good config serves. */
export interface ReloadFailed {
  kind: "reload_failed";
  /** The file the problem is written in; null when unknown. */
  file: string | null;
  /** Its line in that file; null when unknown. */
  line: number | null;
  /** The dotted path of the value at fault (`agents.defaults.model.primary`); null when none. */
  path: string | null;
  /** What is wrong (the first problem, when there are several). */
  problem: string;
  /** How many problems the reload found. */
  problems: number;
  /** What to do; null when nothing is known to do. */
  hint: string | null;
}

/** A log line and, for a refused reload, its fields. */
export interface ReloadFailureLog {
  line: string;
  fields: ReloadFailed;
}

const PREFIX = "gateway: config reload failed, still serving the last good config: ";
/** Said once, after the problem's own hint: saving the file reloads it again. */
const SAVE_AGAIN = "fix the file and save it again";
const LISTS_ALL = "openclaw config validate lists every problem";

function placeOf(file: string | null, line: number | null): string {
  return file === null ? "" : `${file}${line === null ? "" : `:${line}`}: `;
}

/**
 * The catalog problems a reloaded config brings in (`found`, not empty, each with the file and
 * line it is written at where known): the first said with its place, the others counted.
 */
export function refusedReloadFailure(
  found: readonly (CatalogFinding & Partial<ValueOrigin>)[],
): ReloadFailureLog {
  // A provider's problem once, with what it affects, not again for each ref to its models.
  const fresh = foldSharedCauses(found) as (CatalogFinding & Partial<ValueOrigin>)[];
  const first = fresh[0] as CatalogFinding & Partial<ValueOrigin>;
  const said = (finding: CatalogFinding & Partial<ValueOrigin>) =>
    `${placeOf(finding.file ?? null, finding.line ?? null)}${withAffects(findingKey(finding), finding)}`;
  const listed =
    fresh.length === 1
      ? said(first)
      : `${fresh.length} problems\n${fresh.map((finding) => `  - ${said(finding)}`).join("\n")}`;
  const hint = `${first.hint ? `${first.hint}; ` : ""}${SAVE_AGAIN} (${LISTS_ALL})`;
  return {
    line: `${PREFIX}${listed}\n  hint: ${hint}`,
    fields: {
      kind: "reload_failed",
      file: first.file ?? null,
      line: first.line ?? null,
      path: first.path,
      problem: withAffects(first.message, first),
      problems: fresh.length,
      hint,
    },
  };
}

/** The first line of `message` without the place it starts with (`file:3:12: `). */
function whatIsWrong(message: string, file: string | undefined): string {
  const first = message.split("\n", 1)[0] ?? message;
  if (file === undefined || !first.startsWith(file)) return first;
  return first.slice(file.length).replace(/^(?::\d+)*: /, "");
}

/** A reload that failed for `error` (a file that does not parse, a schema problem, …). */
export function failedReload(error: unknown): ReloadFailureLog {
  const config = error instanceof ConfigError ? error : undefined;
  const issue = config?.issues[0];
  const hint = error instanceof OpenClawError ? (error.hint ?? null) : null;
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `${PREFIX}${describeFailure(error)}`,
    fields: {
      kind: "reload_failed",
      file: issue?.file ?? config?.file ?? null,
      line: issue?.line ?? config?.line ?? null,
      path: issue?.path ?? null,
      problem: issue?.message ?? whatIsWrong(message, config?.file),
      problems: Math.max(config?.issues.length ?? 0, 1),
      hint,
    },
  };
}

/** `fields` with each text passed through `redact` (a key quoted from the file is not told). */
export function redactedReloadFailed(
  fields: ReloadFailed,
  redact: (text: string) => string,
): ReloadFailed {
  const orNull = (text: string | null) => (text === null ? null : redact(text));
  return {
    ...fields,
    file: orNull(fields.file),
    path: orNull(fields.path),
    problem: redact(fields.problem),
    hint: orNull(fields.hint),
  };
}
