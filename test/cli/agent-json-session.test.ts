/**
 * `agent --json`'s `sessionId` names a session only when there is one: `null` for a run refused
 * before its first request unless `--session-id` gave one. The built CLI (`npm run build`
 * first) against the simulator over real sockets.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --json sessionId of a run that never started", () => {
  it("is null when no model is configured", async () => {
    const stateDir = tempDir();
    const result = await runCli(["agent", "-m", "hi", "--json"], {
      env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir },
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      sessionId: null,
      error: { code: "model.no_default" },
    });
  });

  it("is null when the provider has no key, and the given one with --session-id", async () => {
    const { sim } = await setup();
    const stateDir = tempDir();
    writeFileSync(
      path.join(stateDir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      }),
    );
    const env = { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
    const refused = await runCli(["agent", "-m", "hi", "--json"], { env });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      sessionId: null,
      error: { code: "provider.auth" },
    });
    const named = await runCli(["agent", "-m", "hi", "--json", "--session-id", "mine"], { env });
    expect(JSON.parse(named.stdout)).toMatchObject({ sessionId: "mine" });
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("names the new session once a request was sent, even if it failed", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { error: "invalidRequest" } }]);
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { sessionId: unknown };
    expect(out.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
