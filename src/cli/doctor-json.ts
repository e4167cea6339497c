/**
 * `doctor --json` with the same keys on every finding, whatever it says and whether or not keys
 * were probed: `where`, `hint`, `path`, `file`, `line`, `retired` and `credit` (the credit
 * finding's balance or plan quota, every window, as `models status --json` has it) are null when
 * a finding has none (JSON.stringify left them out, so a script had to test whether `.hint` was
 * there), and a retired model's place has `file` and `line` null when no file holds it. As
 * models-json does for `models status --json` and `models list --json`.
 */
import { type Finding, summarize } from "../doctor/findings.js";
import type { RetiredConfiguredFinding, RetiredPlace } from "../doctor/retired-configured.js";
import { creditJson, withNulls } from "./models-json.js";

/** The models a retired-models warning names, each place with its file and line or null. */
function retiredJson(retired: RetiredConfiguredFinding["retired"]) {
  return retired.map((model) => ({
    ...model,
    places: model.places.map((place: RetiredPlace) => withNulls(place, ["file", "line"])),
  }));
}

/** One finding, every key there in the same order: null when it has no value. */
function findingJson(item: Finding & { retired?: RetiredConfiguredFinding["retired"] }) {
  const { check, level, message, where, hint, path, file, line, retired, credit, ...rest } = item;
  return {
    check,
    level,
    message,
    where: where ?? null,
    hint: hint ?? null,
    path: path ?? null,
    file: file ?? null,
    line: line ?? null,
    retired: retired ? retiredJson(retired) : null,
    credit: credit ? creditJson(credit) : null,
    ...rest,
  };
}

/** `doctor --json`'s object: the verdict, its counts and each finding. */
export function doctorJson(findings: readonly Finding[]) {
  const { failures, warnings } = summarize([...findings]);
  return { ok: failures === 0, failures, warnings, findings: findings.map(findingJson) };
}
