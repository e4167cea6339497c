/**
 * In a terminal, a Moonshot key found in $KIMI_API_KEY (kimi-cli's variable) offered for Kimi
 * Code, refused there, and set up for Moonshot on the check's word: the summary says where the
 * key came from, and it is stored as a key taken from a variable directly is. From the shell:
 * the key itself, "(from $KIMI_API_KEY)". From the config's env block: a reference to the
 * variable, the key left in the config only, as onboarding does with the env block's own
 * MOONSHOT_API_KEY. Before, the carried key was said with no source and stored as a plain copy
 * in both cases. With --secret-input-mode ref: a reference to the variable the key is in, not to
 * $MOONSHOT_API_KEY (before, the switch carried nothing in that mode, and onboarding stopped on
 * $MOONSHOT_API_KEY not being set).
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { DOWN, ENTER, type Terminal } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_CN_KEY, type StateDir } from "../onboard/harness.js";

const sims = regionSimulators();

/**
 * Kimi Code chosen, the key of its variable taken (offered as in `offered`; with
 * --secret-input-mode ref it is not asked, being the only key there can be), then the Moonshot
 * China switch taken.
 */
async function switchToMoonshotChina(term: Terminal, offered?: string): Promise<string> {
  await term.waitFor("Which provider do you want to set up?");
  term.write(`${DOWN}${ENTER}`); // Kimi Code
  if (offered !== undefined) {
    await term.waitFor(`Use the key in ${offered} (`);
    term.write(ENTER); // yes
  }
  await term.waitFor(`Use Moonshot API key, China (${sims.cn.moonshotBaseUrl}) instead?`);
  term.write("y");
  // An error closing the frame instead is shown as such, not waited past.
  await term.waitFor(/Write these changes\?|└ {2}error: .*/);
  expect(term.plain()).not.toMatch(/└ {2}error: .*/);
  term.write(ENTER);
  await term.waitFor("Saved.");
  expect(await term.exited).toBe(0);
  // The summary's lines, wrapped to the box: read with line breaks and the box's bars as spaces.
  return term.plain().replace(/[│|]/g, " ").replace(/\s+/g, " ");
}

function profileOf(state: StateDir): Record<string, unknown> | undefined {
  return state.store().profiles["moonshot:default"];
}

describe("onboard in a terminal, a key carried over from $KIMI_API_KEY to Moonshot", () => {
  it("from the shell: the summary says (from $KIMI_API_KEY), the key is stored", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard"], {
      env: { KIMI_API_KEY: MOONSHOT_CN_KEY },
    });
    let screen: string;
    try {
      screen = await switchToMoonshotChina(term, "$KIMI_API_KEY");
    } finally {
      term.kill();
    }
    expect(screen).toContain("Key: sk-…0001 (from $KIMI_API_KEY), profile moonshot:default");
    expect(screen).not.toContain(MOONSHOT_CN_KEY);
    expect(profileOf(state)).toMatchObject({ provider: "moonshot", key: MOONSHOT_CN_KEY });
  });

  it("from the config's env block: a reference to $KIMI_API_KEY, the key left in the config only", async () => {
    const state = freshState();
    writeFileSync(state.configPath, `{\n  env: { KIMI_API_KEY: "${MOONSHOT_CN_KEY}" },\n}\n`);
    const term = onboardTerminal(sims, state, ["onboard"]);
    let screen: string;
    try {
      screen = await switchToMoonshotChina(term, `env.KIMI_API_KEY at ${state.configPath}:2`);
    } finally {
      term.kill();
    }
    expect(screen).toContain(
      `Key: reference to $KIMI_API_KEY (sk-…0001, set in env.KIMI_API_KEY at ${state.configPath}:2), profile moonshot:default; the key itself stays in the config only`,
    );
    expect(screen).not.toContain(MOONSHOT_CN_KEY);
    expect(profileOf(state)).toMatchObject({ keyRef: { source: "env", id: "KIMI_API_KEY" } });
    expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_CN_KEY);
    // The reference works: moonshot's key is the env block's, and the simulator takes it.
    const status = await state.run(["models", "status", "--probe", "--check"], sims.endpointEnv());
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("the key works");
  });

  it.each([
    ["KIMI_API_KEY", { KIMI_API_KEY: MOONSHOT_CN_KEY }],
    ["KIMICODE_API_KEY", { KIMICODE_API_KEY: MOONSHOT_CN_KEY }],
  ])(
    "with --secret-input-mode ref: a reference to $%s, which then works ($MOONSHOT_API_KEY unset)",
    async (variable, keyEnv) => {
      const state = freshState();
      const term = onboardTerminal(sims, state, ["onboard", "--secret-input-mode", "ref"], {
        env: keyEnv,
      });
      let screen: string;
      try {
        screen = await switchToMoonshotChina(term);
      } finally {
        term.kill();
      }
      expect(screen).toContain(
        `Key: reference to $${variable} (sk-…0001), profile moonshot:default`,
      );
      expect(screen).not.toContain("MOONSHOT_API_KEY");
      expect(profileOf(state)).toMatchObject({ keyRef: { source: "env", id: variable } });
      expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_CN_KEY);
      // The config written works in a shell that has the key where it was found.
      const status = await state.run(["models", "status", "--probe", "--check"], {
        ...sims.endpointEnv(),
        ...keyEnv,
      });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain("the key works");
    },
  );
});
