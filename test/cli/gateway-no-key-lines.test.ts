/**
 * `openclaw gateway` started before any onboarding (README's `npm start` from a fresh clone):
 * its warning says that no provider has a key, and no "no key for: kimi-code, moonshot,
 * moonshot-cn" line under it says so again, nor the no-default line's hint. Its onboard command
 * names the gateway's state dir and config file when the environment moved them, as the token
 * lines do: pasted into a plain shell, `openclaw onboard` set up ~/.openclaw instead. With a
 * Moonshot key, the "no key for" line names Kimi Code.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayReported } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";

afterEach(() => killGatewayProcesses());

async function startLines(dir: string, env: Record<string, string> = {}): Promise<string> {
  const gateway = await startGatewayReported(
    { PATH: process.env.PATH, OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, NO_COLOR: "1", ...env },
    5000,
  );
  gateway.child.kill("SIGTERM");
  expect(await gateway.exited).toBe(0);
  return gateway.stderr();
}

describe("openclaw gateway's start without keys", () => {
  it("says once that no provider has a key", async () => {
    const stderr = await startLines(tempDir("openclaw-gw-nokey-"));
    expect(stderr).toContain(
      "warning: no provider has a key yet, so every chat request will fail.",
    );
    expect(stderr).not.toContain("no key for:");
    // Nor does the no-default line's hint: the warning's onboarding sets the default too.
    expect(stderr.split("no provider has a key yet").length - 1).toBe(1);
    expect(stderr).toContain(
      '\nwarning: no default model is set (agents.defaults.model.primary): requests must name a model; "openclaw" will not resolve\n',
    );
  });

  it("names the gateway's state dir in its onboard command, which a plain shell would not set up", async () => {
    const dir = tempDir("openclaw-gw-nokey-moved-");
    const stderr = await startLines(dir);
    expect(stderr).toContain(
      `  hint: to store a key and set the default, run this (or with --auth-choice kimi-code-api-key); the gateway picks up the new config without a restart:\n    OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key\n`,
    );
  });

  it("names the gateway's config file too when OPENCLAW_CONFIG_PATH names another one", async () => {
    const dir = tempDir("openclaw-gw-nokey-config-");
    const configPath = path.join(dir, "gateway.json");
    writeFileSync(configPath, "{}", { mode: 0o600 });
    const stderr = await startLines(dir, { OPENCLAW_CONFIG_PATH: configPath });
    expect(stderr).toContain(
      `\n    OPENCLAW_STATE_DIR=${dir} OPENCLAW_CONFIG_PATH=${configPath} openclaw onboard --auth-choice moonshot-api-key\n`,
    );
  });

  it("names the providers without a key when another one has one", async () => {
    const dir = tempDir("openclaw-gw-onekey-");
    writeFileSync(
      path.join(dir, "openclaw.json"),
      JSON.stringify({ agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } }),
      { mode: 0o600 },
    );
    const stderr = await startLines(dir, { MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" });
    expect(stderr).toContain("models: ");
    expect(stderr).toContain("no key for: kimi-code\n");
    expect(stderr).not.toContain("no provider has a key yet");
  });
});
