/**
 * `models status --probe` and `doctor --probe` with a `GET /usages` answer that is not what Kimi
 * Code writes: a window or unit named with a terminal escape, a reset time with a line break that
 * Date.parse still reads (`2026-12-03 (x\nquota…)`: V8 skips the parenthesised part), more used
 * than the limit, a year past 9999. What answers at a Kimi Code base URL (a mirror, a proxy) is
 * not trusted to write to the user's terminal or to forge `--plain` lines. The built CLI against
 * the simulator behind a small server that answers `/usages` itself, over real sockets.
 */
import { writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const ESC = "\u001b";
/** A `--plain` line a hostile answer would like the user's script to read. */
const FORGED = "quota\tkimi-code\t999\t1000";

const HOSTILE_USAGES = {
  // 105 used of 100: nothing left, not "-5 of 100 left".
  usage: { limit: "100", used: "105", resetTime: `2026-12-03 (x\n${FORGED})` },
  limits: [
    {
      window: { duration: 5, timeUnit: `${ESC}]0;pwned${ESC}\\${ESC}[2J` },
      // Used up too: doctor --probe then tells the plan window by window.
      detail: { limit: "5", remaining: "0", resetTime: "+010000-01-01T00:00:00Z" },
    },
  ],
  usages: { [`limit_${ESC}[31mred\n${FORGED}`]: { used_ratio: 0.25 } },
};

/**
 * Thousands of ratio pools (a line each, were they all printed), one of them used up with a
 * share too large to write, and the week's counts in hexadecimal, which Number() reads.
 */
const MANY_POOLS = 3000;
const MANY_USAGES = {
  usage: { limit: "0x64", remaining: "0x10" },
  limits: [
    {
      window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
      detail: { limit: "100", remaining: "40" },
    },
  ],
  usages: {
    ...Object.fromEntries(
      Array.from({ length: MANY_POOLS }, (_, index) => [`limit_p${index}`, { used_ratio: 0.1 }]),
    ),
    // After the first thousands: kept all the same, being used up.
    limit_huge: { used_ratio: 1e306 },
  },
};

/** Pools named in wide characters (two cells each), far past the 40 cells a name is cut to. */
const WIDE_NAME = "配额".repeat(30);
const EMOJI_NAME = "😀".repeat(30);
const WIDE_USAGES = {
  usages: {
    [`limit_${WIDE_NAME}`]: { used_ratio: 0.25 },
    [`limit_${EMOJI_NAME}`]: { used_ratio: 0.5 },
  },
};

/** Window lengths no words tell truly: 1e308 hours is Infinity minutes, 1e308 minutes a 309-digit count. */
const ABSURD_LENGTHS = {
  limits: [
    {
      window: { duration: "1e308", timeUnit: "TIME_UNIT_HOUR" },
      detail: { limit: "100", remaining: "40" },
    },
    {
      window: { duration: "1e308", timeUnit: "TIME_UNIT_MINUTE" },
      detail: { limit: "50", remaining: "5" },
    },
  ],
  usages: { [`limit_${"9".repeat(30)}d`]: { used_ratio: 0.1 } },
};

let sim: Simulator;
let server: Server;
let baseUrl: string;

/** The simulator's Kimi Code endpoint, except `/usages`, answered with HOSTILE_USAGES. */
function startServer(target: string): Promise<Server> {
  const started = createServer((req, res) => {
    const asked = req.url ?? "/";
    const path = asked.replace(/^\/(huge|many|wide|long)/, "");
    if (asked.startsWith("/huge/") && path.endsWith("/usages")) {
      // Past the 4 MiB an account API's answer may take.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ usage: { limit: 100, remaining: 1 }, pad: "x".repeat(5 << 20) }));
      return;
    }
    if (asked.startsWith("/long/") && path.endsWith("/usages")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(ABSURD_LENGTHS));
      return;
    }
    if (asked.startsWith("/wide/") && path.endsWith("/usages")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(WIDE_USAGES));
      return;
    }
    if (asked.startsWith("/many/") && path.endsWith("/usages")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(MANY_USAGES));
      return;
    }
    if (path.endsWith("/usages")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(HOSTILE_USAGES));
      return;
    }
    const forward = request(
      `${target}${path}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  return new Promise((resolve) => started.listen(0, "127.0.0.1", () => resolve(started)));
}

beforeAll(async () => {
  sim = await startSimulator();
  server = await startServer(sim.url);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/coding/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await sim?.close();
});

function planState(at = baseUrl): StateDir {
  const state = freshState({ NO_COLOR: "1" });
  writeFileSync(
    state.configPath,
    JSON.stringify({
      agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
      models: { providers: { "kimi-code": { baseUrl: at, apiKey: sim.keys.kimiCode } } },
    }),
    { mode: 0o600 },
  );
  return state;
}

describe("a hostile /usages answer", () => {
  it("writes no escape to the terminal and no line of its own to --plain", async () => {
    const state = planState();
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    const doctor = await state.run(["doctor", "--probe"], { COLUMNS: "200" });
    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    for (const output of [text, doctor, plain]) expect(output.stdout).not.toContain(ESC);

    // The week: nothing left, and no reset time that is not one.
    expect(text.stdout).toMatch(/^ {6}week +0 of 100 left \(used up\)$/m);
    // A year past 9999 to the minute, as for any other year.
    expect(text.stdout).toContain("resets +010000-01-01 00:00 UTC, in ");
    expect(doctor.stdout).toContain("Kimi Code plan quota used up: ");

    const lines = plain.stdout.split("\n").filter((line) => line !== "");
    expect(lines.filter((line) => line.startsWith("quota\t"))).toEqual([
      "quota\tkimi-code\t0\t100",
    ]);
    for (const line of lines.filter((line) => line.startsWith("quotawindow\t")))
      expect(line.split("\t").length).toBeLessThanOrEqual(7);
    expect(lines.find((line) => line.startsWith("quotawindow\tkimi-code\tweek\t"))).toBe(
      "quotawindow\tkimi-code\tweek\t0\t100\t",
    );

    const json = await state.run(["models", "status", "--probe", "--json"]);
    const probe = (
      JSON.parse(json.stdout) as {
        probes: {
          provider: string;
          credit: { remaining: number | null; resetTime: string | null } | null;
        }[];
      }
    ).probes.find((entry) => entry.provider === "kimi-code");
    expect(probe?.credit).toMatchObject({ remaining: 0 });
    expect(probe?.credit?.resetTime).toBeNull();
    // No escape character in any of its strings (JSON writes one as \u001b, an escaped one as \\u001b).
    expect(json.stdout).not.toMatch(/(?<!\\)\\u001b/);
  });

  it("says an answer too long to read was one, not that the address was not reached", async () => {
    const state = planState(baseUrl.replace("/coding/", "/huge/coding/"));
    const json = await state.run(["models", "status", "--probe", "--json"]);
    const probe = (
      JSON.parse(json.stdout) as {
        probes: { provider: string; creditUnreadable?: { reason: string } }[];
      }
    ).probes.find((entry) => entry.provider === "kimi-code");
    expect(probe?.creditUnreadable?.reason).toBe("the answer is longer than 4194304 bytes");
  });

  it("prints at most 8 windows and how many it left out, the used-up one kept; no Infinity, no hexadecimal count", async () => {
    const state = planState(baseUrl.replace("/coding/", "/many/coding/"));
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    const left = MANY_POOLS + 2 - 8;
    const windowLines = text.stdout.split("\n").filter((line) => /^ {6}\S/.test(line));
    expect(windowLines).toEqual([
      expect.stringMatching(/^ {6}5 h +40 of 100 left$/),
      ...[0, 1, 2, 3, 4, 5].map((index) =>
        expect.stringMatching(new RegExp(`^ {6}limit_p${index} +10% used$`)),
      ),
      expect.stringMatching(/^ {6}limit_huge +over 100% used \(used up\)$/),
      `      … ${left} more windows not shown`,
    ]);
    expect(text.stdout).not.toContain("Infinity");
    // "0x64" and "0x10" are no counts: the week is not told as 16 of 100 left.
    expect(text.stdout).not.toMatch(/\bweek\b|16 of 100/);

    const doctor = await state.run(["doctor", "--probe"], { COLUMNS: "400" });
    expect(doctor.stdout).toContain(
      `limit_huge over 100% used (used up); ${left} more windows not shown`,
    );
    expect(doctor.stdout.length).toBeLessThan(10_000);

    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    const lines = plain.stdout.split("\n");
    expect(lines.filter((line) => line.startsWith("quotawindow\t"))).toHaveLength(8);
    expect(lines).toContain(`quotawindowsleftout\tkimi-code\t${left}`);
    expect(lines.filter((line) => line.startsWith("quota\t"))).toEqual([]);

    const json = await state.run(["models", "status", "--probe", "--json"]);
    const credit = (
      JSON.parse(json.stdout) as {
        probes: {
          provider: string;
          credit: {
            limit: number | null;
            windows: { window: string }[];
            windowsLeftOut: number | null;
          } | null;
        }[];
      }
    ).probes.find((entry) => entry.provider === "kimi-code")?.credit;
    expect(credit?.windows?.map((window) => window.window)).toEqual([
      "5 h",
      "limit_p0",
      "limit_p1",
      "limit_p2",
      "limit_p3",
      "limit_p4",
      "limit_p5",
      "limit_huge",
    ]);
    expect(credit?.windowsLeftOut).toBe(left);
    expect(credit?.limit).toBeNull();
  });

  it("cuts a window named in wide characters at 40 terminal cells, not 40 characters", async () => {
    const state = planState(baseUrl.replace("/coding/", "/wide/coding/"));
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    const names = text.stdout
      .split("\n")
      .filter((line) => /^ {6}limit_/.test(line))
      .map((line) => line.trim().split(/ {2,}/)[0] ?? "");
    expect(names).toHaveLength(2);
    for (const name of names) {
      // 40 cells of the name, then the `…`: 20 Chinese characters or emoji, not 40.
      expect(displayWidth(name)).toBeLessThanOrEqual(41);
      expect(name.endsWith("…")).toBe(true);
      // Whole characters only: no half of an emoji's surrogate pair.
      expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(names[0]).toBe(`limit_${"配额".repeat(8)}配…`);
    // Each window's text starts two cells after the widest name (both 41 cells), in one column:
    // padded by characters, the Chinese name's text stood 17 cells right of the emoji name's.
    const textColumns = text.stdout
      .split("\n")
      .filter((line) => /^ {6}limit_/.test(line))
      .map((line) => displayWidth(/^ {6}\S+ +/.exec(line)?.[0] ?? ""));
    expect(textColumns).toEqual([6 + 41 + 2, 6 + 41 + 2]);
    const doctor = await state.run(["doctor", "--probe"], { COLUMNS: "400" });
    expect(doctor.stdout).toContain(`limit_${"配额".repeat(8)}配… 25% used`);
    expect(doctor.stdout).not.toContain("配额".repeat(9));
  });

  it("names a window whose length is past telling (1e308 hours) as unknown, never Infinity s", async () => {
    const state = planState(baseUrl.replace("/coding/", "/long/coding/"));
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    const windowLines = text.stdout.split("\n").filter((line) => /^ {6}\S/.test(line));
    expect(windowLines).toEqual([
      expect.stringMatching(/^ {6}window 1 +40 of 100 left$/),
      expect.stringMatching(/^ {6}window 2 +5 of 50 left$/),
      expect.stringMatching(/^ {6}limit_9{30}d +10% used$/),
    ]);
    const doctor = await state.run(["doctor", "--probe"], { COLUMNS: "400" });
    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    for (const output of [text.stdout, doctor.stdout, plain.stdout]) {
      expect(output).not.toContain("Infinity");
      expect(output).not.toMatch(/\de\+\d/);
    }
  });
});
