/**
 * `openclaw usage --since` with seconds (`90s`), a duration said as counted back (`24h ago`,
 * `last 7d`) or a date without its zeros (`2026-12-5`): each was refused as "neither a duration
 * nor a date", leaving the person to guess which part was wrong. The error now says what to
 * write. Still exit 2: the report's start is not guessed. Built CLI, TZ=UTC.
 */
import { describe, expect, it } from "vitest";
import { parseSince } from "../../src/gateway/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function refusal(since: string): string {
  try {
    parseSince(since, Date.now());
  } catch (error) {
    return (error as Error).message;
  }
  return "(accepted)";
}

describe("usage --since as people say it", () => {
  it("says the minutes (or larger unit) to write for seconds", () => {
    const said: Array<[string, string]> = [
      ["90s", "write 1m or 2m"],
      ["45s", "write 1m"],
      ["30sec", "write 1m"],
      ["3600s", "write 1h"],
      ["120 seconds", "write 2m"],
    ];
    for (const [since, what] of said) {
      expect(refusal(since), since).toBe(
        `--since "${since}": s is not a unit here (minutes are the smallest): ${what}`,
      );
    }
  });

  it("says the duration alone for one said as counted back", () => {
    const said: Array<[string, string]> = [
      ["24h ago", "24h"],
      ["2 hours ago", "2h"],
      ["last 7d", "7d"],
      ["last 2 weeks", "2w"],
    ];
    for (const [since, what] of said) {
      expect(refusal(since), since).toBe(
        `--since "${since}": a duration already counts back from now: write ${what}`,
      );
    }
  });

  it("says the date with its zeros, or that it does not exist", () => {
    expect(refusal("2026-1-5")).toBe(
      `--since "2026-1-5": months and days have two digits: write 2026-01-05`,
    );
    expect(refusal("2026-11-1T09:30")).toBe(
      `--since "2026-11-1T09:30": months and days have two digits: write 2026-11-01T09:30`,
    );
    expect(refusal("2026-2-30")).toMatch(/^--since "2026-2-30": day 30 does not exist/);
  });

  it("is a usage error (exit 2) from the CLI, with the same words, and no stack", async () => {
    const state = tempDir();
    const result = await runCli(["usage", "--since", "90s"], {
      env: { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state, TZ: "UTC" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --since "90s": s is not a unit here \(minutes are the smallest\): write 1m or 2m$/m,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
