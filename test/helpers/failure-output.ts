import { expect } from "vitest";
import type { CliResult } from "./cli.js";

/**
 * A failed command said its error once, where its reader looks: with `--json` in the JSON object
 * on stdout (stderr empty), else as `error:` and `hint:` lines on stderr (stdout empty).
 */
export function expectFailureSaidOnce(
  result: Pick<CliResult, "stdout" | "stderr">,
  json: boolean,
  failure: { code: string; message: string; hint: string },
): void {
  if (json) {
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: failure.code,
        message: expect.stringContaining(failure.message),
        hint: expect.stringContaining(failure.hint),
      },
    });
    expect(result.stderr).toBe("");
    return;
  }
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(`error: ${failure.message}`);
  expect(result.stderr).toContain(`hint: ${failure.hint}`);
  expect(result.stderr).not.toContain("looks like a bug");
}
