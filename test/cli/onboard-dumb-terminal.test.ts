/**
 * `openclaw onboard` on a dumb terminal (TERM=dumb: Emacs' M-x shell, some CI consoles, editors'
 * embedded terminals) asks line by line: no cursor movement, no box drawing, no colour, and the
 * key is never echoed. The flow is the same: provider, region, key, summary, confirm, written.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dumbOnboardTerminal, typeAnswer } from "../helpers/onboard-terminal.js";
import { CTRL_C, ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();

/** Any escape sequence a dumb terminal would show as text (cursor moves, erases, colour). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding escapes is the point
const ESCAPE = /\u001b[[\]()]/;
/** Box drawing, and the symbols clack draws its steps with. */
const DRAWING = /[\u2500-\u257f\u25a0-\u25ff]/;

describe("openclaw onboard on TERM=dumb", () => {
  it("asks line by line, without escapes or box drawing, and writes the config and the key", async () => {
    const state = freshState();
    const term = dumbOnboardTerminal(sims, state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      await term.waitFor("Enter 1-4 [1]: ");
      term.write(`1${ENTER}`); // Moonshot
      await term.waitFor("Which Moonshot region is your key from?");
      await term.waitFor("Enter 1-2 [1]: ");
      term.write(ENTER); // International, the default
      await term.waitFor("API key");
      // A slip first: refused with the reason, and asked again.
      await typeAnswer(term, "not a key");
      await term.waitFor("API key");
      await typeAnswer(term, MOONSHOT_KEY);
      await term.waitFor("ok: the key works on Moonshot international");
      await term.waitFor("About to write:");
      await term.waitFor("Write these changes? [Y/n]: ");
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
      term.write(`y${ENTER}`);
      await term.waitFor("Saved. Check it with: openclaw models status");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.screen();
    expect(screen).not.toMatch(ESCAPE);
    expect(screen).not.toMatch(DRAWING);
    // Echo is off while the key is typed: neither the key nor the slip shows.
    expect(screen).not.toContain(MOONSHOT_KEY);
    expect(screen).not.toContain("not a key");
    expect(screen).toContain("Key:        sk-…0001");
    // Emacs' M-x shell hides the typed key only at a prompt it takes for a password's: the shape
    // of its comint-password-prompt-regexp for a prompt that starts a line.
    const keyPrompt = screen.split(/\r?\n/).find((line) => line.includes("API key"));
    expect(keyPrompt).toMatch(/^ *(?:password|passphrase)(?: [a-z]+ .+)?[ \t]*: *$/i);
    expect(state.store().profiles["moonshot:default"]).toEqual({
      type: "api_key",
      provider: "moonshot",
      key: MOONSHOT_KEY,
    });
    const config = state.config() as { agents: { defaults: { model: { primary: string } } } };
    expect(config.agents.defaults.model.primary).toBe("moonshot/kimi-k2.5");
  });

  it("names in the key prompt the host the key is checked at, in 80 columns", async () => {
    // Asked for api.moonshot.ai's key while OPENCLAW_MOONSHOT_AI_BASE_URL sent it elsewhere (a
    // proxy, a test server), on a line of 96 columns; the public host is named when no override
    // is set. The prompt comes before any request, so Ctrl-C there leaves the network alone.
    const simHost = new URL(sims.ai.moonshotBaseUrl).host;
    for (const [override, host] of [
      [sims.ai.moonshotBaseUrl, simHost],
      ["", "api.moonshot.ai"],
    ] as const) {
      const state = freshState();
      const term = dumbOnboardTerminal(
        sims,
        state,
        ["onboard", "--auth-choice", "moonshot-api-key"],
        // Kimi Code off that host: two endpoints on one host are named by their base URLs.
        { OPENCLAW_MOONSHOT_AI_BASE_URL: override, OPENCLAW_KIMI_CODE_BASE_URL: "" },
      );
      try {
        await term.waitFor("not shown: ");
        term.write(CTRL_C);
        expect(await term.exited).toBe(130);
      } finally {
        term.kill();
      }
      const prompt = term
        .plain()
        .split(/\r?\n/)
        .find((line) => line.includes("API key"));
      expect(prompt?.trimEnd()).toBe(
        `Password for the Moonshot API key, international (${host}), not shown:`,
      );
      expect(prompt?.trimEnd().length).toBeLessThanOrEqual(80);
    }
  });

  it("Ctrl-C at a question cancels with exit 130 and writes nothing", async () => {
    const state = freshState();
    const term = dumbOnboardTerminal(sims, state, ["onboard"]);
    try {
      await term.waitFor("Enter 1-4 [1]: ");
      term.write("\u0003");
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(term.screen()).not.toMatch(ESCAPE);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("an error that stops it is said once, with its hint, without escapes", async () => {
    const state = freshState();
    const term = dumbOnboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
      await typeAnswer(term, MOONSHOT_KEY);
      await term.waitFor("Write these changes? [Y/n]: ");
      // The credential store's directory cannot be made: a file is in its way.
      writeFileSync(join(state.dir, "agents"), "");
      term.write(ENTER);
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const plain = term.plain();
    // Said as the write it is, naming the file in the way (it said "could not read" before).
    expect(plain).toMatch(
      /error: could not write .*auth-profiles\.json:\s+\S*agents\s+is\s+a\s+file,\s+not\s+a\s+directory/,
    );
    expect(plain.split("error: could not write").length - 1).toBe(1);
    expect(plain).toContain("hint: move or remove the file");
    expect(term.screen()).not.toMatch(ESCAPE);
  });
});
