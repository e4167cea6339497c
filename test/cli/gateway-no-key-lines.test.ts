/**
 * `openclaw gateway` started before any onboarding (README's `npm start` from a fresh clone):
 * its warning says that no provider has a key, and no "no key for: kimi-code, moonshot,
 * moonshot-cn" line under it says so again. With a Moonshot key, that line names Kimi Code.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

afterEach(() => killGatewayProcesses());

async function startLines(dir: string, env: Record<string, string> = {}): Promise<string> {
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    ...env,
  });
  await eventually(
    () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
    5000,
    "the start-up report's last line",
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
