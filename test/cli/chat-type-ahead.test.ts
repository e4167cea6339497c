/**
 * Typing in `openclaw chat` while an answer is being written: nothing typed lands in the middle
 * of the answer. A line entered meanwhile is shown after the answer with its prompt and sent as
 * the next turn; what was typed but not entered waits at the next prompt. The built CLI (`npm run
 * build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { eventually } from "../helpers/wait.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const STORY = "once upon a time there was a rather long story";
/** The story streamed four characters at a time, slowly enough to type during it. */
const SLOW_STORY = {
  respond: {
    chunkDelayMs: 150,
    reply: { reasoning: "", text: STORY },
    stream: { chunkChars: 4 },
  },
};

describe("typing ahead in chat", () => {
  it("keeps the answer whole, then shows and sends the line typed during it", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([SLOW_STORY, { respond: { reply: { reasoning: "", text: "second answer" } } }]);
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("tell a story\r");
      at = await chat.waitFor(/once/, at);
      chat.write("and then?\r");
      chat.write("draft");
      at = await chat.waitFor(/second answer/, at);
      at = await chat.waitFor(/you › draft/, at);
      const screen = chat.plain();
      // The answer as it came, nothing typed inside it.
      expect(screen).toContain(STORY);
      // The line typed ahead, shown as typed at a prompt, then answered.
      // (A spinner may stand before the answer on its line.)
      expect(screen).toMatch(/\nyou › and then\?\n[^\n]*second answer\n/);
      const sent = sim.chatRequests().map((request) => {
        const messages = (request.body as { messages: { content: string }[] }).messages;
        return messages.at(-1)?.content;
      });
      expect(sent).toEqual(["tell a story", "and then?"]);
      chat.write("\u0015/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("Ctrl-D during an answer leaves with 0 once the answer is written, instead of hanging", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([SLOW_STORY]);
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let exitCode: number | undefined;
      void chat.exited.then((code) => {
        exitCode = code;
      });
      let at = await chat.waitFor(/you › /);
      chat.write("tell a story\r");
      at = await chat.waitFor(/once/, at);
      chat.write("\u0004");
      at = await chat.waitFor(/rather long story/, at);
      await eventually(() => exitCode !== undefined, 8000, "the chat to leave after Ctrl-D");
      expect(exitCode).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
