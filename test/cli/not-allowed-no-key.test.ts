/**
 * A --model the allowlist (agents.defaults.models) shuts out, whose provider has no key either:
 * `agent` and `chat` said only "not in the allowlist", and once it was added the next try failed
 * for the key. Both steps are said in one error, as the gateway's answer says them. No request is
 * made: the model is refused before any is sent.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A Moonshot key, and an allowlist holding only moonshot/kimi-k2.5; no key for kimi-code. */
function allowlistState(): Record<string, string> {
  const stateDir = tempDir();
  writeFileSync(
    path.join(stateDir, "openclaw.json"),
    `{
  env: { MOONSHOT_API_KEY: "sk-moonshot-test-0001" },
  agents: { defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2.5": {} } } },
}
`,
  );
  return { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
}

describe("a model outside the allowlist whose provider has no key", () => {
  it("agent says both, with both fixes, in text and in --json", async () => {
    const env = allowlistState();
    const text = await runCli(["agent", "--model", "kimi-code/kimi-for-coding", "-m", "hi"], {
      env,
    });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(
      "error: model kimi-code/kimi-for-coding is not in the allowlist (agents.defaults.models), and provider kimi-code has no API key",
    );
    expect(text.stderr).toContain(
      'add "kimi-code/kimi-for-coding": {} under agents.defaults.models',
    );
    expect(text.stderr).toContain("and give kimi-code a key:");
    expect(text.stderr).toContain("openclaw onboard --auth-choice kimi-code-api-key");

    const json = await runCli(
      ["agent", "--model", "kimi-code/kimi-for-coding", "-m", "hi", "--json"],
      { env },
    );
    expect(json.code).toBe(1);
    const error = (JSON.parse(json.stdout) as { error: { code: string; hint: string } }).error;
    expect(error.code).toBe("model.not_allowed");
    expect(error.hint).toContain("under agents.defaults.models");
    expect(error.hint).toContain("--auth-choice kimi-code-api-key");
  });

  it("chat says both before its prompt", async () => {
    const chat = await runCli(["chat", "--model", "kimi-code/kimi-for-coding"], {
      env: allowlistState(),
    });
    expect(chat.code).toBe(1);
    expect(chat.stderr).toContain("and provider kimi-code has no API key");
    expect(chat.stderr).toContain("--auth-choice kimi-code-api-key");
  });

  it("a model whose provider has its key is told the allowlist alone", async () => {
    const agent = await runCli(["agent", "--model", "moonshot/kimi-k2-thinking", "-m", "hi"], {
      env: allowlistState(),
    });
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain(
      "model moonshot/kimi-k2-thinking is not in the allowlist (agents.defaults.models)\n",
    );
    expect(agent.stderr).not.toContain("no API key");
  });
});
