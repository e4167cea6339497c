/**
 * The footer under a chat answer at 60 and 80 columns: at 60 its time went alone onto a line of
 * its own (`moonshot/kimi-k2.5 · tokens: … · cost $…` and then `0.0s`). It now fits the terminal
 * on one line, giving up its labels and then its time; at 80 it is whole. The built CLI (`npm run
 * build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** The footer's lines, from its model to the next prompt, as the terminal shows them. */
async function footerAt(cols: number): Promise<string[]> {
  const { cliEnv } = await setup();
  const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv, cols });
  try {
    let at = await chat.waitFor(/you › /);
    chat.write("hi\r");
    at = await chat.waitFor("Echo: hi", at);
    at = await chat.waitFor(/you › /, at);
    chat.write("/exit\r");
    expect(await chat.exited).toBe(0);
    const lines = chat.shown().split("\n");
    const start = lines.findIndex((line) => line.startsWith("moonshot/kimi-k2.5 · "));
    const end = lines.findIndex((line, index) => index > start && line.startsWith("you › "));
    expect(start).toBeGreaterThan(0);
    return lines.slice(start, end);
  } finally {
    chat.kill();
  }
}

describe("chat's footer at the terminal's width", () => {
  it("is whole on one line at 80 columns", async () => {
    const footer = await footerAt(80);
    expect(footer).toHaveLength(1);
    expect(footer[0]).toMatch(
      /^moonshot\/kimi-k2\.5 · tokens: [\d,]+ in, [\d,]+ out · cost \$[\d.]+ · \d+\.\ds$/,
    );
  });

  it("fits on one line at 60 columns, no time alone on a line", async () => {
    const footer = await footerAt(60);
    expect(footer).toHaveLength(1);
    expect((footer[0] ?? "").length).toBeLessThanOrEqual(60);
    expect(footer[0]).toMatch(/^moonshot\/kimi-k2\.5 · [\d,]+ in, [\d,]+ out · (cost )?\$[\d.]+/);
  });
});
