/** `openclaw agent` on a real terminal (node-pty): reasoning dimmed, or hidden on request. */
import { spawn as spawnPty } from "node-pty";
import { afterEach, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function runInTerminal(
  args: string[],
  cliEnv: Record<string, string>,
): Promise<{ code: number; screen: string }> {
  const { NO_COLOR: _ignored, ...colourful } = cliEnv;
  const term = spawnPty(process.execPath, [CLI, ...args], {
    name: "xterm-256color",
    cols: 120,
    rows: 40,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      TERM: "xterm-256color",
      ...colourful,
    },
  });
  let screen = "";
  term.onData((data) => {
    screen += data;
  });
  return new Promise((resolve) =>
    term.onExit(({ exitCode }) => resolve({ code: exitCode, screen })),
  );
}

describe("openclaw agent on a terminal", () => {
  it("shows reasoning dimmed before the answer", async () => {
    env = await startSimEnv({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([
      { respond: { reply: { reasoning: "Pondering deeply.", text: "Forty-two." } } },
    ]);
    const { code, screen } = await runInTerminal(["agent", "-m", "meaning of life?"], env.cliEnv);
    expect(code).toBe(0);
    const dimOpen = "\u001b[2m";
    expect(screen).toContain(`${dimOpen}Pond`);
    expect(screen.indexOf("deeply.")).toBeLessThan(screen.indexOf("Forty-two."));
    expect(screen).toMatch(/cost \$0/);
  });

  it("hides reasoning with --hide-reasoning", async () => {
    env = await startSimEnv({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([{ respond: { reply: { reasoning: "Secret musings.", text: "Forty-two." } } }]);
    const { code, screen } = await runInTerminal(
      ["agent", "-m", "meaning of life?", "--hide-reasoning"],
      env.cliEnv,
    );
    expect(code).toBe(0);
    expect(screen).toContain("Forty-two.");
    expect(screen).not.toContain("musings");
  });
});
