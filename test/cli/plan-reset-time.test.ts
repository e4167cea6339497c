/**
 * `openclaw agent` against a used-up Kimi Code plan: the refusal names no time, so the CLI asks
 * Kimi Code's `GET /usages` with the same key and its hint says when the quota resets, in UTC and
 * from now. The built CLI (`npm run build` first) against the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const HOUR_MS = 3_600_000;

describe("openclaw agent and a used-up Kimi Code plan", () => {
  it("says when the quota resets, and keeps the key out of it", async () => {
    // 5 hours and a half from now: "in 5 h 30 min" give or take the minute the test takes.
    const reset = new Date(Date.now() + 5 * HOUR_MS + HOUR_MS / 2 + 30_000);
    const { sim, cliEnv } = await setup({
      sim: { kimiCodeUsage: { limit: 100, remaining: 0, resetTime: reset.toISOString() } },
    });
    sim.script([{ when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 }]);
    const result = await runCli(["agent", "-m", "hi", "--model", "kimi-code/kimi-for-coding"], {
      env: cliEnv,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("You've reached your weekly (7-day) usage limit");
    const hint = result.stderr.split("\n").find((line) => line.startsWith("hint: "));
    const at = `${reset.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    expect(hint).toMatch(
      new RegExp(
        `^hint: your Kimi Code plan quota is used up: it resets ${at}, in 5 h (29|30) min;`,
      ),
    );
    expect(result.stderr).not.toContain(sim.keys.kimiCode);
    expect(sim.requests.filter((request) => request.path.endsWith("/usages"))).toHaveLength(1);

    const json = await runCli(
      ["agent", "-m", "hi", "--json", "--model", "kimi-code/kimi-for-coding"],
      { env: cliEnv },
    );
    expect(json.code).toBe(1);
    const error = (JSON.parse(json.stdout) as { error: { hint: string } }).error;
    expect(error.hint).toContain(`it resets ${at}, in 5 h`);
  });
});
