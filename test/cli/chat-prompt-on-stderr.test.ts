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
import { waitFor } from "../helpers/wait.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

/** Ctrl-D at an empty prompt: the end of the input. */
const CTRL_D = "\u0004";

const setup = simEnvPerTest();

/** `openclaw chat` in a terminal with its stdout sent to a file (`answers`) in `stateDir`. */
function chatIntoFile(cliEnv: Record<string, string>, stateDir: string) {
  const answers = join(stateDir, "answers.txt");
  const chat = startTerminal([], {
    env: cliEnv,
    shell: `exec "${process.execPath}" "${CLI}" chat --model moonshot/kimi-k2.5 > "${answers}"`,
  });
  return { answers, chat };
}

describe("chat typed at a terminal, its output redirected", () => {
  it("prompts on stderr and writes only the answers to stdout, Ctrl-C's warning on stderr too", async () => {
    const { cliEnv, stateDir } = await setup();
    const { answers, chat } = chatIntoFile(cliEnv, stateDir);
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

  it("says a cancel, a command's reply and Ctrl-D's line end on the terminal, not in the file", async () => {
    const { cliEnv, sim, stateDir } = await setup();
    sim.script([
      {
        respond: {
          chunkDelayMs: 200,
          reply: { text: "once upon a time there was a very long story indeed" },
          stream: { chunkChars: 8 },
        },
      },
    ]);
    const { answers, chat } = chatIntoFile(cliEnv, stateDir);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("tell me a story\r");
      // The answer goes to the file only: Ctrl-C once part of it is there.
      await waitFor(() => readFileSync(answers, "utf8").includes("once upon"), 30_000);
      chat.write(CTRL_C);
      at = await chat.waitFor("[cancelled]", at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/usage\r");
      at = await chat.waitFor("1 cancelled", at);
      at = await chat.waitFor(/you › /, at);
      chat.write(CTRL_D);
      expect(await chat.exited).toBe(0);
      // Ctrl-D ends the prompt's line: what the chat says as it ends starts on a line of its own.
      expect(chat.shown()).toMatch(/^you › \nsession \S+ \(\d messages?\) is kept/m);
      const written = readFileSync(answers, "utf8");
      expect(written).toContain("once upon");
      expect(written).not.toContain("cancelled");
      expect(written).not.toContain("tokens in");
    } finally {
      chat.kill();
    }
  });

  it("puts a message cancelled before any answer back on the prompt, as on a plain terminal", async () => {
    const { cliEnv, sim, stateDir } = await setup();
    sim.script([{ respond: { hang: true } }, { respond: { reply: { text: "four." } } }]);
    const { answers, chat } = chatIntoFile(cliEnv, stateDir);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("what is 2+2\r");
      await waitFor(() => sim.chatRequests().length === 1, 30_000);
      chat.write(CTRL_C);
      at = await chat.waitFor("your message is back on the prompt", at);
      const lastLine = () => chat.shown().split("\n").at(-1) ?? "";
      await waitFor(() => lastLine() === "you › what is 2+2", 30_000);
      chat.write("\r");
      await waitFor(() => readFileSync(answers, "utf8").includes("four."), 30_000);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      // Sent again as it was, the only user message of the conversation.
      const second = sim.chatRequests()[1]?.body as { messages: unknown[] };
      expect(second.messages).toEqual([{ role: "user", content: "what is 2+2" }]);
    } finally {
      chat.kill();
    }
  });
});
