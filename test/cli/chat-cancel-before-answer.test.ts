/**
 * Ctrl-C in a chat before the first byte of an answer came: the request was cancelled and the
 * message typed was gone (nothing of the turn is kept, and only ↑ recalled it). It is now put
 * back on the prompt, said so, to be edited or sent again with Enter; sent, it goes once. The
 * built CLI (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { waitFor } from "../helpers/wait.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("Ctrl-C before the answer's first byte", () => {
  it("puts the message back on the prompt, and Enter sends it once", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { hang: true } }, { respond: { reply: { text: "four." } } }]);
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("what is 2+2\r");
      await waitFor(() => sim.chatRequests().length === 1, 30_000);
      chat.write(CTRL_C);
      at = await chat.waitFor("your message is back on the prompt", at);
      at = await chat.waitFor(/you › /, at);
      const lastLine = () => chat.shown().split("\n").at(-1) ?? "";
      await waitFor(() => lastLine() === "you › what is 2+2", 30_000);
      expect(lastLine()).toBe("you › what is 2+2");
      chat.write("\r");
      at = await chat.waitFor("four.", at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      // Sent again as it was, the only user message of the conversation.
      const second = sim.chatRequests()[1]?.body as {
        messages: { role: string; content: unknown }[];
      };
      expect(second.messages).toEqual([{ role: "user", content: "what is 2+2" }]);
    } finally {
      chat.kill();
    }
  });
});
