/**
 * Several lines pasted at once into `openclaw chat` on a terminal (a text to translate, a stack
 * trace) are one message, sent by the Enter pressed after the paste: the terminal marks the paste
 * (bracketed paste mode, which chat turns on and off again). Each pasted line used to be a turn
 * of its own, answered and paid for separately. The built CLI (`npm run build` first) in a
 * pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** What a terminal in bracketed paste mode sends for a paste: its line breaks as Enter. */
const paste = (text: string) => `\u001b[200~${text.replaceAll("\n", "\r")}\u001b[201~`;

type Sim = Awaited<ReturnType<typeof setup>>["sim"];
const sentMessages = (sim: Sim) =>
  sim.chatRequests().map((request) => {
    const messages = (request.body as { messages: { content: string }[] }).messages;
    return messages.at(-1)?.content;
  });

/** An answer's footer, with or without its "tokens: " label (given up at 60 columns). */
const FOOTER = /moonshot\/kimi-k2\.5 · (tokens: )?[\d,]+ in/;
const FOOTER_ALL = new RegExp(FOOTER.source, "g");

const POEM = "请翻译下面三行：\n床前明月光，\n疑是地上霜。";

describe("pasting several lines into chat", () => {
  it("sends them as one message when Enter is pressed after the paste", async () => {
    const { sim, cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, LANG: "zh_CN.UTF-8" },
      cols: 60,
    });
    try {
      let at = await chat.waitFor(/you › /);
      // Bracketed paste mode is on before the first prompt.
      expect(chat.screen()).toContain("\u001b[?2004h");
      chat.write(paste(`${POEM}\n`));
      at = await chat.waitFor("疑是地上霜。", at);
      chat.write("\r");
      at = await chat.waitFor(FOOTER, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual([POEM]);

      // A paste without a last line break goes on with what is typed after it.
      chat.write(paste("第一行\n第二行"));
      chat.write("，第二行的尾巴\r");
      at = await chat.waitFor(FOOTER, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim).at(-1)).toBe("第一行\n第二行，第二行的尾巴");

      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      // One answer for each paste, and the mode turned off again for the shell.
      expect(chat.plain().match(FOOTER_ALL)).toHaveLength(2);
      // (The line saying how to go on with the session may come after it.)
      const screen = chat.screen();
      expect(screen.lastIndexOf("\u001b[?2004l")).toBeGreaterThan(
        screen.lastIndexOf("\u001b[?2004h"),
      );
    } finally {
      chat.kill();
    }
  });

  it("Ctrl-C after a paste forgets it, as it clears a typed line", async () => {
    const { sim, cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write(paste(`${POEM}\n`));
      at = await chat.waitFor("疑是地上霜。", at);
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

  it("a paste made while an answer is written shows at the next prompt, sent by Enter", async () => {
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
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("慢一点\r");
      at = await chat.waitFor(/慢慢/, at);
      chat.write(paste(`${POEM}\n`));
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › 请翻译下面三行：\n床前明月光，\n疑是地上霜。\n/, at);
      // Shown, not sent: the answer being written was the only request so far.
      expect(sentMessages(sim)).toEqual(["慢一点"]);
      chat.write("\r");
      at = await chat.waitFor(/tokens: /, at);
      at = await chat.waitFor(/you › /, at);
      expect(sentMessages(sim)).toEqual(["慢一点", POEM]);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("writes no paste-mode escape on TERM=dumb, which would show it as text", async () => {
    const { cliEnv } = await setup();
    // node-pty sets TERM from the terminal's name: the shell sets it for the CLI instead.
    const chat = startTerminal([], {
      env: cliEnv,
      shell: `TERM=dumb exec "${process.execPath}" "${CLI}" chat --model moonshot/kimi-k2.5`,
    });
    try {
      await chat.waitFor(/you › /);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      expect(chat.screen()).not.toContain("\u001b[?2004");
    } finally {
      chat.kill();
    }
  });
});
