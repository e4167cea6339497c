/**
 * `openclaw chat > answers.txt` (or `| tee log`) typed at a terminal: stdout is not the terminal,
 * so no prompt was shown and the person typed blind. The prompt and the line being typed now go
 * to the terminal on stderr, as the banner does, and the file gets the answers alone. The built
 * CLI (`npm run build` first) in a pseudo-terminal, stdout to a file, against the simulator over
 * real sockets.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("chat typed at a terminal, its output redirected", () => {
  it("prompts on stderr and writes only the answers to stdout, Ctrl-C's warning on stderr too", async () => {
    const { cliEnv, stateDir } = await setup();
    const answers = join(stateDir, "answers.txt");
    const chat = startTerminal([], {
      env: cliEnv,
      shell: `exec "${process.execPath}" "${CLI}" chat --model moonshot/kimi-k2.5 > "${answers}"`,
    });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("hello\r");
      at = await chat.waitFor(/moonshot\/kimi-k2\.5 · /, at);
      at = await chat.waitFor(/you › /, at);
      // Ctrl-C twice at the prompt leaves; its warning is for the terminal too.
      chat.write(CTRL_C);
      at = await chat.waitFor("press Ctrl-C again", at);
      chat.write(CTRL_C);
      expect(await chat.exited).toBe(130);
      // What was typed shows beside its prompt, on the terminal.
      expect(chat.shown()).toMatch(/^you › hello$/m);
      const written = readFileSync(answers, "utf8");
      expect(written).toContain("Echo: hello");
      expect(written).not.toContain("you ›");
      expect(written).not.toContain("press Ctrl-C again");
    } finally {
      chat.kill();
    }
  });
});
