/**
 * A key given with its variable's name in front (`MOONSHOT_API_KEY=sk-…`, `export
 * MOONSHOT_API_KEY=sk-…`, a line copied whole from a .env file or a shell): onboarding says so
 * before any request, exit 2, nothing written, the key not printed. Before, the whole text was
 * sent as the key, and the 401s of both regions and Kimi Code said to check that it was copied
 * whole (with --skip-health it was stored as it was; with `export …` it "contains whitespace").
 */
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { freshState } from "../onboard/harness.js";

const KEY = "sk-assignmenttest0000000000000001";

describe("onboard with a key that is a variable's assignment", () => {
  for (const given of [`MOONSHOT_API_KEY=${KEY}`, `export MOONSHOT_API_KEY=${KEY}`]) {
    it(`refuses ${given.replace(KEY, "sk-…")} given as --moonshot-api-key`, async () => {
      const state = freshState();
      const result = await state.run(onboardWithKey("moonshot-api-key", given, "--skip-health"));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'error: the key from --moonshot-api-key for moonshot starts with "MOONSHOT_API_KEY=": that is the variable\'s assignment copied whole, not the key alone\nhint: give only what comes after MOONSHOT_API_KEY=\n',
      );
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
    });
  }

  it("says the same of $MOONSHOT_API_KEY, in --json", async () => {
    const state = freshState();
    const result = await state.run(onboardChoice("moonshot-api-key", "--skip-health", "--json"), {
      MOONSHOT_API_KEY: `MOONSHOT_API_KEY=${KEY}`,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain(KEY);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: "auth.key_assignment" },
    });
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("takes a key with = padding, as base64 keys have", async () => {
    const state = freshState();
    const result = await state.run(
      onboardCustom(
        "http://127.0.0.1:9/v1",
        "m1",
        "--skip-health",
        "--custom-api-key",
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY==",
      ),
    );
    expect(result.code).toBe(0);
  });
});
