/**
 * `openclaw chat` in a 50-column terminal: its header and its `/usage` line are broken between
 * their ` · ` parts, as the footer under each answer is, rather than by the terminal in the
 * middle of a word or a session id. The built CLI (`npm run build` first) in a pseudo-terminal,
 * against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const COLS = 50;

describe("chat in a narrow terminal", () => {
  it("fits the header, /usage and /help to the width, a session id whole on its line", async () => {
    const { cliEnv } = await setup();
    const sessionId = "narrow-terminal-session-0001";
    const chat = startTerminal(
      ["chat", "--model", "moonshot/kimi-k2.5", "--session-id", sessionId],
      {
        env: cliEnv,
        cols: COLS,
      },
    );
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("hi\r");
      at = await chat.waitFor(/Echo: hi/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/usage\r");
      at = await chat.waitFor(/cost \$/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/help\r");
      at = await chat.waitFor(/stops the whole\s+run\./, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const lines = chat.plain().split("\n");
      const separated = lines.filter((line) => line.includes(" · "));
      // The footer (on one line, its labels given up) and /usage: two of them at least (the
      // header's parts each take a line of their own here), none wider than the terminal.
      expect(separated.length).toBeGreaterThanOrEqual(2);
      for (const line of separated) expect(line.length).toBeLessThanOrEqual(COLS);
      // /help too: each line within the width, a description wrapped in its column.
      const help = lines.slice(lines.indexOf("commands:"));
      expect(help.length).toBeGreaterThan(8);
      for (const line of help) expect(line.length).toBeLessThanOrEqual(COLS);
      // The session id is whole, in the header and in /usage.
      expect(lines.filter((line) => line.endsWith(`session ${sessionId}`))).toHaveLength(2);
    } finally {
      chat.kill();
    }
  });

  it("breaks the banner's /help line at a space, not in the middle of a word", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat"], { env: cliEnv, cols: 30 });
    try {
      await chat.waitFor(/you › /);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const lines = chat.plain().split("\n");
      // 34 characters in 30 columns: "leave" goes whole to the next line.
      expect(lines).toContain("/help for commands, /exit to");
      expect(lines).toContain("leave");
    } finally {
      chat.kill();
    }
  });

  it("wraps a header wider than the terminal in any part: fallbacks, a long session id", async () => {
    const { cliEnv } = await setup({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5", "moonshot/kimi-k2-turbo-preview"],
    });
    for (const cols of [40, 50, 60]) {
      // No --session-id: a generated one, 36 characters after "session ".
      const chat = startTerminal(["chat"], { env: cliEnv, cols });
      try {
        let at = await chat.waitFor(/you › /);
        chat.write("/model\r");
        at = await chat.waitFor(/kimi-k2-turbo-preview\)/, at);
        at = await chat.waitFor(/you › /, at);
        chat.write("/exit\r");
        expect(await chat.exited).toBe(0);
        const lines = chat.plain().split("\n");
        // Every line within the width: none left for the terminal to break mid-word. The start's
        // warning that kimi-k2-turbo-preview is retired names the config's file, a path longer
        // than the width that is kept whole: its lines (a "warning:" and those indented under it)
        // are left out here.
        let inWarning = false;
        for (const line of lines) {
          inWarning = line.startsWith("warning:") || (inWarning && line.startsWith(" "));
          if (!inWarning) expect(line.length, `at ${cols}: "${line}"`).toBeLessThanOrEqual(cols);
        }
        // The refs whole, each on one line.
        const shown = lines.join("\n");
        expect(shown).toContain("moonshot/kimi-k2.5");
        expect(shown).toMatch(/moonshot\/kimi-k2-turbo-preview/);
        expect(shown).toMatch(/^session( |\n)[0-9a-f-]{36}$/m);
      } finally {
        chat.kill();
      }
    }
  });
});
