/**
 * `openclaw models status --probe` and a Kimi Code plan whose 5-hour window is used up while the
 * week still has some left. Kimi Code refuses such a request in the week's words, so the probe
 * has to show every window `GET /usages` reports, not the week's figure alone. The built CLI
 * (`npm run build` first) against the simulator, which answers `/usages` as Kimi Code does.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoSecrets, freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const utc = (time: Date) => `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A state whose default model is Kimi Code's, at a simulator reporting these windows. */
async function planState(
  week: { remaining: number; resetTime: Date },
  fiveHours: { remaining: number; resetTime: Date },
): Promise<{ state: StateDir; key: string }> {
  const started = await startSimulator({
    kimiCodeUsage: {
      limit: 100,
      remaining: week.remaining,
      resetTime: week.resetTime.toISOString(),
    },
    kimiCodeWindow: {
      limit: 100,
      remaining: fiveHours.remaining,
      resetTime: fiveHours.resetTime.toISOString(),
    },
  });
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
    }),
  );
  return { state, key: started.keys.kimiCode };
}

interface WindowJson {
  window: string;
  minutes: number | null;
  limit: number;
  remaining: number;
  usedRatio: null;
  resetTime: string | null;
  resetsIn: string | null;
  usedUp: boolean;
}

describe("openclaw models status --probe and a Kimi Code plan's windows", () => {
  it("shows the used-up 5-hour window beside the week, each with when it resets", async () => {
    // A minute over the whole hours and days, so "in 3 h 20 min" holds while the test runs.
    const fiveHoursReset = new Date(Date.now() + 3 * HOUR_MS + 20 * 60_000 + 30_000);
    const weekReset = new Date(Date.now() + 6 * DAY_MS + 17 * HOUR_MS + 30_000);
    const { state, key } = await planState(
      { remaining: 60, resetTime: weekReset },
      { remaining: 0, resetTime: fiveHoursReset },
    );

    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    expect(text.code).toBe(0);
    expectNoSecrets(text, key);
    const lines = text.stdout.split("\n");
    const at = lines.indexOf("    plan quota:");
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      `      week  60 of 100 left, resets ${utc(weekReset)}, in 6 d 17 h`,
      `      5 h   0 of 100 left (used up), resets ${utc(fiveHoursReset)}, in 3 h 20 min`,
    ]);

    const json = await state.run(["models", "status", "--probe", "--json"]);
    expect(json.code).toBe(0);
    const credit = (
      JSON.parse(json.stdout) as {
        probes: { provider: string; credit?: Record<string, unknown> }[];
      }
    ).probes.find((probe) => probe.provider === "kimi-code")?.credit;
    // The week's figures stay where scripts read them; the windows are added beside them.
    expect(credit).toMatchObject({
      kind: "quota",
      limit: 100,
      remaining: 60,
      resetTime: weekReset.toISOString(),
    });
    expect(credit?.windows as WindowJson[]).toEqual([
      {
        window: "week",
        minutes: 10080,
        limit: 100,
        remaining: 60,
        resetTime: weekReset.toISOString(),
        resetsIn: "6 d 17 h",
        usedRatio: null,
        usedUp: false,
      },
      {
        window: "5 h",
        minutes: 300,
        limit: 100,
        remaining: 0,
        resetTime: fiveHoursReset.toISOString(),
        resetsIn: "3 h 20 min",
        usedRatio: null,
        usedUp: true,
      },
    ]);

    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    expect(plain.stdout).toContain("quota\tkimi-code\t60\t100\n");
    expect(plain.stdout).toContain(
      `quotawindow\tkimi-code\t5 h\t0\t100\t${fiveHoursReset.toISOString()}`,
    );
  });

  it("says a reset time already past is past, rather than one to come", async () => {
    const past = new Date(Date.now() - 2 * HOUR_MS);
    const weekReset = new Date(Date.now() + 2 * DAY_MS + 30_000);
    const { state } = await planState(
      { remaining: 5, resetTime: weekReset },
      { remaining: 40, resetTime: past },
    );
    const text = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    expect(text.stdout).toContain(
      `      5 h   40 of 100 left, resets ${utc(past)}, already passed\n`,
    );
    expect(text.stdout).toContain(`      week  5 of 100 left, resets ${utc(weekReset)}, in 2 d\n`);
  });

  it("doctor --probe says a week's reset already past is past, as models status does", async () => {
    const past = new Date(Date.now() - 2 * HOUR_MS);
    const { state } = await planState(
      { remaining: 0, resetTime: past },
      { remaining: 40, resetTime: new Date(Date.now() + 2 * HOUR_MS) },
    );
    const doctor = await state.run(["doctor", "--probe"], { COLUMNS: "200" });
    expect(doctor.stdout).toContain(
      `kimi-code: Kimi Code plan quota used up: week 0 of 100 left (used up), resets ${utc(past)}, already passed; 5 h 40 of 100 left`,
    );
  });

  it("a refusal whose reset is not known points to these lines", async () => {
    // Nothing /usages reports is used up (a billing cycle's limit): the hint cannot say a time.
    const { state } = await planState(
      { remaining: 60, resetTime: new Date(Date.now() + 2 * DAY_MS) },
      { remaining: 30, resetTime: new Date(Date.now() + 2 * HOUR_MS) },
    );
    sim?.script([
      { when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 },
    ]);
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, " ")).toContain(
      "it comes back when the window the message names ends (openclaw models status --probe shows what is left of each window, the 5 hours, the week and the month, and when each resets)",
    );
  });
});
