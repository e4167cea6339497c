/**
 * A run the round limit stops while the model still asks for tools has no answer: it fails
 * (exit 1) with a hint to raise --max-rounds, and leaves the session whole, so later turns need
 * no repair. The built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

function toolHungry(sim: SimEnv["sim"], times: number): void {
  sim.script([
    { respond: { reply: { toolCalls: [{ name: "list_dir", arguments: { path: "." } }] } }, times },
  ]);
}

type Sent = { role: string; tool_call_id?: string; content?: unknown }[];

describe("the round limit reached without an answer", () => {
  it("agent exits 1 naming --max-rounds, and the next turn in the session needs no repair", async () => {
    const { sim, cliEnv } = await setup();
    const cwd = tempDir();
    toolHungry(sim, 2);
    const args = ["agent", "-m", "look", "--tools", "--max-rounds", "2", "--session-id", "mr"];
    const stopped = await runCli(args, { env: cliEnv, cwd });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(
      /^error: moonshot\/kimi-k2\.5 still asked for tools after 2 model calls: the run stopped at --max-rounds 2 without an answer$/m,
    );
    expect(stopped.stderr).toMatch(
      /^hint: raise --max-rounds \(at most 100\), e\.g\. --max-rounds 4;/m,
    );

    const next = await runCli(["agent", "-m", "and now?", "--session-id", "mr"], {
      env: cliEnv,
      cwd,
    });
    expect(next.code).toBe(0);
    expect(next.stderr).not.toMatch(/had no result/);
    const sent = (sim.chatRequests()[2]?.body as { messages: Sent } | undefined)?.messages ?? [];
    const lastCall = sent.findLastIndex((m) => m.role === "assistant");
    expect(sent[lastCall + 1]).toMatchObject({
      role: "tool",
      content: "error: not run: the round limit (2) stopped the run before this tool ran",
    });
  });

  it("agent --json says ok false with the code rounds_exhausted", async () => {
    const { sim, cliEnv } = await setup();
    toolHungry(sim, 1);
    const result = await runCli(["agent", "-m", "look", "--tools", "--max-rounds", "1", "--json"], {
      env: cliEnv,
      cwd: tempDir(),
    });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      ok: false,
      roundsExhausted: true,
      error: {
        code: "rounds_exhausted",
        hint: expect.stringMatching(/^raise --max-rounds/),
      },
    });
  });

  it("agent --json --thinking off says reasoning null for the tool-call turn it stopped at", async () => {
    const { sim, cliEnv } = await setup();
    toolHungry(sim, 1);
    const args = ["agent", "-m", "look", "--tools", "--max-rounds", "1", "--json"];
    const result = await runCli([...args, "--thinking", "off"], {
      env: cliEnv,
      cwd: tempDir(),
    });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    // The turn is kept with an empty reasoning_content (Moonshot wants one if a later turn
    // thinks), which is no reasoning to show.
    expect(out).toMatchObject({ roundsExhausted: true, reasoning: null });
  });

  it("in a piped chat the turn counts as failed", async () => {
    const { sim, cliEnv } = await setup();
    toolHungry(sim, 8);
    const result = await runCli(["chat", "--tools"], {
      env: cliEnv,
      cwd: tempDir(),
      input: "look\nand now?\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/still asked for tools after 8 model calls/);
    expect(result.stderr).not.toMatch(/had no result/);
    expect(result.stderr).toMatch(/^1 of the turns failed$/m);
  });
});
