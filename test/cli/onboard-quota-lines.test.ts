/**
 * A Kimi Code plan's quota as onboarding says it after the key check: in a terminal, as
 * --non-interactive prints it, a window a line in models status --probe's words, each with when
 * it resets. Before, the terminal's flow ran the windows into the check's sentence on one line,
 * and a plan reporting the week alone said when it resets without "in …" in both flows. The
 * built CLI (`npm run build` first) against the simulator, in a real pseudo-terminal.
 */
import { afterEach, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { expectNoSecrets, freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const utc = (time: Date) => `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A plan: the week 80 of 100 left, and (unless week-only) the 5 hours 3 of 100. */
async function plan(weekOnly: boolean) {
  // Half a minute over the whole units, so "in 2 h 10 min" holds while the test runs.
  const week = new Date(Date.now() + 5 * DAY_MS + 4 * HOUR_MS + 30_000);
  const fiveHours = new Date(Date.now() + 2 * HOUR_MS + 10 * 60_000 + 30_000);
  sim = await startSimulator({
    kimiCodeUsage: { limit: 100, remaining: 80, resetTime: week.toISOString() },
    kimiCodeWindow: { limit: 100, remaining: 3, resetTime: fiveHours.toISOString() },
    kimiCodeWeekOnly: weekOnly,
  });
  const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl });
  const windowLines = [
    `  week  80 of 100 left, resets ${utc(week)}, in 5 d 4 h`,
    ...(weekOnly ? [] : [`  5 h   3 of 100 left, resets ${utc(fiveHours)}, in 2 h 10 min`]),
  ];
  return { state, key: sim.keys.kimiCode, windowLines };
}

/** The key check's lines in the terminal's flow, from its message to the next blank bar. */
async function interactiveCheckLines(weekOnly: boolean) {
  const { state, key, windowLines } = await plan(weekOnly);
  const term = startTerminal(["onboard", "--auth-choice", "kimi-code-api-key"], {
    cwd: state.dir,
    cols: 120,
    env: { ...state.env, OPENCLAW_KIMI_CODE_BASE_URL: sim?.kimiCodeBaseUrl ?? "" },
  });
  try {
    await term.waitFor("Kimi Code API key");
    await term.typeSlowly(key);
    term.write(ENTER);
    await term.waitFor("Write these changes?");
    term.write(ENTER);
    expect(await term.exited).toBe(0);
  } finally {
    term.kill();
  }
  const lines = term.shown().split("\n");
  expect(term.plain()).not.toContain(key);
  const at = lines.findIndex((line) => line.includes("the key works on Kimi Code"));
  expect(at, term.shown()).toBeGreaterThan(-1);
  return { checked: lines.slice(at, at + 2 + windowLines.length), windowLines };
}

describe("onboard and a Kimi Code plan's quota", () => {
  it("in a terminal shows every window under the check, a line each, as --non-interactive", async () => {
    const { checked, windowLines } = await interactiveCheckLines(false);
    expect(checked[0]).toMatch(/the key works on Kimi Code at .* \(1 model available\)$/);
    expect(checked.slice(1)).toEqual(["plan quota:", ...windowLines].map((line) => `│  ${line}`));
  });

  it("in a terminal says when a week-only plan resets, from now", async () => {
    const { checked, windowLines } = await interactiveCheckLines(true);
    expect(checked.slice(1)).toEqual(["plan quota:", ...windowLines].map((line) => `│  ${line}`));
  });

  it("--non-interactive says when a week-only plan resets, as its window line", async () => {
    const { state, key, windowLines } = await plan(true);
    const result = await state.run(onboardWithKey("kimi-code-api-key", key), { COLUMNS: "200" });
    expect(result.code, result.stderr).toBe(0);
    expectNoSecrets(result, key);
    expect(result.stdout).toContain(
      ["  plan quota:", ...windowLines.map((line) => `  ${line}`)].join("\n"),
    );
  });
});
