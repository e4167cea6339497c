/**
 * `openclaw models status` without a default model says what to do under its warning, as
 * `--check`, agent and doctor do: on a first run it ended on "warning: no default model is set
 * (agents.defaults.model.primary)" with no next step. The built CLI, piped and at 80 columns.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("models status with no default model", () => {
  it("on a first run, says to onboard under the warning", async () => {
    const dir = tempDir();
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "80" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "warning: no default model is set (agents.defaults.model.primary)\n  hint: run: openclaw onboard",
    );
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "hint: run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)",
    );
    expect(result.stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });

  it("with a key for one provider, names its model to set", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "openclaw.json"),
      JSON.stringify({
        models: { providers: { "kimi-code": { baseUrl: "http://127.0.0.1:9/v1" } } },
      }),
    );
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, KIMICODE_API_KEY: "sk-kimi-test-0001" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "hint: run: openclaw models set kimi-code/kimi-for-coding",
    );
  });

  it("says a keyless default's advice once, where the provider's missing key is shown", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "openclaw.json"),
      JSON.stringify({ agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } }),
    );
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "200" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("warning: no usable key for moonshot");
    expect(result.stdout.match(/run: openclaw onboard/g)).toHaveLength(1);
  });
});
