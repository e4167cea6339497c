/**
 * Typing Chinese into `openclaw chat` with an input method, which commits a whole phrase in one
 * write: a phrase committed in the middle of the line goes in at the cursor, as shown, and is
 * sent that way (Node 20's readline appended it to the end of the line). With the input method's
 * punctuation on, "/" comes out as 、 (or ／): `、help` is still the command. The built CLI
 * (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const LEFT = "\u001b[D";

describe("a phrase committed by an input method", () => {
  it("goes in at the cursor in the middle of the line, on the screen and in what is sent", async () => {
    const { sim, cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, LANG: "zh_CN.UTF-8" },
      cols: 40,
    });
    try {
      let at = await chat.waitFor(/you › /);
      // Four characters back from the end, then 关于 committed at once.
      chat.write(`我想问一个问题${LEFT.repeat(4)}关于\r`);
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      const sent = sim.chatRequests().map((request) => {
        const messages = (request.body as { messages: { content: string }[] }).messages;
        return messages.at(-1)?.content;
      });
      expect(sent).toEqual(["我想问关于一个问题"]);
      expect(chat.plain()).toContain("Echo: 我想问关于一个问题");
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("takes 、usage and ／model, typed with Chinese punctuation on, as the commands", async () => {
    const { sim, cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, LANG: "zh_CN.UTF-8" },
    });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("、usage\r");
      at = await chat.waitFor(/0 answers · /, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("／model\r");
      at = await chat.waitFor(/model: moonshot\/kimi-k2\.5/, at);
      at = await chat.waitFor(/you › /, at);
      // A message that only begins with 、 is a message.
      chat.write("、顿号开头的消息\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      const sent = sim.chatRequests().map((request) => {
        const messages = (request.body as { messages: { content: string }[] }).messages;
        return messages.at(-1)?.content;
      });
      expect(sent).toEqual(["、顿号开头的消息"]);
      chat.write("、exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
