/**
 * `onboard --auth-choice kimi-code-api-key` with a key that does not start with sk-kimi- (a
 * Moonshot platform key by mistake, or a proxy's own key): with --skip-health it is stored with a
 * warning that says so, as agent and the gateway only warn about the same key. Before, onboarding
 * refused it outright, so a user who knew better had no way to store it.
 */
import { describe, expect, it } from "vitest";
import { expectNoSecrets, freshState } from "../onboard/harness.js";

const ODD_KEY = "sk-test-a1";
const ONBOARD = [
  "onboard",
  "--non-interactive",
  "--accept-risk",
  "--auth-choice",
  "kimi-code-api-key",
  "--kimi-code-api-key",
  ODD_KEY,
  "--skip-health",
];

describe("onboard a Kimi Code key without sk-kimi- and --skip-health", () => {
  it("stores it and warns that it does not look like a Kimi Code key", async () => {
    const state = freshState({ NO_COLOR: "1" });
    const run = await state.run(ONBOARD);
    expect(run.code, run.stderr).toBe(0);
    const said = `${run.stdout}${run.stderr}`.replace(/\s+/g, " ");
    expect(said).toContain("does not look like a Kimi Code key (those start with sk-kimi-)");
    expect(said).toContain("stored as given, unchecked (--skip-health)");
    expect(said).toContain("run onboard again with --auth-choice moonshot-api-key");
    expect(JSON.stringify(state.store())).toContain(ODD_KEY);
    expectNoSecrets(run, ODD_KEY);
  });

  it("--json has the warning in warnings", async () => {
    const state = freshState();
    const run = await state.run([...ONBOARD, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const warnings = JSON.parse(run.stdout).warnings as string[];
    expect(warnings.some((text) => text.includes("does not look like a Kimi Code key"))).toBe(true);
  });
});
