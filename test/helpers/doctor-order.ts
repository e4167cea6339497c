/**
 * Where a finding of `openclaw doctor` sits: among the model check's lines, before the keys', in
 * `--json`'s findings and in the text a person reads alike.
 */
import { expect } from "vitest";

/**
 * `checks` is `--json`'s findings' checks in order: the finding at `at` follows a model finding,
 * and the keys' come after it.
 */
export function expectAmongModelFindings(checks: string[], at: number): void {
  expect(checks.slice(0, at).at(-1)).toBe("model");
  expect(checks.indexOf("key")).toBeGreaterThan(at);
}

/**
 * In doctor's text output: the line starting `finding` comes right after the one starting
 * `model`, and a line starting `key` after it.
 */
export function expectAmongModelLines(
  stdout: string,
  starts: { model: string; finding: string; key: string },
): void {
  const lines = stdout.split("\n");
  const index = (start: string) => lines.findIndex((line) => line.startsWith(start));
  const model = index(starts.model);
  const finding = index(starts.finding);
  const key = index(starts.key);
  expect(model).toBeGreaterThanOrEqual(0);
  expect(finding).toBe(model + 1);
  expect(key).toBeGreaterThan(finding);
}
