/**
 * A first run, with no config and no key anywhere: the advice for the missing default model is to
 * onboard, which stores a key and sets the default at once. It offered "(or: openclaw models set
 * moonshot/kimi-k2.5)" beside it, which with no key only moved the failure on ("models set" said
 * done, then `agent -m hi` said "no API key found for provider moonshot"). The built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const ONBOARD = "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)";

describe("no default model and no key anywhere", () => {
  it.each([
    [["agent", "-m", "hi"], 1],
    [["chat"], 1],
    [["models", "status", "--check"], 1],
    [["doctor"], 0],
  ])("openclaw %j says to onboard, without a models set that cannot help", async (args, code) => {
    const dir = tempDir();
    const result = await runCli(args, { env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir } });
    const text = `${result.stdout}${result.stderr}`.replace(/\s+/g, " ");
    expect(result.code).toBe(code);
    expect(text).toContain("no default model");
    expect(text).toContain(ONBOARD);
    expect(text).not.toContain("models set moonshot/kimi-k2.5");
  });
});

describe("models list on an empty state dir", () => {
  it("gives the same onboard command as every other first-run message", async () => {
    const dir = tempDir();
    const result = await runCli(["models", "list"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(`No models configured`);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(ONBOARD);
  });
});
