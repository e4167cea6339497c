/**
 * `openclaw chat` on a dumb terminal (TERM=dumb: Emacs' M-x shell, an editor's console), and
 * slash commands pasted several at once on a terminal that does not mark pastes. The built CLI
 * (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const CTRL_D = "\u0004";

type Sim = Awaited<ReturnType<typeof setup>>["sim"];
const sentMessages = (sim: Sim) =>
  sim.chatRequests().map((request) => {
    const messages = (request.body as { messages: { content: string }[] }).messages;
    return messages.at(-1)?.content;
  });

/** The chat on TERM=dumb: node-pty names the terminal, so the shell sets TERM for the CLI. */
function dumbChat(cliEnv: Record<string, string>) {
  return startTerminal([], {
    env: cliEnv,
    shell: `TERM=dumb exec "${process.execPath}" "${CLI}" chat --model moonshot/kimi-k2.5`,
  });
}

describe("chat on TERM=dumb", () => {
  it("Ctrl-D on a line with text keeps the chat and the text, as on other terminals", async () => {
    const { sim, cliEnv } = await setup();
    const chat = dumbChat(cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("你好");
      at = await chat.waitFor("你好", at);
      chat.write(CTRL_D);
      chat.write("，世界\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual(["你好，世界"]);
      // On an empty line it still leaves, with 0.
      chat.write(CTRL_D);
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("Ctrl-C on a line with text clears it: the next line is sent alone", async () => {
    const { sim, cliEnv } = await setup();
    const chat = dumbChat(cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("写错了");
      at = await chat.waitFor("写错了", at);
      chat.write(CTRL_C);
      at = await chat.waitFor(/you › /, at);
      chat.write("你好\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual(["你好"]);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("Backspace takes back the last character typed, a wide one too, on screen and in the line sent", async () => {
    const { sim, cliEnv } = await setup();
    const chat = dumbChat(cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("你好吗");
      at = await chat.waitFor("你好吗", at);
      // The Backspace key of a terminal in raw mode sends DEL.
      chat.write("\u007f\u007f");
      chat.write("们\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual(["你们"]);
      // Each wide character is rubbed out over its two cells; Backspace on an empty line does nothing.
      expect(chat.plain()).not.toContain("\u007f");
      chat.write("\u007fok\r");
      at = await chat.waitFor(/tokens: /, at);
      expect(sentMessages(sim)).toEqual(["你们", "ok"]);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("a line typed during an answer shows once at the next prompt and is sent once", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      {
        respond: {
          chunkDelayMs: 150,
          reply: { reasoning: "", text: "慢慢地回答这个问题，一个字一个字地写出来。" },
          stream: { chunkChars: 3 },
        },
      },
    ]);
    const chat = dumbChat(cliEnv);
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("慢一点\r");
      at = await chat.waitFor(/慢慢/, at);
      chat.write("下一句");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual(["慢一点", "下一句"]);
      expect(chat.plain()).not.toContain("下一句下一句");
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});

describe("slash commands pasted at once on a terminal that does not mark the paste", () => {
  it("shows each command's line, then its output, in the order pasted", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      const start = await chat.waitFor(/you › /);
      // One chunk, its line breaks as Enter, no paste marks; the last line not entered yet.
      chat.write("/help\r/model Kimi Code\r/models\r/usage");
      await chat.waitFor("error: unknown command /models", start);
      await chat.waitFor(/you › \/usage/);
      chat.write("\r");
      await chat.waitFor(/0 answers.*\nyou › /);
      const shown = chat.plain().slice(start - "you › ".length);
      expect(shown).toMatch(
        new RegExp(
          [
            "^you › /help\\ncommands:\\n[^]*stops the whole run\\.\\n",
            "you › /model Kimi Code\\nmodel: kimi-code/kimi-for-coding \\(set by /model, remembered by the session\\)\\n",
            "you › /models\\nerror: unknown command /models\\nhint: [^\\n]*\\n",
            "you › /usage\\n0 answers [^\\n]*\\n",
            "you › $",
          ].join(""),
        ),
      );
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
