/**
 * A Kimi Code plan whose `GET /usages` comes in the ratio shape some accounts get since September
 * 2026: no `usage`, the windows under `usages` (`limit_5h`, `limit_7d`, `limit_month_total`),
 * each the share used and its reset. `models status --probe` showed no quota at all for them,
 * `doctor --probe` checked nothing, and a refusal's hint gave no reset time. Also: `doctor
 * --probe` fails a used-up 5-hour window as it fails a used-up week. The built CLI (`npm run
 * build` first) against the simulator over real sockets.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { closedPort } from "../helpers/net.js";
import { expectNoSecrets, freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../simulator/index.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The simulator's ratio pools give times to the second, as Kimi Code's do. */
const second = (time: Date) => `${time.toISOString().slice(0, 19)}Z`;
const utc = (time: Date) => `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A state whose default model is Kimi Code's, at a simulator answering /usages so. */
async function planState(options: SimulatorOptions): Promise<{ state: StateDir; key: string }> {
  const started = await startSimulator(options);
  sim = started;
  const state = freshState({
    KIMICODE_API_KEY: started.keys.kimiCode,
    OPENCLAW_KIMI_CODE_BASE_URL: started.kimiCodeBaseUrl,
  });
  writeFileSync(
    state.configPath,
    JSON.stringify({
      agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
      models: { providers: { "kimi-code": { baseUrl: started.kimiCodeBaseUrl } } },
      gateway: { port: await closedPort() },
    }),
  );
  return { state, key: started.keys.kimiCode };
}

interface Finding {
  check: string;
  level: string;
  message: string;
  hint?: string;
}

async function creditFinding(state: StateDir): Promise<{ code: number | null; finding?: Finding }> {
  const result = await state.run(["doctor", "--probe", "--json"]);
  const report = JSON.parse(result.stdout) as { findings: Finding[] };
  return { code: result.code, finding: report.findings.find((item) => item.check === "credit") };
}

/** Ratio pools: the week 20% used, the 5 hours used up, the month 3.4% used. */
function ratioPlan() {
  // A minute over the whole hours and days, so "in 3 h 20 min" holds while the test runs.
  const fiveHours = new Date(Date.now() + 3 * HOUR_MS + 20 * 60_000 + 30_000);
  const week = new Date(Date.now() + 6 * DAY_MS + 17 * HOUR_MS + 30_000);
  const month = new Date(Date.now() + 20 * DAY_MS + 30_000);
  const options: SimulatorOptions = {
    kimiCodeUsageShape: "ratios",
    kimiCodeUsage: { limit: 100, remaining: 80, resetTime: week.toISOString() },
    kimiCodeWindow: { limit: 100, remaining: 0, resetTime: fiveHours.toISOString() },
    kimiCodeMonth: { usedRatio: 0.0338, resetTime: month.toISOString() },
  };
  return { options, fiveHours, week, month };
}

describe("a Kimi Code plan whose /usages reports ratio pools", () => {
  it("models status --probe shows each pool as a window: the share used and when it resets", async () => {
    const { options, fiveHours, week, month } = ratioPlan();
    const { state, key } = await planState(options);

    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    expect(text.code).toBe(0);
    expectNoSecrets(text, key);
    const lines = text.stdout.split("\n");
    const at = lines.indexOf("    plan quota:");
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      `      week   20% used, resets ${utc(week)}, in 6 d 17 h`,
      `      5 h    100% used (used up), resets ${utc(fiveHours)}, in 3 h 20 min`,
      `      month  3.4% used, resets ${utc(month)}, in 20 d`,
    ]);

    const json = await state.run(["models", "status", "--probe", "--json"]);
    expect(json.code).toBe(0);
    const credit = (
      JSON.parse(json.stdout) as {
        probes: { provider: string; credit?: Record<string, unknown> }[];
      }
    ).probes.find((probe) => probe.provider === "kimi-code")?.credit;
    // No count is reported, so none is made up: limit and remaining null, the ratio as given.
    expect(credit).toEqual({
      kind: "quota",
      limit: null,
      remaining: null,
      resetTime: second(week),
      windowsLeftOut: null,
      windows: [
        {
          window: "week",
          minutes: 10080,
          limit: null,
          remaining: null,
          usedRatio: 0.2,
          resetTime: second(week),
          resetsIn: "6 d 17 h",
          usedUp: false,
        },
        {
          window: "5 h",
          minutes: 300,
          limit: null,
          remaining: null,
          usedRatio: 1,
          resetTime: second(fiveHours),
          resetsIn: "3 h 20 min",
          usedUp: true,
        },
        {
          window: "month",
          minutes: null,
          limit: null,
          remaining: null,
          usedRatio: 0.0338,
          resetTime: second(month),
          resetsIn: "20 d",
          usedUp: false,
        },
      ],
    });

    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    expect(plain.stdout).not.toMatch(/^quota\t/m);
    expect(plain.stdout).toContain(`quotawindow\tkimi-code\t5 h\t\t\t${second(fiveHours)}\t1\n`);
  });

  it("doctor --probe fails the used-up 5-hour pool, with when it resets", async () => {
    const { options, fiveHours } = ratioPlan();
    const { state } = await planState(options);
    const { code, finding } = await creditFinding(state);
    expect(code).toBe(1);
    expect(finding?.level).toBe("fail");
    expect(finding?.message).toContain("kimi-code: Kimi Code plan quota used up: ");
    expect(finding?.message).toContain(
      `5 h 100% used (used up), resets ${utc(fiveHours)}, in 3 h 20 min`,
    );
    expect(finding?.hint).toContain("requests will be refused until the quota resets");
  });

  it("a refused request's hint says when the used-up pool resets", async () => {
    const { options, fiveHours } = ratioPlan();
    const { state, key } = await planState(options);
    sim?.script([
      { when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 },
    ]);
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expectNoSecrets(result, key);
    const hint = result.stderr.split("\n").find((line) => line.startsWith("hint: "));
    expect(hint).toMatch(
      new RegExp(
        `^hint: your Kimi Code plan quota is used up: it resets ${utc(fiveHours)}, in 3 h (19|20) min;`,
      ),
    );
  });
});

describe("doctor --probe and a Kimi Code plan in counts", () => {
  it("fails a used-up 5-hour window while the week has some left, as it fails a used-up week", async () => {
    const fiveHours = new Date(Date.now() + 2 * HOUR_MS + 30_000);
    const week = new Date(Date.now() + 3 * DAY_MS + 30_000);
    const { state } = await planState({
      kimiCodeUsage: { limit: 100, remaining: 60, resetTime: week.toISOString() },
      kimiCodeWindow: { limit: 100, remaining: 0, resetTime: fiveHours.toISOString() },
    });
    const { code, finding } = await creditFinding(state);
    expect(code).toBe(1);
    expect(finding).toEqual(
      jsonFinding({
        check: "credit",
        level: "fail",
        message: `kimi-code: Kimi Code plan quota used up: week 60 of 100 left, resets ${utc(week)}, in 3 d; 5 h 0 of 100 left (used up), resets ${utc(fiveHours)}, in 2 h`,
        hint: "requests will be refused until the quota resets, unless you upgrade the plan; configure a fallback model on another provider meanwhile",
        credit: expect.objectContaining({ kind: "quota", limit: 100, remaining: 60 }),
      }),
    );
  });

  it("does not say 100% used of a pool with a little left, which Kimi Code does not refuse yet", async () => {
    const week = new Date(Date.now() + 3 * DAY_MS + 30_000);
    const { state } = await planState({
      kimiCodeUsageShape: "ratios",
      kimiCodeUsage: { limit: 100, remaining: 60, resetTime: week.toISOString() },
      // 9,996 of 10,000 used: a ratio of 0.9996.
      kimiCodeWindow: { limit: 10_000, remaining: 4, resetTime: week.toISOString() },
    });
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    expect(text.stdout).toMatch(/^ {6}5 h {3}99\.9% used, resets /m);
    expect(text.stdout).not.toContain("100% used");
    const { code, finding } = await creditFinding(state);
    expect(code).toBe(0);
    expect(finding?.level).toBe("ok");
  });

  it("passes a plan with every window left, each window told as models status tells it", async () => {
    const week = new Date(Date.now() + 3 * DAY_MS + 30_000);
    const { state } = await planState({
      kimiCodeUsage: { limit: 100, remaining: 60, resetTime: week.toISOString() },
      kimiCodeWindow: { limit: 100, remaining: 30, resetTime: week.toISOString() },
    });
    const { code, finding } = await creditFinding(state);
    expect(code).toBe(0);
    expect(finding).toMatchObject({
      level: "ok",
      message: `kimi-code: Kimi Code plan quota week 60 of 100 left, resets ${utc(week)}, in 3 d; 5 h 30 of 100 left, resets ${utc(week)}, in 3 d`,
    });
  });
});
