/**
 * `onboard --auth-choice kimi-code-api-key` with a key that does not start with sk-kimi- (a
 * Moonshot platform key by mistake, or a proxy's own key): with --skip-health it is stored with a
 * warning that says so, as agent and the gateway only warn about the same key. Before, onboarding
 * refused it outright, so a user who knew better had no way to store it.
 */
import { describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { closedPort, expectNoSecrets, freshState } from "../onboard/harness.js";

const ODD_KEY = "sk-test-a1";
const ONBOARD = onboardWithKey("kimi-code-api-key", ODD_KEY, "--skip-health");

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

describe("onboard a Kimi Code key without sk-kimi- when Kimi Code cannot be reached", () => {
  it("stores it with the warning about its shape beside the one about the check", async () => {
    const port = await closedPort();
    const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: `http://127.0.0.1:${port}/coding/v1` });
    const run = await state.run([...ONBOARD.filter((arg) => arg !== "--skip-health"), "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { check: { status: string }; warnings: string[] };
    expect(summary.check.status).toBe("unreachable");
    // Unchecked, its shape is all there is to go by: said, as with --skip-health.
    const shape = summary.warnings.filter((text) =>
      text.includes("does not look like a Kimi Code key (those start with sk-kimi-)"),
    );
    expect(shape).toHaveLength(1);
    expect(shape[0]).toContain("stored as given, as Kimi Code could not check it");
    expect(shape[0]).toContain("run onboard again with --auth-choice moonshot-api-key");
    expect(JSON.stringify(state.store())).toContain(ODD_KEY);
    expectNoSecrets(run, ODD_KEY);
  });
});
