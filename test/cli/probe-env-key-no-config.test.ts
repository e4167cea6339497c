/**
 * No config file, no stored key, only a provider's key in the environment: `openclaw agent
 * --model moonshot/…` uses it, so `models status` and `doctor` show it (by its variable, the key
 * masked) and `--probe` checks it. Before, both listed no provider at all and probed nothing.
 * The built CLI on real sockets; the probe goes through a proxy at a closed port, so it fails
 * there, offline and at once, which shows it was made.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { closedPort } from "../helpers/net.js";

const KEY = "sk-fake-test-key-0001";
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function envWith(variable: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), "probe-env-key-"));
  dirs.push(dir);
  return {
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}`,
    [variable]: KEY,
  };
}

describe("a key only in the environment, with no config file", () => {
  it("models status --probe and doctor --probe show moonshot's key by its variable and probe it", async () => {
    const env = await envWith("MOONSHOT_API_KEY");
    const status = await runCli(["models", "status", "--probe"], { env });
    expect(status.stdout).toContain("moonshot (https://api.moonshot.ai/v1)");
    expect(status.stdout).toContain("env MOONSHOT_API_KEY: sk-…0001  ← used");
    expect(status.stdout).toMatch(/probe: could not reach https:\/\/api\.moonshot\.ai\/v1/);
    // moonshot-cn reads the same variable: the key is told once, under moonshot.
    expect(status.stdout).not.toContain("moonshot-cn (");
    const doctor = await runCli(["doctor", "--probe"], { env });
    expect(doctor.stdout).toContain("moonshot: key from env MOONSHOT_API_KEY sk-…0001");
    expect(doctor.stdout).toMatch(/probe +moonshot: could not reach/);
    for (const said of [status, doctor]) expect(said.stdout + said.stderr).not.toContain(KEY);
  });

  it("shows kimi-code's key from KIMI_API_KEY, and no other provider", async () => {
    const env = await envWith("KIMI_API_KEY");
    const status = await runCli(["models", "status", "--json"], { env });
    const providers = (
      JSON.parse(status.stdout) as { providers: { provider: string; active?: string }[] }
    ).providers;
    expect(providers.map(({ provider, active }) => ({ provider, active }))).toEqual([
      { provider: "kimi-code", active: "env KIMI_API_KEY" },
    ]);
    expect(status.stdout).not.toContain(KEY);
  });
});
