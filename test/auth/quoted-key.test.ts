import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * A key copied with its quotes: `docker --env-file` and systemd's EnvironmentFile keep the quotes
 * of `MOONSHOT_API_KEY="sk-…"`, and a shell's `'…'` typed inside `"…"` keeps them too. The
 * provider refuses such a key with a 401 that says nothing about quotes; we say it first.
 */
const KEY = "sk-test-moonshot-ai-0001";

describe("a key with quote marks around it", () => {
  it("onboard refuses it (exit 2) instead of storing the quotes as part of the key", async () => {
    const state = tempDir();
    const result = await runCli(onboardWithKey("moonshot-api-key", `'${KEY}'`), {
      env: { OPENCLAW_STATE_DIR: state },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: the key from --moonshot-api-key for moonshot has a quote mark (') at its start or end",
    );
    expect(result.stderr).toContain("hint: remove the quotes");
    expect(result.stderr + result.stdout).not.toContain(KEY);
    expect(existsSync(join(state, "agents", "main", "agent", "auth-profiles.json"))).toBe(false);
  });

  it("models status says the variable's key is quoted instead of using it", async () => {
    const state = tempDir();
    writeFileSync(
      join(state, "openclaw.json"),
      '{ models: { providers: { moonshot: { baseUrl: "http://127.0.0.1:9/v1" } } } }\n',
    );
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: state, MOONSHOT_API_KEY: `"${KEY}"` },
    });
    const line = result.stdout.split("\n").find((text) => text.includes("env MOONSHOT_API_KEY"));
    expect(line).toContain('has a quote mark (") at its start or end');
    expect(line).not.toContain("← used");
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it("a stored key with quotes is named the same way", async () => {
    const state = tempDir();
    const agent = join(state, "agents", "main", "agent");
    mkdirSync(agent, { recursive: true });
    writeFileSync(join(state, "openclaw.json"), "{}\n");
    writeFileSync(
      join(agent, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          "moonshot:default": { type: "api_key", provider: "moonshot", key: `"${KEY}"\n` },
        },
      }),
      { mode: 0o600 },
    );
    const result = await runCli(["models", "status"], { env: { OPENCLAW_STATE_DIR: state } });
    const line = result.stdout
      .split("\n")
      .find((text) => text.includes("profile moonshot:default"));
    expect(line).toContain('has a quote mark (") at its start or end');
    expect(line).not.toContain("← used");
  });
});
