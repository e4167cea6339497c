/**
 * The summary of an onboarding whose key was saved after the terminal's "Save the key anyway?"
 * (the key check had refused it): its check says so, not "--skip-health", a flag nobody typed.
 * `openclaw onboard --json` in a terminal prints this summary on stdout.
 */
import { describe, expect, it } from "vitest";
import { prepareOnboarding } from "../../src/onboard/index.js";
import { tempDir } from "../helpers/tmp.js";
import { MOONSHOT_KEY } from "./harness.js";

function env(): Record<string, string> {
  const dir = tempDir("openclaw-saved-anyway-");
  return { OPENCLAW_STATE_DIR: dir, HOME: dir };
}

describe("a key saved after the check refused it", () => {
  it("is said to be so in the summary's check, without --skip-health", async () => {
    const prepared = await prepareOnboarding({
      env: env(),
      authChoice: "moonshot-api-key",
      key: MOONSHOT_KEY,
      skipHealth: true,
      savedAfterRefusal: true,
    });
    expect(prepared.summary.check).toEqual({
      status: "skipped",
      message: "key saved anyway after the key check refused it",
    });
  });

  it("with --skip-health the check names the flag, as before", async () => {
    const prepared = await prepareOnboarding({
      env: env(),
      authChoice: "moonshot-api-key",
      key: MOONSHOT_KEY,
      skipHealth: true,
    });
    expect(prepared.summary.check).toEqual({
      status: "skipped",
      message: "key check skipped (--skip-health)",
    });
  });
});
