/**
 * The spec page's snippet with a real key in the config's `env` block, then the page's
 * `openclaw onboard --auth-choice moonshot-api-key` (or Kimi Code's): onboarding offers that key,
 * named by the file and line that set it, as it offers one in the shell's variable, instead of
 * asking for it again; the page's placeholder (`sk-...`) is not offered. Without questions, the
 * summary says where the key was read. The built CLI against the simulators, in a terminal.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onboardChoice } from "../helpers/onboard-args.js";
import { dumbOnboardTerminal } from "../helpers/onboard-terminal.js";
import { ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";

const sims = regionSimulators();
const SPEC_CONFIG = readFileSync(
  join(import.meta.dirname, "../fixtures/seed/moonshot.json5"),
  "utf8",
);
/** The line of the snippet's `env: { MOONSHOT_API_KEY: "sk-..." }`. */
const ENV_LINE = SPEC_CONFIG.split("\n").findIndex((text) => text.includes("MOONSHOT_API_KEY")) + 1;

function withConfig(config: string): StateDir {
  const state = freshState();
  writeFileSync(state.configPath, config);
  return state;
}

/** The snippet as pasted by someone who put their own key in place of the placeholder. */
const withOwnKey = () => SPEC_CONFIG.replace('"sk-..."', `"${MOONSHOT_KEY}"`);

describe("onboarding with the key in the config's env block", () => {
  it("offers the key of env.MOONSHOT_API_KEY by its file and line, and leaves it there: the profile refers to it", async () => {
    const state = withConfig(withOwnKey());
    const term = dumbOnboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor(
        `Use the key in env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE} (sk-…0001)?`,
      );
      term.write(ENTER); // yes
      await term.waitFor("Write these changes? [Y/n]: ");
      term.write(`y${ENTER}`);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    // The key stays in the config, its one place: the profile refers to the variable the env
    // block sets. Before, a copy went into the credential store, unsaid, and was used first.
    expect(screen.replace(/\s+/g, " ")).toContain(
      `Key: reference to $MOONSHOT_API_KEY (sk-…0001, set in env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE}), profile moonshot:default; the key itself stays in the config only (--secret-input-mode plaintext would copy it into the credential store)`,
    );
    expect(screen).not.toContain(MOONSHOT_KEY);
    expect(state.store().profiles["moonshot:default"]).toMatchObject({
      keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
    });
    expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_KEY);
  });

  it("offers Kimi Code's key from env.vars.KIMICODE_API_KEY", async () => {
    const state = withConfig(
      `{\n  env: {\n    vars: { KIMICODE_API_KEY: "${KIMI_KEY}" },\n  },\n}\n`,
    );
    const term = dumbOnboardTerminal(sims, state, [
      "onboard",
      "--auth-choice",
      "kimi-code-api-key",
    ]);
    try {
      await term.waitFor(
        `Use the key in env.vars.KIMICODE_API_KEY at ${state.configPath}:3 (sk-kimi-…0001)?`,
      );
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(KIMI_KEY);
  });

  it("with --secret-input-mode ref takes the env block's variable and stores a reference to it", async () => {
    // Before: "--secret-input-mode ref needs $MOONSHOT_API_KEY to be set", which the config set.
    const state = withConfig(withOwnKey());
    const term = dumbOnboardTerminal(sims, state, [
      "onboard",
      "--auth-choice",
      "moonshot-api-key",
      "--secret-input-mode",
      "ref",
    ]);
    try {
      await term.waitFor("Write these changes? [Y/n]: ");
      term.write(`y${ENTER}`);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    // The summary's line, wrapped to the terminal: read with its line breaks as spaces.
    expect(term.plain().replace(/\s+/g, " ")).toContain(
      `reference to $MOONSHOT_API_KEY (sk-…0001, set in env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE}), profile moonshot:default`,
    );
    expect(state.store().profiles["moonshot:default"]).toMatchObject({
      keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
    });
    expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_KEY);
  });

  it("does not offer the page's placeholder: asks for the key", async () => {
    const state = withConfig(SPEC_CONFIG);
    const term = dumbOnboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain("Use the key in");
  });

  it("without questions, says where the key was read: the env block's line, or the shell", async () => {
    const state = withConfig(withOwnKey());
    const text = await state.run(onboardChoice("moonshot-api-key"), sims.endpointEnv());
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Key:        reference to $MOONSHOT_API_KEY (sk-…0001, set in env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE}), profile moonshot:default; the key itself stays in the config only`,
    );
    expect(text.stdout + text.stderr).not.toContain(MOONSHOT_KEY);
    expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_KEY);

    const json = await state.run(onboardChoice("moonshot-api-key", "--json"), sims.endpointEnv());
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      key: "sk-…0001",
      keyFrom: `env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE}`,
      keyRef: "MOONSHOT_API_KEY",
      secretInputMode: "ref",
      keyKeptInConfig: true,
    });

    const shell = await state.run(onboardChoice("moonshot-api-key"), {
      ...sims.endpointEnv(),
      MOONSHOT_API_KEY: MOONSHOT_KEY,
    });
    expect(shell.stdout).toContain("Key:        sk-…0001 (from $MOONSHOT_API_KEY), profile");
  });

  it("with --secret-input-mode plaintext copies the key and says it is now in two files", async () => {
    const state = withConfig(withOwnKey());
    const result = await state.run(
      onboardChoice("moonshot-api-key", "--secret-input-mode", "plaintext"),
      sims.endpointEnv(),
    );
    expect(result.code).toBe(0);
    expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_KEY });
    expect(result.stderr.replace(/\s+/g, " ")).toContain(
      `warning: the key of env.MOONSHOT_API_KEY at ${state.configPath}:${ENV_LINE} is copied into the credential store (${state.storePath}, profile moonshot:default), so it is now in two files, and the stored copy is used first: a key changed later in the config's env block is not used. To keep it in one place, delete it from the config (openclaw config unset env.MOONSHOT_API_KEY), or run onboard again without --secret-input-mode plaintext, which stores a reference to $MOONSHOT_API_KEY instead`,
    );
    expect(result.stdout + result.stderr).not.toContain(MOONSHOT_KEY);
  });
});
