/**
 * A chat on a session whose id it made up (no --session-id) named that id only in its banner:
 * to go on with the conversation later, a person had to scroll back for it. As the chat ends
 * (Ctrl-D, /exit, Ctrl-C twice) it says the session is kept and the command that continues it. A
 * chat that held no messages, or was given its id, says nothing of it. The built CLI (`npm run
 * build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("the end of a chat on a session it named", () => {
  it("says the command that continues it, which does", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat"], { env: cliEnv, cols: 80 });
    let sessionId = "";
    try {
      let at = await chat.waitFor(/you › /);
      sessionId = /session ([0-9a-f-]{36})/.exec(chat.plain())?.[1] ?? "";
      expect(sessionId).not.toBe("");
      chat.write("remember this\r");
      at = await chat.waitFor("Echo: remember this", at);
      at = await chat.waitFor(/you › /, at);
      chat.write("\u0004");
      expect(await chat.exited).toBe(0);
      const lines = chat.shown().split("\n");
      // The command whole on one line, to be copied.
      expect(lines).toContain(`openclaw chat --session-id ${sessionId}`);
      expect(chat.plain().replace(/\s+/g, " ")).toContain(
        `session ${sessionId} (2 messages) is kept; to go on with it: openclaw chat --session-id ${sessionId}`,
      );
    } finally {
      chat.kill();
    }

    // That command goes on with the conversation; given its id, the chat does not say it again.
    const again = startTerminal(["chat", "--session-id", sessionId], { env: cliEnv, cols: 80 });
    try {
      await again.waitFor(`session ${sessionId} (2 messages)`);
      await again.waitFor(/you › /);
      again.write("/exit\r");
      expect(await again.exited).toBe(0);
      expect(again.plain()).not.toContain("to go on with it");
    } finally {
      again.kill();
    }
  });

  it("says nothing of a session that holds no messages", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat"], { env: cliEnv, cols: 80 });
    try {
      await chat.waitFor(/you › /);
      chat.write(CTRL_C);
      await chat.waitFor("press Ctrl-C again");
      chat.write(CTRL_C);
      expect(await chat.exited).toBe(130);
      expect(chat.plain()).not.toContain("to go on with it");
    } finally {
      chat.kill();
    }
  });
});
