/**
 * A credential store that cannot be read is an error saying why and what to do; only a store
 * that does not exist yet is empty. It used to be taken as empty when a part of its path was a
 * file (ENOTDIR), so the keys stored there were just "missing".
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawError, readAuthStore } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { thrownBy } from "../helpers/thrown.js";
import { tempDir } from "../helpers/tmp.js";

const SEED_CONFIG = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

describe("readAuthStore on a path it cannot read", () => {
  it("a missing store is empty", () => {
    expect(readAuthStore(join(tempDir(), "agent"))).toEqual({ version: 1, profiles: {} });
  });

  it("a file in the path is named, with what to do", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a-file"), "x");
    const error = thrownBy(() => readAuthStore(join(dir, "a-file", "agent")));
    expect(error).toBeInstanceOf(OpenClawError);
    expect(error).toMatchObject({
      code: "auth.store_unreadable",
      message: `could not read the credential store ${join(dir, "a-file", "agent", "auth-profiles.json")}: ${join(dir, "a-file")} is a file, not a directory`,
      hint: `move or remove the file ${join(dir, "a-file")} (a directory is needed there), or use another state directory (OPENCLAW_STATE_DIR)`,
    });
  });

  it("a directory where the store file should be says so", () => {
    const agent = tempDir();
    mkdirSync(join(agent, "auth-profiles.json"));
    expect(thrownBy(() => readAuthStore(agent))).toMatchObject({
      code: "auth.store_unreadable",
      message: `could not read the credential store ${join(agent, "auth-profiles.json")}: it is a directory`,
    });
  });
});

describe("CLI commands reading a store under a file", () => {
  function stateWithAgentsFile(): Record<string, string> {
    const dir = tempDir();
    copyFileSync(SEED_CONFIG, join(dir, "openclaw.json"));
    writeFileSync(join(dir, "agents"), "not a directory");
    return { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "sk-test1234567890abcdefgh" };
  }

  for (const args of [
    ["models", "status"],
    ["models", "list"],
    ["gateway", "--port", "41802"],
  ]) {
    it(`${args.join(" ")} says which file is in the way, exit 1, no stack`, async () => {
      const env = stateWithAgentsFile();
      const agents = join(env.OPENCLAW_STATE_DIR ?? "", "agents");
      const result = await runCli(args, { env, timeoutMs: 20_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error: could not read the credential store ${agents}/main/agent/auth-profiles.json: ${agents} is a file, not a directory\n`,
      );
      expect(result.stderr).toContain(`hint: move or remove the file ${agents}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("onboard names the file in the way of the store it would write", async () => {
    const env = stateWithAgentsFile();
    const agents = join(env.OPENCLAW_STATE_DIR ?? "", "agents");
    const result = await runCli(onboardWithKey("moonshot-api-key", "sk-test1234567890abcdefgh"), {
      env,
    });
    expect(result.code).toBe(1);
    // It said "a part of …/agents/main/agent is a file", leaving the person to find which.
    expect(result.stderr).toContain(
      `error: cannot write ${agents}/main/agent/auth-profiles.json: ${agents} is a file, not a directory\n`,
    );
    // The hint said only "point OPENCLAW_STATE_DIR at a writable directory": moving the file comes first.
    expect(result.stderr).toContain(
      `hint: move or remove the file ${agents} (a directory is needed there), or point OPENCLAW_STATE_DIR at another directory; nothing was written\n`,
    );
  });

  it("doctor reports the store as a failed check", async () => {
    const env = stateWithAgentsFile();
    const result = await runCli(["doctor"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ store {4}could not read the credential store .* is a file/);
  });

  for (const args of [["agent", "--message", "hi"], ["chat"]]) {
    it(`${args[0]} says which file is in the way (of its store or session), not "a bug in openclaw"`, async () => {
      const env = stateWithAgentsFile();
      const agents = join(env.OPENCLAW_STATE_DIR ?? "", "agents");
      const result = await runCli(args, { env, input: "hi\n" });
      expect(result.code).toBe(1);
      // chat looks at the keys before its session (the store then), agent at its session first.
      expect(result.stderr).toMatch(
        new RegExp(
          `error: could not (write \\S+\\.jsonl|read the credential store \\S+): ${agents} is a file, not a directory\\n`,
        ),
      );
      expect(result.stderr).not.toContain("bug in openclaw");
    });
  }
});
