/**
 * A failed onboarding leaves no trace: not the files, and not the directories it would have used;
 * one that stores no key leaves no empty directory for the credential store.
 */
import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { tempDir } from "../helpers/tmp.js";
import { closedPort, freshState, ONBOARD_MOONSHOT } from "../onboard/harness.js";

const sims = regionSimulators();
const ONBOARD = [...ONBOARD_MOONSHOT];

describe("a failed onboarding", () => {
  it("creates no directories when the config is read-only", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl });
    writeFileSync(state.configPath, "{}\n");
    chmodSync(state.configPath, 0o444);
    const result = await state.run(ONBOARD);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is read-only");
    expect(readdirSync(state.dir)).toEqual(["openclaw.json"]);
  });

  it("creates no state directory when the config it names elsewhere cannot be written", async () => {
    const elsewhere = tempDir("openclaw-config-");
    const configPath = join(elsewhere, "openclaw.json");
    writeFileSync(configPath, "{}\n");
    chmodSync(configPath, 0o444);
    const parent = tempDir("openclaw-parent-");
    const stateDir = join(parent, "not", "yet", "state");
    const state = freshState({
      OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: configPath,
    });
    const result = await state.run(ONBOARD);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is read-only");
    expect(readdirSync(parent)).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual(["openclaw.json"]);
  });

  it("that stores no key leaves no empty directory for the credential store", async () => {
    const state = freshState();
    const result = await state.run(
      onboardCustom(`http://127.0.0.1:${await closedPort()}/v1`, "local-model"),
    );
    expect(result.code).toBe(0);
    expect(readdirSync(state.dir)).toEqual(["openclaw.json"]);
  });
});
