/**
 * With no default model set, the advice names a model of a provider that has a key. With only
 * $KIMICODE_API_KEY exported, `agent -m hi`, `chat` and `models status` said to run `openclaw models set
 * moonshot/kimi-k2.5`, a provider without a key: following it gave "no usable key for moonshot".
 * The built CLI against the simulator over real sockets.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** A state dir whose config points Kimi Code at the simulator and sets no default model. */
function kimiCodeState(kimiCodeBaseUrl: string): string {
  const stateDir = tempDir();
  writeFileSync(
    path.join(stateDir, "openclaw.json"),
    JSON.stringify({ models: { providers: { "kimi-code": { baseUrl: kimiCodeBaseUrl } } } }),
  );
  return stateDir;
}

describe("the advice when no default model is set", () => {
  it("names the model of the provider whose key is set, and following it works", async () => {
    const { sim } = await setup();
    const stateDir = kimiCodeState(sim.kimiCodeBaseUrl);
    const env = {
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_HOME: stateDir,
      KIMICODE_API_KEY: "sk-kimi-test-0001",
    };
    const advice = "run: openclaw models set kimi-code/kimi-for-coding";

    const refused = await runCli(["agent", "-m", "hi"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("no default model is set (agents.defaults.model.primary)");
    expect(refused.stderr).toContain(advice);
    expect(refused.stderr).not.toContain("moonshot/kimi-k2.5");

    const chat = await runCli(["chat"], { env });
    expect(chat.code).toBe(1);
    expect(chat.stderr).toContain(advice);

    const check = await runCli(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(advice);
    expect(check.stderr).not.toContain("models set moonshot/kimi-k2.5");
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout + doctor.stderr).toContain(advice);

    const set = await runCli(["models", "set", "kimi-code/kimi-for-coding"], { env });
    expect(set.code).toBe(0);
    const answered = await runCli(["agent", "-m", "hi"], { env });
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain("Echo: hi");
  });

  it("still says to set a provider up when no provider has a key", async () => {
    const { sim } = await setup();
    const stateDir = kimiCodeState(sim.kimiCodeBaseUrl);
    const env = { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
    const refused = await runCli(["agent", "-m", "hi"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("run: openclaw onboard --auth-choice moonshot-api-key");
  });
});
