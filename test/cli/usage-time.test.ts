/**
 * `openclaw usage` in the user's time zone: lists and tables print local time and say the zone
 * once, dates given to --since are local, --by day groups by local day (daylight saving time
 * included), --json keeps ISO times with their Z. Costs below a cent never read as $0. Run in
 * Tokyo and Los Angeles around their midnights.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSince } from "../../src/gateway/index.js";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-time-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => Date.parse(iso);
/** In Tokyo (UTC+9): 11-29 23:30, 11-30 00:30, 11-30 16:30, 11-30 17:30. */
/** In Los Angeles (UTC-8 in November): 11-29 06:30, 07:30, 23:30, 11-30 00:30. */
const NOVEMBER = [
  at("2026-11-29T14:30:00Z"),
  at("2026-11-29T15:30:00Z"),
  at("2026-11-30T07:30:00Z"),
  at("2026-11-30T08:30:00Z"),
];
/** 00:30 on 10-31 in Los Angeles while daylight saving time (UTC-7) still holds. */
const BEFORE_DST_END = at("2026-10-31T07:30:00Z");

beforeAll(async () => {
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  ledger.record(
    ledgerRow({
      ts: BEFORE_DST_END,
      requestId: "r-october",
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
    }),
  );
  NOVEMBER.forEach((ts, i) => {
    ledger.record(
      ledgerRow({
        ts,
        requestId: `r-${i}`,
        modelRequested: i === 0 ? "moonshot/kimi-k2-turbo-preview" : "moonshot/kimi-k2.5",
        modelUsed: i === 0 ? "moonshot/kimi-k2-turbo-preview" : "moonshot/kimi-k2.5",
        promptTokens: 10,
        completionTokens: 5,
        // A request of two hundredths of a cent; the others a cent and a half between them.
        costUsd: i === 0 ? 0.0000204 : 0.01493 / 3,
      }),
    );
  });
  await ledger.close();
});

function usage(tz: string, args: string[]) {
  return runCli(["usage", ...args], {
    env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: tz },
  });
}

type DayReport = { since: string; timeZone: string; groups: { key: string; requests: number }[] };

describe("openclaw usage in the local time zone", () => {
  it("groups --by day by the local day, in Tokyo and in Los Angeles (daylight saving time too)", async () => {
    const tokyo = await usage("Asia/Tokyo", ["--by", "day", "--since", "2026-10-01", "--json"]);
    expect(tokyo.code).toBe(0);
    const tokyoReport = JSON.parse(tokyo.stdout) as DayReport;
    expect(tokyoReport.groups.map((g) => [g.key, g.requests])).toEqual([
      ["2026-10-31", 1],
      ["2026-11-29", 1],
      ["2026-11-30", 3],
    ]);
    expect(tokyoReport.since).toBe("2026-09-30T15:00:00.000Z");
    expect(tokyoReport.timeZone).toBe("Asia/Tokyo (UTC+09:00)");
    // A zone written by a name ICU keeps only as an alias is shown as written.
    const kolkata = await usage("Asia/Kolkata", ["--by", "day", "--since", "2026-10-01", "--json"]);
    expect((JSON.parse(kolkata.stdout) as DayReport).timeZone).toBe("Asia/Kolkata (UTC+05:30)");

    const la = await usage("America/Los_Angeles", [
      "--by",
      "day",
      "--since",
      "2026-10-01",
      "--json",
    ]);
    const laReport = JSON.parse(la.stdout) as DayReport;
    // 10-31 00:30 PDT stays on the 31st (a fixed -8 would put it on the 30th).
    expect(laReport.groups.map((g) => [g.key, g.requests])).toEqual([
      ["2026-10-31", 1],
      ["2026-11-29", 3],
      ["2026-11-30", 1],
    ]);
    expect(laReport.since).toBe("2026-10-01T07:00:00.000Z");
    expect(laReport.timeZone).toBe("America/Los_Angeles (UTC-07:00, then UTC-08:00)");

    const table = await usage("America/Los_Angeles", ["--by", "day", "--since", "2026-10-01"]);
    expect(table.stdout).toMatch(/^2026-11-29\s+3\s/m);
    expect(table.stdout).toContain(
      "since 2026-10-01 00:00 (local time, America/Los_Angeles (UTC-07:00, then UTC-08:00))",
    );
  });

  it("--by day marks a first day the report starts inside (from when), in text and --json", async () => {
    // 23:00 in Tokyo: 11-29 holds only its last hour (one request, at 23:30), as the first day of
    // the default --since 7d holds only the hours after now's time of day; its row read as whole.
    const json = await usage("Asia/Tokyo", [
      "--by",
      "day",
      "--since",
      "2026-11-29T23:00",
      "--json",
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).groups).toMatchObject([
      { key: "2026-11-29", requests: 1, partial: true, from: "2026-11-29T14:00:00.000Z" },
      { key: "2026-11-30", requests: 3, partial: false },
    ]);
    expect(JSON.parse(json.stdout).groups[1]).not.toHaveProperty("from");
    const text = await runCli(["usage", "--by", "day", "--since", "2026-11-29T23:00"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "Asia/Tokyo", COLUMNS: "60" },
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^2026-11-29\*\s+1\s/m);
    expect(text.stdout).toContain("* 2026-11-29 from 23:00 only (the report starts then)");
    expect(text.stdout).toMatch(/^2026-11-30\s+3\s/m);
    for (const line of text.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
    // From a local midnight, the first day is whole: no mark.
    const wholeText = await usage("Asia/Tokyo", ["--by", "day", "--since", "2026-11-29"]);
    expect(wholeText.stdout).toMatch(/^2026-11-29\s+1\s/m);
    expect(wholeText.stdout).not.toContain("the report starts then");
    const whole = await usage("Asia/Tokyo", ["--by", "day", "--since", "2026-11-29", "--json"]);
    expect(JSON.parse(whole.stdout).groups[0]).toEqual(
      expect.objectContaining({ key: "2026-11-29", partial: false }),
    );
    expect(JSON.parse(whole.stdout).groups[0]).not.toHaveProperty("from");
  });

  it("reads a date given to --since as local midnight, with or without a time", async () => {
    for (const since of ["2026-11-30", "2026-11-30T00:00"]) {
      const tokyo = JSON.parse(
        (await usage("Asia/Tokyo", ["--since", since, "--json"])).stdout,
      ) as {
        since: string;
        total: { requests: number };
      };
      expect(tokyo).toMatchObject({ since: "2026-11-29T15:00:00.000Z", total: { requests: 3 } });
      const la = JSON.parse(
        (await usage("America/Los_Angeles", ["--since", since, "--json"])).stdout,
      ) as { since: string; total: { requests: number } };
      expect(la).toMatchObject({ since: "2026-11-30T08:00:00.000Z", total: { requests: 1 } });
    }
    // A zone written out is taken as written.
    const utc = JSON.parse(
      (await usage("Asia/Tokyo", ["--since", "2026-11-30T00:00Z", "--json"])).stdout,
    ) as { since: string; total: { requests: number } };
    expect(utc).toMatchObject({ since: "2026-11-30T00:00:00.000Z", total: { requests: 2 } });
  });

  it("lists requests in local time with the zone said once; --json has ISO times with Z", async () => {
    const tokyo = await usage("Asia/Tokyo", ["--last", "3", "--since", "2026-11-01"]);
    expect(tokyo.code).toBe(0);
    const lines = tokyo.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^2026-11-30 00:30:00 {2}200 {2}moonshot\/kimi-k2\.5/);
    expect(lines[2]).toMatch(/^2026-11-30 17:30:00 {2}200/);
    expect(lines[3]).toBe(
      `times in local time, Asia/Tokyo (UTC+09:00) · ${join(dir, "usage.sqlite")}`,
    );

    const la = await usage("America/Los_Angeles", ["--last", "1", "--since", "2026-11-01"]);
    expect(la.stdout).toMatch(/^2026-11-30 00:30:00 {2}200/);

    const json = JSON.parse(
      (await usage("Asia/Tokyo", ["--last", "1", "--since", "2026-11-01", "--json"])).stdout,
    ) as { since: string; requests: { ts: number; time: string }[] };
    expect(json.since).toBe("2026-10-31T15:00:00.000Z");
    expect(json.requests[0]).toMatchObject({ ts: NOVEMBER[3], time: "2026-11-30T08:30:00.000Z" });
  });

  it("never shows a cost that is not zero as $0, in lists and in tables", async () => {
    const listed = await usage("UTC", ["--last", "5", "--since", "2026-11-01"]);
    expect(listed.stdout).toMatch(/^2026-11-29 14:30:00 .* \$0\.000020 /m);
    expect(listed.stdout).toMatch(/^2026-11-29 15:30:00 .* \$0\.0050 /m);
    const table = await usage("UTC", ["--since", "2026-11-01"]);
    expect(table.stdout).toMatch(/^moonshot\/kimi-k2-turbo-preview\s.*\s\$0\.000020\s/m);
    expect(table.stdout).toMatch(/^moonshot\/kimi-k2\.5\s.*\s\$0\.0149\s/m);
    expect(table.stdout).toMatch(/^total\s.*\s\$0\.0150\s/m);
    expect(table.stdout).not.toContain("$0.0000 ");
  });
});

describe("openclaw usage refusals", () => {
  it("refuses a --since before 1970 with the range, as a usage error", async () => {
    const result = await usage("UTC", ["--since", "99999999999d"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --since "99999999999d" reaches back before 1970: the most is \d+d \(the ledger has nothing older\)$/m,
    );
    expect(result.stderr).not.toContain("bug");
  });

  it("refuses a --since date, time or year that does not exist, naming the part (no roll-over)", async () => {
    const refused: Array<[string, string]> = [
      ["2026-11-30T25:00", "hour 25 does not exist: hours go from 00 to 23"],
      ["2026-02-30", "day 30 does not exist in February 2026: its days go from 01 to 28"],
      ["2026-11-31", "day 31 does not exist in November 2026: its days go from 01 to 30"],
      ["2026-11-00", "day 00 does not exist in November 2026: its days go from 01 to 30"],
      ["2026-13-01", "month 13 does not exist: months go from 01 to 12"],
      ["2026-00-10T10:00Z", "month 00 does not exist: months go from 01 to 12"],
      ["2026-11-30T24:00", "hour 24 does not exist: hours go from 00 to 23"],
      ["2026-11-30T23:60", "minute 60 does not exist: minutes go from 00 to 59"],
      ["2026-11-30T00:00:99", "second 99 does not exist: seconds go from 00 to 59"],
      ["2026-11-30T25:00Z", "hour 25 does not exist: hours go from 00 to 23"],
      ["2026-11-30T10:00+25:00", "offset +25:00 does not exist: offsets go from -23:59 to +23:59"],
      ["0000-01-01", "year 0000 is before 1970: the ledger has nothing older"],
      ["1969-12-31", "year 1969 is before 1970: the ledger has nothing older"],
    ];
    for (const [since, why] of refused) {
      expect(() => parseSince(since), since).toThrow(`--since "${since}": ${why}`);
    }
    // As the user sees two of them: a usage error (exit 2), with --json its failure object.
    for (const [since, why] of [refused[0], refused[1], refused[11]] as Array<[string, string]>) {
      const result = await usage("Asia/Tokyo", ["--since", since, "--json"]);
      expect(result.code, since).toBe(2);
      expect(JSON.parse(result.stdout), since).toMatchObject({
        ok: false,
        error: { code: "usage", message: `--since "${since}": ${why}` },
      });
      // Said once, in the JSON: no second copy on stderr.
      expect(result.stderr, since).toBe("");
    }
    // The last second of a day, and the first year the ledger can have, are fine.
    const late = await usage("Asia/Tokyo", ["--since", "2026-11-30T23:59:59", "--json"]);
    expect(late.code).toBe(0);
    expect((JSON.parse(late.stdout) as { since: string }).since).toBe("2026-11-30T14:59:59.000Z");
    expect(parseSince("1970-01-01T00:00Z")).toBe(0);
    // A leap year's February 29th exists.
    expect(parseSince("2028-02-29T00:00Z")).toBe(Date.UTC(2028, 1, 29));
  });

  it("refuses a --since in the future instead of an empty report that reads as no traffic", async () => {
    // A year mistyped: the next year's date, given as the user would (local, no zone).
    const nextYear = new Date().getFullYear() + 1;
    for (const args of [
      ["--since", `${nextYear}-01-15`],
      ["--last", "3", "--since", `${nextYear}-01-15`],
    ]) {
      const result = await usage("Asia/Tokyo", args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 2,
        stdout: "",
      });
      expect(result.stderr).toMatch(
        new RegExp(
          `^error: --since "${nextYear}-01-15" is in the future \\(${nextYear}-01-15 00:00:00; it is now \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}, local time, Asia/Tokyo \\(UTC\\+09:00\\)\\): no request is that recent\nhint: give a date before now, or a duration such as 7d`,
        ),
      );
    }
    const json = await usage("UTC", ["--since", `${nextYear}-01-15T00:00Z`, "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "usage", message: expect.stringContaining("is in the future") },
    });
  });

  it("says how to write a duration typed with a word for its unit or with a minus", async () => {
    const said: Array<[string, string]> = [
      ["7days", "units are one letter: write 7d"],
      ["7 days", "units are one letter: write 7d"],
      ["2hours", "units are one letter: write 2h"],
      ["30min", "units are one letter: write 30m"],
      ["30 Minutes", "units are one letter: write 30m"],
      ["1week", "units are one letter: write 1w"],
      ["-1d", "a duration already counts back from now, without a minus: write 1d"],
      ["-7 days", "a duration already counts back from now, without a minus: write 7d"],
      [
        "-1M",
        "a duration already counts back from now, without a minus: write 1m for minutes, or days (30d for about a month)",
      ],
    ];
    for (const [since, why] of said) {
      const result = await usage("UTC", ["--since", since]);
      expect({ since, code: result.code }).toEqual({ since, code: 2 });
      expect(result.stderr, since).toContain(`error: --since "${since}": ${why}\n`);
    }
  });

  it("refuses --by with --last or --errors instead of ignoring it", async () => {
    const last = await usage("UTC", ["--last", "2", "--by", "provider"]);
    expect(last.code).toBe(2);
    expect(last.stderr).toContain(
      "error: --by cannot go with --last: they list requests one by one, --by groups totals",
    );
    expect(last.stderr).toContain(
      "hint: for totals: openclaw usage --since 7d --by provider; for requests: openclaw usage --last 2\n",
    );
    const errors = await usage("UTC", ["--errors", "--by", "model"]);
    expect(errors.code).toBe(2);
    expect(errors.stderr).toContain("error: --by cannot go with --errors");
    // The list suggested is the one asked for: --errors is kept (and --since when given).
    expect(errors.stderr).toContain(
      "hint: for totals: openclaw usage --since 7d --by model; for failed requests: openclaw usage --errors\n",
    );
    const since = await usage("UTC", ["--errors", "--since", "24h", "--last", "5", "--by", "api"]);
    expect(since.stderr).toContain(
      "for failed requests: openclaw usage --errors --last 5 --since 24h\n",
    );
    expect((await usage("UTC", ["--last", "2", "--since", "2026-11-01"])).code).toBe(0);
  });
});
