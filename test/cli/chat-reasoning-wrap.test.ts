/**
 * `openclaw chat`'s reasoning in a 40-column terminal is wrapped at spaces as its answer is
 * (answer-wrap.ts, one wrap for each): the terminal broke it at its last cell, in the middle of a
 * word. A resized window is wrapped to its new width from the next part on. Piped, the reasoning
 * is written as the model sent it. The built CLI (`npm run build` first) in a pseudo-terminal,
 * against the simulator (it streams the reasoning in pieces cut inside words).
 */
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const URL = "https://platform.moonshot.cn/docs/api/chat#request-body";
const REASONING = `The configuration of fallbacks needs a considerable explanation, so I will read ${URL} before answering`;
const reply = { respond: { reply: { reasoning: REASONING, text: "Done." } } };

/** The reasoning's lines as the terminal shows them, from its first word to its last. */
function reasoningLines(plain: string, from: number): string[] {
  const lines = plain.slice(from).split("\n");
  const first = lines.findIndex((line) => line.startsWith("The configuration"));
  const last = lines.findIndex((line, index) => index >= first && line.endsWith("answering"));
  return lines.slice(first, last + 1);
}

describe("chat's reasoning in a narrow terminal", () => {
  it("breaks the reasoning at spaces, a URL whole on its own line, at the width after a resize", async () => {
    const { cliEnv, sim } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    sim.script([reply, reply]);
    const chat = startTerminal(["chat"], { env: cliEnv, cols: 40 });
    try {
      let at = await chat.waitFor(/you › /);
      const first = at;
      chat.write("first question\r");
      at = await chat.waitFor(/Done\./, at);
      at = await chat.waitFor(/you › /, at);
      const second = at;
      chat.resize(60);
      // The prompt drawn again at the new width: the chat has taken the resize in before the
      // question is sent (on a loaded machine it could otherwise come after the answer streamed).
      at = await chat.waitFor(/you › /, at);
      chat.write("second question\r");
      at = await chat.waitFor(/Done\./, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      expect(reasoningLines(chat.plain(), first)).toEqual([
        "The configuration of fallbacks needs a",
        "considerable explanation, so I will read",
        URL,
        "before answering",
      ]);
      expect(reasoningLines(chat.plain(), second)).toEqual([
        "The configuration of fallbacks needs a considerable",
        "explanation, so I will read",
        URL,
        "before answering",
      ]);
    } finally {
      chat.kill();
    }
  });

  it("piped, writes the reasoning as it came, one line", async () => {
    const { cliEnv, sim } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    sim.script([reply]);
    const chat = startTerminal([], {
      env: cliEnv,
      cols: 40,
      shell: `printf '%s\\n' 'first question' | exec "${process.execPath}" "${CLI}" chat 2>&1 | cat`,
    });
    expect(await chat.exited).toBe(0);
    expect(chat.plain()).toContain(REASONING);
  });
});
