/**
 * A missing default model is said in one wording, with its dotted path and the command that sets
 * one, by every door: agent said "no default model is configured" (at agents.defaults.model),
 * models status "no default model is set (agents.defaults.model.primary)", the gateway's start
 * "no default model (agents.defaults.model)" with no command at all. The built CLI and the
 * library, a key in the environment, no network needed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

const SAID = "no default model is set (agents.defaults.model.primary)";
const ADVICE = "run: openclaw models set kimi-code/kimi-for-coding";

afterEach(() => killGatewayProcesses());

/** A state dir with a config that sets no default, and a key for kimi-code only. */
function state() {
  const dir = tempDir("openclaw-no-default-");
  writeFileSync(join(dir, "openclaw.json"), "{}\n", { mode: 0o600 });
  const env = {
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    COLUMNS: "1000",
    KIMICODE_API_KEY: "sk-kimi-test-no-default-0001",
  };
  return { env };
}

describe("no default model, said the same way everywhere", () => {
  it("agent, models status --check and doctor: the same words, path and command", async () => {
    const { env } = state();
    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain(`error: ${SAID}\n`);
    expect(agent.stderr).toContain(`hint: ${ADVICE}`);

    const status = await runCli(["models", "status", "--check"], { env });
    expect(status.code).toBe(1);
    expect(status.stderr + status.stdout).toContain(`error: ${SAID}\n`);
    expect(status.stderr + status.stdout).toContain(`hint: ${ADVICE}`);

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toContain(`! model    ${SAID}\n`);
    expect(doctor.stdout).toContain(`hint: ${ADVICE}`);
  });

  it("the gateway's start says it with the command that sets one", async () => {
    const { env } = state();
    const gateway = await startGatewayProcess({ PATH: process.env.PATH, NO_COLOR: "1", ...env });
    await eventually(
      () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
      15_000,
      "the start-up report's last line",
    );
    const said = gateway.stderr().replace(/\s+/g, " ");
    // A warning, labelled as the start's other warnings are.
    expect(said).toContain(
      `warning: ${SAID}: requests must name a model; "openclaw" will not resolve`,
    );
    // With the state dir a plain shell lacks: the command is typed in another terminal.
    expect(said).toContain(
      `hint: to set one, run: OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} openclaw models set kimi-code/kimi-for-coding`,
    );
  });

  it("the library's error: the same words, and where is the dotted path", async () => {
    const { runtime } = openRuntime({
      config: {},
      env: { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-no-default", KIMI_API_KEY: "sk-kimi-0001" },
    });
    const failure = await runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string; where?: string },
      );
    expect(failure).toMatchObject({
      code: "model.no_default",
      message: SAID,
      where: "agents.defaults.model.primary",
    });
  });
});
