import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import type { CheckKeyFn } from "../../src/auth/index.js";
import { commitOnboarding, prepareOnboarding } from "../../src/onboard/index.js";
import { tempDir } from "../helpers/tmp.js";
import { KIMI_KEY, MOONSHOT_KEY } from "./harness.js";

/** A key check that takes every key (the flow's file handling is what is tested here). */
const accepted: CheckKeyFn = async ({ target }) => ({
  status: "valid",
  message: `the key works on ${target.label}`,
  hint: undefined,
  acceptedBy: target,
  models: [],
});

describe("commitOnboarding", () => {
  it("keeps what another onboarding wrote after this one read the files", async () => {
    const dir = tempDir("openclaw-commit-");
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    const request = { env, checkKeyFn: accepted };
    // Both read the (empty) state before either writes, as two onboardings run at once do.
    const moonshot = await prepareOnboarding({
      ...request,
      authChoice: "moonshot-api-key",
      key: MOONSHOT_KEY,
    });
    const kimi = await prepareOnboarding({
      ...request,
      authChoice: "kimi-code-api-key",
      key: KIMI_KEY,
    });
    await commitOnboarding(moonshot);
    const summary = await commitOnboarding(kimi);
    expect(summary.written).toBe(true);

    const config = JSON5.parse(readFileSync(join(dir, "openclaw.json"), "utf8")) as {
      models: { providers: Record<string, unknown> };
      agents: { defaults: { model: { primary: string } } };
    };
    expect(Object.keys(config.models.providers).sort()).toEqual(["kimi-code", "moonshot"]);
    expect(config.agents.defaults.model.primary).toBe("kimi-code/kimi-for-coding");
    const store = JSON.parse(
      readFileSync(join(dir, "agents", "main", "agent", "auth-profiles.json"), "utf8"),
    ) as { profiles: Record<string, { key: string }> };
    expect(store.profiles["moonshot:default"]?.key).toBe(MOONSHOT_KEY);
    expect(store.profiles["kimi-code:default"]?.key).toBe(KIMI_KEY);
  });
});
