/**
 * `openclaw onboard --non-interactive` with a key flag that has spaces or a line break around the
 * key (`--moonshot-api-key "$(cat key.txt)"` of a file saved with Windows line ends keeps its
 * `\r`): taken without them, as the same key from $MOONSHOT_API_KEY or pasted at the prompt is.
 * Before, the flag's was refused ("contains a line break") while the variable's worked.
 */
import { describe, expect, it } from "vitest";
import { type KeyChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();

describe("openclaw onboard: a key flag with whitespace around the key", () => {
  it.each<[KeyChoice, string, string, string]>([
    ["moonshot-api-key", `${MOONSHOT_KEY}\r`, "moonshot:default", MOONSHOT_KEY],
    ["kimi-code-api-key", ` ${KIMI_KEY}\n`, "kimi-code:default", KIMI_KEY],
  ])("%s: checked and stored without it", async (choice, given, profile, stored) => {
    const state = freshState(sims.endpointEnv());
    const result = await state.run(onboardWithKey(choice, given));
    expect(result.stderr).not.toContain("error:");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("the key works on");
    expect(state.store().profiles[profile]).toMatchObject({ key: stored });
  });

  it("a space inside the key is still refused", async () => {
    const state = freshState(sims.endpointEnv());
    const inside = `${MOONSHOT_KEY.slice(0, 8)} ${MOONSHOT_KEY.slice(8)}`;
    const result = await state.run(onboardWithKey("moonshot-api-key", inside));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("contains whitespace");
  });
});
