/**
 * A model id put under the other provider (`kimi-code/kimi-k2.5`, `moonshot/kimi-for-coding`):
 * the id exists, but under moonshot (or kimi-code), which no spelling match finds. The refusal
 * names the ref that works, in the message's closest refs and the hint, rather than only telling
 * the person to add the model to the wrong provider or scan it for a model it does not serve.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

/** What onboarding both providers writes, keys aside: each provider's model and alias listed. */
const CONFIG = `{
  agents: { defaults: {
    model: { primary: "kimi-code/kimi-for-coding" },
    models: {
      "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
      "kimi-code/kimi-for-coding": { alias: "Kimi Code" },
    },
  } },
}
`;

function stateDir() {
  const dir = tempFiles({ "openclaw.json": CONFIG });
  return { dir, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } };
}

describe("a model ref that puts a model under the other provider", () => {
  it("agent --model kimi-code/kimi-k2.5 names moonshot/kimi-k2.5", async () => {
    const { env } = stateDir();
    const run = await runCli(["agent", "-m", "hi", "--model", "kimi-code/kimi-k2.5"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: unknown model "kimi-k2.5" for provider "kimi-code" (closest: moonshot/kimi-k2.5)',
    );
    expect(run.stderr).toContain(
      'hint: "kimi-k2.5" is a model of moonshot, not of kimi-code (each provider has its own endpoint and key): use "moonshot/kimi-k2.5".',
    );
  });

  it("agent --json --model moonshot/kimi-for-coding names kimi-code/kimi-for-coding", async () => {
    const { env } = stateDir();
    const run = await runCli(
      ["agent", "-m", "hi", "--model", "moonshot/kimi-for-coding", "--json"],
      { env },
    );
    expect(run.code).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe("model.unknown");
    expect(error.message).toContain("(closest: kimi-code/kimi-for-coding)");
    expect(error.hint).toContain(
      '"kimi-for-coding" is a model of kimi-code, not of moonshot (each provider has its own endpoint and key): use "kimi-code/kimi-for-coding".',
    );
  });

  it("models set kimi-code/kimi-k2.5 says the same and writes nothing", async () => {
    const { dir, env } = stateDir();
    const run = await runCli(["models", "set", "kimi-code/kimi-k2.5"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('use "moonshot/kimi-k2.5"');
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
  });

  it("a ref a provider really lacks keeps the spelling suggestions", async () => {
    const { env } = stateDir();
    const run = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2-5"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hint: did you mean "moonshot/kimi-k2.5"?');
    expect(run.stderr).not.toContain("is a model of");
  });
});
