/**
 * A Kimi Code plan's windows as onboarding (after checking the key) and `doctor --probe` tell
 * them: every window `GET /usages` reports, in the words `models status --probe` uses. Before,
 * both told the week's count alone while the 5-hour window, the one that stops a request first,
 * was left out unless used up; and `doctor --json`'s credit finding had no windows at all. The
 * built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { closedPort } from "../helpers/net.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
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

/** The week 80 of 100 left, the 5 hours 3 of 100 (close to its limit), each with its reset. */
async function plan(): Promise<{
  state: StateDir;
  key: string;
  week: Date;
  fiveHours: Date;
  baseUrl: string;
}> {
  // Half a minute over the whole units, so "in 2 h 10 min" holds while the test runs.
  const week = new Date(Date.now() + 5 * DAY_MS + 4 * HOUR_MS + 30_000);
  const fiveHours = new Date(Date.now() + 2 * HOUR_MS + 10 * 60_000 + 30_000);
  const started = await startSimulator({
    kimiCodeUsage: { limit: 100, remaining: 80, resetTime: week.toISOString() },
    kimiCodeWindow: { limit: 100, remaining: 3, resetTime: fiveHours.toISOString() },
  });
  sim = started;
  const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: started.kimiCodeBaseUrl });
  return { state, key: started.keys.kimiCode, week, fiveHours, baseUrl: started.kimiCodeBaseUrl };
}

describe("a Kimi Code plan's windows outside models status", () => {
  it("onboard shows the week and the 5-hour window, as models status --probe does", async () => {
    const { state, key, week, fiveHours } = await plan();
    const result = await state.run(onboardWithKey("kimi-code-api-key", key), { COLUMNS: "200" });
    expect(result.code, result.stderr).toBe(0);
    expectNoSecrets(result, key);
    const windowLines = [
      `      week  80 of 100 left, resets ${utc(week)}, in 5 d 4 h`,
      `      5 h   3 of 100 left, resets ${utc(fiveHours)}, in 2 h 10 min`,
    ];
    expect(result.stdout).toContain(
      ["  plan quota:", ...windowLines.map((line) => line.slice(2))].join("\n"),
    );

    // The same lines, two columns further in, under models status --probe's key.
    const status = await state.run(["models", "status", "--probe"], { COLUMNS: "200" });
    expect(status.stdout).toContain(["    plan quota:", ...windowLines].join("\n"));
  });

  it("doctor --probe tells both windows, and its --json credit finding carries them", async () => {
    const { state, key, week, fiveHours, baseUrl } = await plan();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        models: { providers: { "kimi-code": { baseUrl } } },
        gateway: { port: await closedPort() },
      }),
    );
    const env = { KIMICODE_API_KEY: key, COLUMNS: "300" };
    const text = await state.run(["doctor", "--probe"], env);
    expectNoSecrets(text, key);
    expect(text.stdout).toContain(
      `kimi-code: Kimi Code plan quota week 80 of 100 left, resets ${utc(week)}, in 5 d 4 h; 5 h 3 of 100 left, resets ${utc(fiveHours)}, in 2 h 10 min`,
    );

    const json = await state.run(["doctor", "--probe", "--json"], env);
    const findings = (
      JSON.parse(json.stdout) as {
        findings: { check: string; credit: { windows: { window: string }[] } | null }[];
      }
    ).findings;
    const credit = findings.find((item) => item.check === "credit")?.credit;
    const status = JSON.parse(
      (await state.run(["models", "status", "--probe", "--json"], env)).stdout,
    ) as { probes: { provider: string; credit: unknown }[] };
    const statusCredit = status.probes.find((probe) => probe.provider === "kimi-code")?.credit;
    expect(credit?.windows.map((window) => window.window)).toEqual(["week", "5 h"]);
    // The same object models status --json has (its times said from a moment later, the same).
    expect(credit).toEqual(statusCredit);
    // Every other finding has the key, null.
    expect(
      findings.filter((item) => item.check !== "credit").every((item) => item.credit === null),
    ).toBe(true);
  });
});
