/**
 * `openclaw usage --since` with what people type for "today", "yesterday" or "an hour and a half":
 * each was refused as "neither a duration nor a date", leaving them to guess the form. The error
 * now says what to write: the local date for today and yesterday, a whole number of a smaller
 * unit for a fraction (1.5h → 90m), days for years (1y → 365d). Still exit 2: the report is not guessed. Built CLI, TZ=UTC.
 */
import { describe, expect, it } from "vitest";
import { parseSince } from "../../src/gateway/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** `2026-12-02`, the UTC day `days` before now, as the CLI (TZ=UTC) names local days. */
function utcDay(daysBefore: number): string {
  return new Date(Date.now() - daysBefore * 86_400_000).toISOString().slice(0, 10);
}

describe("usage --since with a word or a fraction", () => {
  it("names the date to write for today and yesterday", async () => {
    const state = tempDir();
    const env = { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state, TZ: "UTC" };
    const said: Array<[string, string, number]> = [
      ["yesterday", "for yesterday write its date", 1],
      ["Today", "for today write its date", 0],
    ];
    for (const [since, what, daysBefore] of said) {
      // The day as seen before and after the run: a run that crosses midnight UTC may name
      // either, and each is right for the moment the CLI looked at the clock.
      const dayBefore = utcDay(daysBefore);
      const result = await runCli(["usage", "--since", since], { env });
      const dayAfter = utcDay(daysBefore);
      expect({ since, code: result.code }).toEqual({ since, code: 2 });
      const line = result.stderr.match(/^error: .*$/m)?.[0];
      expect(
        [dayBefore, dayAfter].map((day) => `error: --since "${since}": ${what}: ${day}`),
      ).toContain(line);
    }
  });

  it("says the whole number of a smaller unit for a fraction", () => {
    const said: Array<[string, string]> = [
      ["1.5h", "write 90m"],
      ["0.5d", "write 12h"],
      ["1.5w", "write 252h"],
      [".5h", "write 30m"],
      ["2.5m", "a duration is a whole number of minutes at least: write 2m or 3m"],
      ["0.5m", "a duration is a whole number of minutes at least: write 1m"],
    ];
    for (const [since, what] of said) {
      expect(() => parseSince(since, Date.now()), since).toThrow(`--since "${since}": ${what}`);
    }
  });

  it("says the one unit to write for a duration of several (1h30m, as Go and Prometheus write it)", async () => {
    const said: Array<[string, string]> = [
      ["1h30m", "write 90m"],
      ["1d12h", "write 36h"],
      ["2w3d", "write 17d"],
      ["1d 1m", "write 1441m"],
      ["1h60m", "write 2h"],
    ];
    for (const [since, what] of said) {
      expect(() => parseSince(since, Date.now()), since).toThrow(
        `--since "${since}": ${what} (a duration is one number and one unit)`,
      );
    }
    const state = tempDir();
    const result = await runCli(["usage", "--since", "1h30m"], {
      env: { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state, TZ: "UTC" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: --since "1h30m": write 90m (a duration is one number and one unit)\n',
    );
    // Years are no unit either: the days to write instead.
    expect(() => parseSince("1y", Date.now())).toThrow(
      '--since "1y": y is not a unit here (a year has no fixed length): write 365d for about a year',
    );
    expect(() => parseSince("2 years", Date.now())).toThrow("write 730d for about 2 years");
    // A month is still no unit, in several as alone.
    expect(() => parseSince("1M2d", Date.now())).toThrow("is neither a duration nor a date");
  });
});
