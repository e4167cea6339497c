/**
 * What becomes of the level `/think` set is said once in a chat, not before every answer, and the
 * same is sent on every turn. On kimi-k2.5, which the page's config calls non-reasoning, the first
 * turn said `thinking "high" not sent` and sent no switch, and each later turn, the runtime having
 * learned from the first answer's reasoning that the model thinks, sent `thinking: {"type":
 * "enabled"}` with `thinking "high" sent as on` before it. On a reasoning model the "sent as on"
 * note came before each answer. /think's own line on kimi-k2.5 says the note, so the first turn
 * after it does not say it again. The built CLI (`npm run build` first) against the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** How many times `text` is in `output`. */
function times(output: string, text: string): number {
  return output.split(text).length - 1;
}

const notSent = (level: string) =>
  `thinking "${level}" not sent: moonshot/kimi-k2.5 is not a reasoning model in the config, so the model decides`;
const sentAsOn = (level: string) =>
  `thinking "${level}" sent as on: Moonshot's thinking switch has only on and off (moonshot/kimi-k2-thinking picks its own depth)`;

describe("chat: the note of a /think level", () => {
  it("on a model the config calls non-reasoning: the same sent each turn, said once per level", async () => {
    const { cliEnv, sim } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/think high\nfirst\nsecond\nthird\n/think low\nfourth\nfifth\n/think off\nsixth\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Echo: sixth/);
    // /think's own line says it (stdout); the first turn after it does not say it again (stderr).
    const said = result.stdout.replace(/\s+/g, " ");
    const notes = result.stderr.replace(/\s+/g, " ");
    expect([times(said, notSent("high")), times(said, notSent("low"))]).toEqual([1, 1]);
    expect([times(notes, notSent("high")), times(notes, notSent("low"))]).toEqual([0, 0]);
    expect(notes).not.toContain("sent as on");
    // The first answer came with reasoning: the level still does not go on the later turns.
    expect(
      sim.chatRequests().map((request) => (request.body as { thinking?: unknown }).thinking),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, { type: "disabled" }]);
  });

  it("on a reasoning model: sent as on each turn, said once per level", async () => {
    const { cliEnv, sim } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2-thinking"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/think high\nfirst\nsecond\n/think max\nthird\nfourth\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Echo: fourth/);
    const notes = result.stderr.replace(/\s+/g, " ");
    expect([times(notes, sentAsOn("high")), times(notes, sentAsOn("max"))]).toEqual([1, 1]);
    expect(
      sim.chatRequests().map((request) => (request.body as { thinking?: unknown }).thinking),
    ).toEqual(Array(4).fill({ type: "enabled" }));
  });

  it("agent says the note on its one run, and sends what chat sends", async () => {
    const { cliEnv, sim } = await setup();
    const result = await runCli(
      ["agent", "--model", "moonshot/kimi-k2.5", "--thinking", "high", "-m", "hi"],
      { env: { ...cliEnv, COLUMNS: "1000" } },
    );
    expect(result.code).toBe(0);
    expect(times(result.stderr.replace(/\s+/g, " "), notSent("high"))).toBe(1);
    const sent = sim.chatRequests().map((request) => request.body as { thinking?: unknown });
    expect(sent.map((body) => body.thinking)).toEqual([undefined]);
  });
});
