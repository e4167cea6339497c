/**
 * Onboarding flags that belong to another --auth-choice are refused (exit 2, nothing written),
 * the --custom-* flags as the key flags, with --auth-choice and with a choice made in the menu.
 */
import { describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();
const ONBOARD = ["onboard", "--non-interactive", "--accept-risk"];

describe("onboard flags that do not go with the auth choice", () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: "--custom-model-id with moonshot-api-key",
      args: [
        "--auth-choice",
        "moonshot-api-key",
        "--moonshot-api-key",
        MOONSHOT_KEY,
        "--custom-model-id",
        "x",
      ],
      message: /--custom-model-id does not go with --auth-choice moonshot-api-key/,
    },
    {
      name: "--custom-base-url with kimi-code-api-key",
      args: [
        "--auth-choice",
        "kimi-code-api-key",
        "--kimi-code-api-key",
        KIMI_KEY,
        "--custom-base-url",
        "http://127.0.0.1:1/v1",
      ],
      message: /--custom-base-url does not go with --auth-choice kimi-code-api-key/,
    },
    {
      name: "--custom-provider-id with skip",
      args: ["--auth-choice", "skip", "--custom-provider-id", "lab"],
      message: /--custom-provider-id does not go with --auth-choice skip/,
    },
  ];
  for (const testCase of cases) {
    it(`refuses ${testCase.name}, as a key flag for another provider is`, async () => {
      const state = freshState(sims.endpointEnv());
      const result = await state.run([...ONBOARD, ...testCase.args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(testCase.message);
      expect(result.stderr).toContain("hint: the --custom-* flags describe the endpoint");
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });

      const json = await state.run([...ONBOARD, ...testCase.args, "--json"]);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        error: { code: "usage", message: expect.stringMatching(testCase.message) },
      });
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
    });
  }

  it("refuses a flag that does not go with the provider picked in the menu", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard", "--kimi-code-api-key", KIMI_KEY]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    expect(term.plain()).toContain(
      "error: --kimi-code-api-key does not go with the provider picked above (--auth-choice moonshot-api-key)",
    );
    expect(term.plain()).not.toContain(KIMI_KEY);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("uses the key flag that goes with the provider picked in the menu", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard", "--kimi-code-api-key", KIMI_KEY]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write("\u001b[B"); // Kimi Code
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(state.store().profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
  });
});
