/**
 * The short lines `openclaw chat` says at its prompt, in a 40-column terminal: the warning after
 * a first Ctrl-C, `/search`'s answer and `/new`'s session id are wrapped at spaces, never cut
 * by the terminal inside a word or inside the session id. The built CLI (`npm run build` first)
 * in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const COLS = 40;

describe("chat's own notes in a 40-column terminal", () => {
  it("wraps the Ctrl-C warning, /search and /new at spaces", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, LANG: "zh_CN.UTF-8" },
      cols: COLS,
    });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write(CTRL_C);
      at = await chat.waitFor(/leave\)/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/search\r");
      at = await chat.waitFor(/for it\)/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/new\r");
      at = await chat.waitFor(/new session\s+[0-9a-f-]{36}\n/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const lines = chat.plain().split("\n");
      for (const line of lines) expect(line.length, `"${line}"`).toBeLessThanOrEqual(COLS);
      const shown = lines.join("\n");
      expect(shown).toMatch(/\(press Ctrl-C again or type \/exit to\nleave\)/);
      expect(shown).toMatch(/web search: on \(thinking is turned off\nfor it\)/);
      expect(shown).toMatch(/\nnew session\n[0-9a-f-]{36}\n/);
    } finally {
      chat.kill();
    }
  });
});
