/**
 * `openclaw agent` on a conversation Moonshot refuses as over the window with its limit alone
 * ("Your request exceeded model token limit: 262144", no "(requested: N)"): the runtime counts it
 * at Moonshot's token-count endpoint and sends it once more with a lower answer cap, and the
 * agent says so on stderr, in the words it uses when Moonshot names its count, then prints the
 * answer. The built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent on a conversation refused as over the window with the limit alone", () => {
  it("says the answer's cap was lowered and sent again, and prints the answer", async () => {
    // The simulator counts 10% over the local estimate: the default 8,192 beside about 257,000
    // tokens goes over kimi-k2.5's 262,144.
    const { sim, cliEnv } = await setup({ sim: { tokenFactor: 1.1, tokenLimitWording: "short" } });
    sim.script([
      {
        when: { path: "/v1/chat/completions" },
        respond: { reply: { text: "Summary: all words." } },
      },
    ]);
    const result = await runCli(["agent", "-m", "-"], {
      env: cliEnv,
      input: "word ".repeat(187_200),
    });
    expect(result.stderr).toMatch(
      /moonshot\/kimi-k2\.5 counted the conversation longer than estimated: the answer may use \d{1,3}(,\d{3})? tokens, not 8,192; sent again\n {2}hint: \/new or a shorter conversation leaves the answer more room/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Summary: all words.");
    expect(sim.chatRequests()).toHaveLength(2);
  });
});
