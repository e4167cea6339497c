/** `openclaw agent` on a real terminal (node-pty): reasoning dimmed, or hidden on request. */
import { afterEach, describe, expect, it } from "vitest";
import { runInTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Runs in a terminal with colour allowed (the simulator env sets NO_COLOR for piped runs). */
function runColourful(args: string[], cliEnv: Record<string, string>) {
  const { NO_COLOR: _ignored, ...colourful } = cliEnv;
  return runInTerminal(args, { env: colourful });
}

describe("openclaw agent on a terminal", () => {
  it("shows reasoning dimmed before the answer", async () => {
    env = await startSimEnv({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([
      { respond: { reply: { reasoning: "Pondering deeply.", text: "Forty-two." } } },
    ]);
    const { code, screen } = await runColourful(["agent", "-m", "meaning of life?"], env.cliEnv);
    expect(code).toBe(0);
    const dimOpen = "\u001b[2m";
    expect(screen).toContain(`${dimOpen}Pond`);
    expect(screen.indexOf("deeply.")).toBeLessThan(screen.indexOf("Forty-two."));
    expect(screen).toMatch(/cost \$0/);
  });

  it("hides reasoning with --hide-reasoning", async () => {
    env = await startSimEnv({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([{ respond: { reply: { reasoning: "Secret musings.", text: "Forty-two." } } }]);
    const { code, screen } = await runColourful(
      ["agent", "-m", "meaning of life?", "--hide-reasoning"],
      env.cliEnv,
    );
    expect(code).toBe(0);
    expect(screen).toContain("Forty-two.");
    expect(screen).not.toContain("musings");
  });

  it("shows escape sequences in the answer as text instead of running them", async () => {
    env = await startSimEnv({ primary: "moonshot/kimi-k2.5" });
    // What a prompt-injected model might write: set the window title, clear the screen.
    env.sim.script([
      { respond: { reply: { text: "Sure.\u001b]0;pwned\u0007\u001b[2J Line two\n\tindented" } } },
    ]);
    const { code, screen } = await runColourful(["agent", "-m", "hi"], env.cliEnv);
    expect(code).toBe(0);
    expect(screen).toContain("Sure.\\u001b]0;pwned\\u0007\\u001b[2J Line two");
    expect(screen).not.toContain("\u001b]0;");
    expect(screen).not.toContain("\u001b[2J");
    // Layout characters still do their job.
    expect(screen).toMatch(/Line two\r?\n\tindented/);
  });
});
