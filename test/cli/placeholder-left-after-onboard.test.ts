/**
 * The page's Moonshot snippet pasted verbatim (its `env: { MOONSHOT_API_KEY: "sk-..." }`), then
 * the page's `openclaw onboard --auth-choice moonshot-api-key`: the key is in the credential
 * store, and `config validate` and doctor still advised "replace it with your own key, or run:
 * openclaw onboard", the onboarding just done. They now say the placeholder is not used and by
 * what key. The built CLI against the simulators over real sockets.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT } from "../onboard/harness.js";

const sims = regionSimulators();
const SNIPPET = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");
const BEFORE = "hint: replace it with your own key, or run: openclaw onboard";
const AFTER =
  "hint: it is not used (moonshot uses profile moonshot:default): delete it, or put your own key there";

describe("the snippet's placeholder key once onboarding has stored a key", () => {
  it("is said to be unused, by config validate and doctor", async () => {
    const state = freshState(sims.endpointEnv());
    copyFileSync(SNIPPET, state.configPath);
    const before = await state.run(["config", "validate"]);
    expect(before.code).toBe(0);
    expect(before.stdout + before.stderr).toContain(BEFORE);

    const onboarded = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboarded.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toContain('MOONSHOT_API_KEY: "sk-..."');

    const validated = await state.run(["config", "validate"]);
    expect(validated.code).toBe(0);
    expect(validated.stdout + validated.stderr).toContain(AFTER);
    expect(validated.stdout + validated.stderr).not.toContain(BEFORE);
    const doctor = await state.run(["doctor"]);
    expect(doctor.stdout + doctor.stderr).toContain(AFTER.replace("hint: ", ""));
  });

  it("names the shell's variable when that one is used", async () => {
    const state = freshState(sims.endpointEnv());
    copyFileSync(SNIPPET, state.configPath);
    const validated = await state.run(["config", "validate"], { MOONSHOT_API_KEY: MOONSHOT_KEY });
    expect(validated.stdout + validated.stderr).toContain(
      "hint: it is not used (moonshot uses $MOONSHOT_API_KEY from the shell): delete it, or put your own key there",
    );
  });
});
