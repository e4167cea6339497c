/**
 * A chat on Kimi Code: each answer's footer said "cost Kimi Code plan quota (not per token;
 * openclaw models status --probe shows what is left)", so every footer of the chat took two lines
 * of a 120-column terminal to repeat the same explanation. The first footer that names the plan
 * says it; the later ones say "cost Kimi Code plan quota" and fit on one line. `/usage`, asked
 * for, still explains. The built CLI (`npm run build` first) in a pseudo-terminal, against the
 * simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const EXPLAINED =
  "cost Kimi Code plan quota (not per token; openclaw models status --probe shows what is left)";

describe("chat's footers on Kimi Code's plan", () => {
  it("explain the plan quota once, then fit on one line", async () => {
    const { cliEnv } = await setup();
    const chat = startTerminal(["chat", "--model", "kimi-code/kimi-for-coding"], {
      env: cliEnv,
      cols: 120,
    });
    try {
      let at = await chat.waitFor(/you › /);
      for (const message of ["first", "second", "third"]) {
        chat.write(`${message}\r`);
        at = await chat.waitFor(`Echo: ${message}`, at);
        at = await chat.waitFor(/you › /, at);
      }
      chat.write("/usage\r");
      at = await chat.waitFor(/session \S+\s+you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const lines = chat.shown().split("\n");
      const footers = lines.filter((line) => line.startsWith("kimi-code/kimi-for-coding · "));
      expect(footers).toHaveLength(3);
      // The first footer explains, broken where it does not fit.
      expect(chat.plain().replace(/\s+/g, " ")).toContain(EXPLAINED);
      for (const footer of footers.slice(1)) {
        expect(footer).toMatch(
          /^kimi-code\/kimi-for-coding · tokens: [\d,]+ in, [\d,]+ out · cost Kimi Code plan quota · \d+\.\ds$/,
        );
      }
      // /usage is asked for: it says what the quota is.
      const usage = lines.findIndex((line) => line.includes("3 answers · "));
      expect(lines.slice(usage, usage + 3).join(" ")).toContain("(not per token;");
      expect(chat.plain().match(/not per token/g)).toHaveLength(2);
    } finally {
      chat.kill();
    }
  });
});
