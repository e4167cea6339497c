/**
 * `openclaw chat`'s answers in a 40-column terminal are wrapped at spaces, as the rest of its
 * output is: the terminal broke them at its last cell, in the middle of a word (`explana` /
 * `tion`). A URL wider than the line stays whole on a line of its own, to be copied, and Chinese
 * is broken between its characters. Piped, the answer is written as the model sent it. The
 * built CLI (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets
 * (it streams the answer in pieces of 6 characters, cut inside words).
 */
import { describe, expect, it } from "vitest";
import { createAnswerWrap } from "../../src/cli/answer-wrap.js";
import { displayWidth } from "../../src/cli/display-width.js";
import { CLI } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const COLS = 40;
const URL = "https://platform.moonshot.cn/docs/api/chat#request-body";
const QUESTION = `please explain the configuration of fallbacks in considerable detail, see ${URL} for reference`;

/** What a stream of `text` in `size`-character parts is written as, at `width` columns. */
function wrapped(text: string, width: number, size = 6): string {
  const wrap = createAnswerWrap(() => width);
  let out = "";
  for (let at = 0; at < text.length; at += size) out += wrap.take(text.slice(at, at + size));
  return out + wrap.flush();
}

describe("chat's answer in a narrow terminal", () => {
  it("breaks the answer at spaces, a URL whole on its own line", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      cols: COLS,
    });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write(`${QUESTION}\r`);
      at = await chat.waitFor(/for reference/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const lines = chat.plain().split("\n");
      const first = lines.findIndex((line) => line.startsWith("Echo: "));
      const answer = lines.slice(
        first,
        lines.findIndex((line, index) => index > first && line.endsWith("for reference")) + 1,
      );
      expect(answer).toEqual([
        "Echo: please explain the configuration",
        "of fallbacks in considerable detail, see",
        URL,
        "for reference",
      ]);
    } finally {
      chat.kill();
    }
  });

  it("piped, writes the answer as it came, one line", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal([], {
      env: cliEnv,
      cols: COLS,
      // Only the answer's stream goes through cat: the notes on stderr reach the terminal
      // directly and could land between cat's pieces of the answer (seen under load).
      shell: `printf '%s\\n' '${QUESTION}' | exec "${process.execPath}" "${CLI}" chat --model moonshot/kimi-k2.5 2>/dev/null | cat`,
    });
    expect(await chat.exited).toBe(0);
    expect(chat.plain()).toContain(`Echo: ${QUESTION}\n`);
  });

  it("keeps indents, code blocks and table rows, and breaks Chinese between characters", () => {
    expect(
      wrapped(
        "- a list item long enough to go over the end of the line\n```\nconst answer = ask(question, { model: 'kimi-k2.5' });\n```\n| a | b | c cells wider than the terminal is |",
        30,
      ),
    ).toBe(
      "- a list item long enough to\n  go over the end of the line\n```\nconst answer = ask(question, { model: 'kimi-k2.5' });\n```\n| a | b | c cells wider than the terminal is |",
    );
    const chinese = wrapped(
      "月之暗面的模型可以在很窄的终端里按字符换行，而不会在单词中间断开。",
      20,
    );
    for (const line of chinese.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(20);
    expect(chinese.split("\n")[1]).toMatch(/^[^，。]/);
  });
});
