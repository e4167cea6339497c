/**
 * A Kimi Code key that Kimi Code refuses (401) is told by its shape. A key that starts with
 * sk-kimi- is a Kimi Code key already: revoked, mistyped or another account's, and the hint says
 * to get a new one from the Kimi Code console and put it where this one was read from. Before, it
 * too was told "Moonshot platform keys do not work here", which is beside the point for it. A key
 * without that shape (a Moonshot platform key in the wrong place) keeps that hint. The built CLI
 * against the simulator; the key itself is never printed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const PLATFORM_HINT = "Moonshot platform keys do not work here";

/** `agent -m hi` on Kimi Code, its key in the config's env block, refused by the simulator. */
async function refusedAgent(key: string) {
  const simEnv = await setup({ primary: "kimi-code/kimi-for-coding", fallbacks: [] });
  const path = join(simEnv.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  config.env = { KIMICODE_API_KEY: key };
  writeFileSync(path, JSON.stringify(config, null, 2));
  const { KIMICODE_API_KEY: _dropped, ...cliEnv } = simEnv.cliEnv;
  const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stderr).not.toContain(key);
  return result.stderr;
}

describe("a refused Kimi Code key", () => {
  it("shaped sk-kimi-: says the Kimi Code key was refused, where to get a new one and where it goes", async () => {
    const stderr = await refusedAgent("sk-kimi-fake-0002");
    expect(stderr).toContain(
      "hint: this Kimi Code key was refused (revoked, mistyped, or from another account): get a new one at kimi.com/code (the Kimi Code console); put the right key in the config's env.KIMICODE_API_KEY (read when openclaw starts)",
    );
    expect(stderr).not.toContain(PLATFORM_HINT);
  });

  it("a Moonshot platform key put there: still says Moonshot platform keys do not work", async () => {
    const stderr = await refusedAgent("sk-fake-moon-02");
    expect(stderr).toContain(
      "hint: Kimi Code needs a Kimi Code key (sk-kimi-…) from kimi.com; Moonshot platform keys do not work here; put the right key in the config's env.KIMICODE_API_KEY (read when openclaw starts)",
    );
    expect(stderr).not.toContain("this Kimi Code key was refused");
  });
});
