/** Polling helpers for tests that wait for something to happen elsewhere (a socket, a file, a log line). */

/**
 * Polls `check` every 20 ms until it holds or `timeoutMs` passes, then checks once more.
 * Resolves to whether it held; never throws on timeout (assert on the result).
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** Like `waitFor`, but fails with "timed out waiting for <what>" when `check` never holds. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = "condition",
): Promise<void> {
  if (!(await waitFor(check, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}
