/**
 * A provider's id given where a model is wanted (`--model kimi-code`, `models set moonshot`): the
 * refusal says it is a provider and names its models' refs, the default model first, rather than
 * offering to make the provider's id an alias of its model or only listing "closest" refs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

/** Both providers onboarded, with two Moonshot models and the thinking one the default. */
const CONFIG = `{
  agents: { defaults: {
    model: { primary: "moonshot/kimi-k2-thinking" },
    models: {
      "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
      "moonshot/kimi-k2-thinking": { alias: "Kimi K2 Thinking" },
      "kimi-code/kimi-for-coding": { alias: "Kimi Code" },
    },
  } },
}
`;

function stateDir() {
  const dir = tempFiles({ "openclaw.json": CONFIG });
  return { dir, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } };
}

describe("a provider's id given as the model", () => {
  it("agent --model kimi-code says it is a provider and names kimi-code/kimi-for-coding", async () => {
    const { env } = stateDir();
    const run = await runCli(["agent", "-m", "hi", "--model", "kimi-code"], { env });
    expect(run.code).toBe(2);
    // Its models are named as such, not as the "closest" spellings of the name given.
    expect(run.stderr).toContain(
      'error: "kimi-code" is a provider, not a model or alias (its models: kimi-code/kimi-for-coding)',
    );
    expect(run.stderr).not.toContain("closest");
    expect(run.stderr).toContain('hint: name its model by its ref: "kimi-code/kimi-for-coding"');
    expect(run.stderr).not.toContain("aliases add");
  });

  it("agent --model moonshot names its configured models, the default first", async () => {
    const { env } = stateDir();
    const run = await runCli(["agent", "-m", "hi", "--model", "Moonshot", "--json"], { env });
    expect(run.code).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe("model.unknown");
    expect(error.message).toContain('"moonshot" is a provider, not a model or alias');
    expect(error.hint).toBe(
      'name one of its models by its ref: "moonshot/kimi-k2-thinking" or "moonshot/kimi-k2.5"',
    );
    expect(error.message).toContain("(its models: moonshot/kimi-k2-thinking, moonshot/kimi-k2.5)");
  });

  it("agent --model moonshot/, a ref left without its model, names the provider's models", async () => {
    const { env } = stateDir();
    const run = await runCli(["agent", "-m", "hi", "--model", "moonshot/"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.replace(/\s+/g, " ")).toContain(
      'error: "moonshot" is a provider, not a model or alias (its models: moonshot/kimi-k2-thinking, moonshot/kimi-k2.5)',
    );
    expect(run.stderr).not.toContain("is a new model of moonshot");
  });

  it("models set kimi-code says the same and writes nothing", async () => {
    const { dir, env } = stateDir();
    const run = await runCli(["models", "set", "kimi-code"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"kimi-code" is a provider, not a model or alias');
    expect(run.stderr).toContain('"kimi-code/kimi-for-coding"');
    expect(run.stderr).not.toContain("aliases add");
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
  });

  it("an alias spelled as a provider's id still names its model", async () => {
    const dir = tempFiles({
      "openclaw.json": CONFIG.replace('alias: "Kimi Code"', 'alias: "kimi-code"'),
    });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" };
    const run = await runCli(["models", "set", "kimi-code"], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("is a provider");
  });
});
