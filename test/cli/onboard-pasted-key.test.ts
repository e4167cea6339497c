/**
 * A key pasted at a question that is not the key prompt (the custom endpoint's Base URL): it is
 * refused with what to do, and on a capable terminal it is drawn covered, so the key is not left
 * on the screen or in the scrollback. The flow goes on once the question is answered.
 */
import { describe, expect, it } from "vitest";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { freshState } from "../onboard/harness.js";

const PASTED = "sk-pasted0123456789abcdefXYZ";
const BACKSPACE = "\b";
const REFUSAL = "that looks like an API key, not a URL: paste the key at the API key prompt";
const CTRL_U = "\u0015";

describe("onboard, custom endpoint, a key pasted at the Base URL prompt", () => {
  it("is refused and drawn covered; clearing it and giving a URL goes on to the key prompt", async () => {
    const state = freshState();
    const term = startTerminal(["onboard", "--auth-choice", "custom-api-key", "--skip-health"], {
      cwd: state.dir,
      env: state.env,
    });
    try {
      await term.waitFor("Base URL");
      term.write(PASTED); // a paste: one chunk
      term.write(ENTER);
      await term.waitFor(REFUSAL);
      term.write(CTRL_U);
      term.write("https://llm.example.com/v1");
      term.write(ENTER);
      await term.waitFor("Model id");
      term.write("my-model");
      term.write(ENTER);
      await term.waitFor("Provider id");
      term.write(ENTER); // custom
      await term.waitFor("API key");
      term.write(ENTER); // none
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    // Everything the terminal was sent: the key never whole, its covered form instead.
    expect(term.screen()).not.toContain(PASTED);
    expect(term.plain()).toContain(`sk-${"•".repeat(PASTED.length - 3)}`);
    const config = state.config() as { agents: { defaults: { model: { primary: string } } } };
    expect(config.agents.defaults.model.primary).toBe("custom/my-model");
  });

  it("on TERM=dumb is refused without being repeated, and the question is asked again", async () => {
    const state = freshState();
    const term = startTerminal(["onboard", "--auth-choice", "custom-api-key", "--skip-health"], {
      cwd: state.dir,
      env: { ...state.env, TERM: "dumb" },
    });
    try {
      await term.waitFor("Base URL");
      term.write(`${PASTED}\r`);
      const refused = await term.waitFor(REFUSAL);
      await term.waitFor("Base URL", refused);
      term.write("https://llm.example.com/v1\r");
      await term.waitFor("Model id");
      term.write("my-model\r");
      await term.waitFor("Provider id");
      term.write("\r");
      await term.waitFor("API key");
      term.write("\r");
      await term.waitFor("Write these changes?");
      term.write("\r");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    // The terminal's echo is off: openclaw echoes the line, the key covered, and adds no copy.
    expect(term.screen()).not.toContain(PASTED);
    expect(term.plain()).toContain(`sk-${"•".repeat(PASTED.length - 3)}`);
    expect(term.plain()).toContain("https://llm.example.com/v1");
  });

  it("on TERM=dumb, typed a character at a time, is covered once it takes a key's shape", async () => {
    const state = freshState();
    const term = startTerminal(["onboard", "--auth-choice", "custom-api-key", "--skip-health"], {
      cwd: state.dir,
      env: { ...state.env, TERM: "dumb" },
    });
    try {
      await term.waitFor("Base URL");
      await term.typeSlowly(PASTED);
      term.write("\r");
      const refused = await term.waitFor(REFUSAL);
      await term.waitFor("Base URL", refused);
      term.write("\u0003");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    // What was shown before the key's shape did (at most the seven characters after sk- before
    // the eighth made it one) is backed over and covered: the key is never whole on the screen.
    // On a busy machine the typed characters arrive in bunches of any size: then fewer of them
    // were shown before the line took the shape and fewer are backed over, or the line is drawn
    // covered from the start, with nothing to back over.
    const screen = term.screen();
    expect(screen).not.toContain(PASTED);
    const backedOver = new RegExp(`${BACKSPACE}{1,7}•{8,}`);
    const coveredAtOnce = `sk-${"•".repeat(PASTED.length - 3)}`;
    expect(backedOver.test(screen) || screen.includes(coveredAtOnce)).toBe(true);
    // Never more than seven of the key's characters after sk- stood uncovered on the screen.
    expect(screen).not.toMatch(new RegExp(`sk-[^•${BACKSPACE}]{8}`));
  });
});
