/**
 * A finding as `doctor --json` prints it: every key there, null where the finding has none
 * (`where`, `hint`, `path`, `file`, `line`, `retired`, `credit`), so that a test can compare a
 * whole finding.
 */
export function jsonFinding(fields: {
  check: string;
  level: string;
  message: string;
  where?: string;
  hint?: string;
  path?: string;
  file?: string;
  line?: number;
  credit?: unknown;
}): Record<string, unknown> {
  return {
    where: null,
    hint: null,
    path: null,
    file: null,
    line: null,
    retired: null,
    credit: null,
    ...fields,
  };
}
