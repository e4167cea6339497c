/**
 * A chat on a model without prices (the Moonshot page's snippet writes them as 0): each answer's
 * footer said "cost unknown (the config prices moonshot/kimi-k2.5 at 0, at …/openclaw.json:N)",
 * the same explanation after every answer, breaking each footer onto two lines. The first footer
 * that names the model says why; the later ones say "cost unknown" and fit on one line, as the
 * Kimi Code plan's footers do. `/usage`, asked for, still explains. The built CLI (`npm run build`
 * first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("chat's footers on a model without prices", () => {
  it("explain the unknown cost once, then fit on one line", async () => {
    const { stateDir, cliEnv } = await setup({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
    const configPath = join(stateDir, "openclaw.json");
    writeFileSync(
      configPath,
      readFileSync(configPath, "utf8").replace(
        /"input": 0\.6,\s*"output": 2\.5,\s*"cacheRead": 0\.15/g,
        '"input": 0, "output": 0, "cacheRead": 0',
      ),
    );
    const explained = `cost unknown (the config prices moonshot/kimi-k2.5 at 0, at ${configPath}:`;
    const chat = startTerminal(["chat"], { env: cliEnv, cols: 120 });
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
      const footers = lines.filter((line) => line.startsWith("moonshot/kimi-k2.5 · "));
      expect(footers).toHaveLength(3);
      const said = chat.plain().replace(/\s+/g, " ");
      // The first footer and /usage explain; the later footers do not.
      expect(said.split(explained)).toHaveLength(3);
      expect(said.indexOf(explained)).toBeLessThan(said.indexOf("Echo: second"));
      for (const footer of footers.slice(1)) {
        expect(footer).toMatch(
          /^moonshot\/kimi-k2\.5 · tokens: [\d,]+ in, [\d,]+ out · cost unknown · \d+\.\ds$/,
        );
      }
    } finally {
      chat.kill();
    }
  });
});
