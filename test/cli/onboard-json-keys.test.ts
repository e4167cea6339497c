/**
 * `onboard --json` has the same keys whatever was set up, a field with no value `null`, and its
 * `check.credit` is the object `models status --probe --json` gives. Before, JSON.stringify left
 * out what had no value (`check.credit` after --skip-health, `baseUrlVariable` for the public
 * address, `keyRef` for a stored key), and a Kimi Code plan's windows lacked the `usedRatio`
 * and the plan its `windowsLeftOut` that models status and doctor give. The built CLI (`npm run
 * build` first) against the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { expectNoSecrets, freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

type Json = Record<string, unknown>;

const onboardArgs = (choice: KeyChoice, key: string) => onboardWithKey(choice, key, "--json");

describe("onboard --json's keys", () => {
  it("are the same with the key checked or not, a missing value null", async () => {
    // Offline: the public address, nothing asked.
    const skipped = freshState();
    const offline = await skipped.run([
      ...onboardArgs("moonshot-api-key", "sk-fake-abc-01"),
      "--skip-health",
    ]);
    expect(offline.code, offline.stderr).toBe(0);
    expectNoSecrets(offline, "sk-fake-abc-01");
    const quiet = JSON.parse(offline.stdout) as Json & { check: Json };
    expect(quiet).toMatchObject({
      ok: true,
      baseUrlVariable: null,
      keyRef: null,
      keyFrom: null,
      primaryNotMade: null,
      keyKeptInConfig: false,
      check: { status: "skipped", hint: null, credit: null },
    });

    const checked = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl });
    const online = await checked.run(onboardArgs("kimi-code-api-key", sim.keys.kimiCode));
    expect(online.code, online.stderr).toBe(0);
    const full = JSON.parse(online.stdout) as Json & { check: Json };
    expect(Object.keys(full).sort()).toEqual(Object.keys(quiet).sort());
    expect(Object.keys(full.check).sort()).toEqual(Object.keys(quiet.check).sort());
  });

  it("give a Kimi Code plan's credit as models status --probe --json does", async () => {
    const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl });
    const key = sim.keys.kimiCode;
    const onboard = await state.run(onboardArgs("kimi-code-api-key", key));
    expect(onboard.code, onboard.stderr).toBe(0);
    expectNoSecrets(onboard, key);
    const credit = (JSON.parse(onboard.stdout) as { check: { credit: Json } }).check.credit;
    expect(credit).toMatchObject({ kind: "quota", windowsLeftOut: null });
    const windows = credit.windows as Json[];
    expect(windows.map((window) => window.usedRatio)).toEqual([null, null]);

    const status = await state.run(["models", "status", "--probe", "--json"]);
    const statusCredit = (
      JSON.parse(status.stdout) as { probes: { provider: string; credit: Json }[] }
    ).probes.find((probe) => probe.provider === "kimi-code")?.credit;
    // The same keys, the plan's and each window's (the times are said from a moment later).
    expect(Object.keys(credit).sort()).toEqual(Object.keys(statusCredit ?? {}).sort());
    expect(windows.map((window) => Object.keys(window).sort())).toEqual(
      ((statusCredit?.windows ?? []) as Json[]).map((window) => Object.keys(window).sort()),
    );
  });
});
