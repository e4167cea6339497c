/**
 * With --hide-reasoning, while a thinking model thought the terminal said only "waiting for the
 * model…", as it does before the first byte: for the minutes a model may think, a chat looked
 * hung. Once reasoning comes, the spinner says "thinking… (reasoning hidden)"; the reasoning
 * itself is still not shown. The built CLI (`npm run build` first) in a pseudo-terminal, against
 * the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const REASONING = "weighing the question carefully before any answer comes";

describe("a thinking model's hidden reasoning", () => {
  it("shows as thinking on the spinner in chat, not as waiting", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      {
        respond: {
          chunkDelayMs: 150,
          reply: { reasoning: REASONING, text: "the answer" },
          stream: { chunkChars: 8 },
        },
        times: 1,
      },
    ]);
    const chat = startTerminal(["chat", "--hide-reasoning"], { env: cliEnv, cols: 80 });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("think it over\r");
      at = await chat.waitFor("the answer", at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const screen = chat.plain();
      const asked = screen.indexOf("think it over");
      const answered = screen.indexOf("the answer", asked);
      const during = screen.slice(asked, answered);
      expect(during).toContain("thinking… (reasoning hidden)");
      expect(screen).not.toContain("weighing");
      // The spinner is erased: the answer's line holds only the answer.
      expect(chat.shown()).toMatch(/^the answer$/m);
    } finally {
      chat.kill();
    }
  });
});
