/**
 * Answers in Chinese with emoji and CJK Extension B ideographs, streamed in deltas that cut a
 * character between its two UTF-16 halves (the simulator cuts every 6 code units, as a JS server
 * slicing strings would): the answer is written whole, on a terminal and into a pipe, never as
 * U+FFFD replacement characters. The built CLI (`npm run build` first), against the simulator
 * over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

// With 6 code units a delta, 😀, 👨 and 👧 (the family), and 𠮷 each start on a
// delta's last unit: four deltas of the answer and two of the reasoning end in half a character.
const ANSWER = "你好！ab😀好的呀啊👨‍👩‍👧好好好好𠮷野家";
const REASONING = "用户问好a😀思考结束𠮷";
const REPLY = {
  respond: { reply: { reasoning: REASONING, text: ANSWER }, stream: { chunkChars: 6 } },
};

describe("characters cut between two stream deltas", () => {
  it("the premise: deltas of 6 code units end in the first half of a surrogate pair", () => {
    for (const text of [ANSWER, REASONING]) {
      const deltas = text.match(/[\s\S]{1,6}/g) ?? [];
      const cutInHalf = deltas.filter((delta) => /[\ud800-\udbff]$/.test(delta));
      expect(cutInHalf.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("agent piped to a file gets the answer exact, the reasoning on stderr exact", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([REPLY]);
    const result = await runCli(["agent", "-m", "你好"], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ANSWER}\n`);
    expect(result.stderr).toContain(REASONING);
    expect(result.stdout + result.stderr).not.toContain("\ufffd");
  });

  it("chat on a terminal shows the reasoning and the answer whole", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([REPLY]);
    const chat = startTerminal(["chat"], { env: { ...cliEnv, LANG: "zh_CN.UTF-8" }, cols: 60 });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("你好\r");
      // The footer, its "tokens: " label given up at 60 columns.
      at = await chat.waitFor(/ in, [\d,]+ out/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const screen = chat.plain();
      expect(screen).toContain(REASONING);
      expect(screen).toContain(ANSWER);
      expect(screen).not.toContain("\ufffd");
    } finally {
      chat.kill();
    }
  });
});
