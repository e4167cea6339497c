/**
 * An API key passed where the model goes (`model: process.env.MOONSHOT_API_KEY`, `--model sk-…`,
 * two arguments swapped): the error says it looks like a key, not a model, and where each goes,
 * with the key masked. Before, `unknown model or alias "sk-kimi-***"` with the hint to list the
 * models, as if the name were a misspelt model.
 */
import { describe, expect, it } from "vitest";
import { isOpenClawError, loadCatalog, openRuntime, resolveModel } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const PASTED = "sk-kimi-fakeG0123";

describe("a key given as the model", () => {
  it("is told as a key, not a model, by resolveModel and a run, the key masked", async () => {
    const dir = tempDir("g-key-model-");
    const catalog = loadCatalog({ env: { OPENCLAW_STATE_DIR: dir } });
    let thrown: unknown;
    try {
      resolveModel(catalog, PASTED);
    } catch (error) {
      thrown = error;
    }
    if (!isOpenClawError(thrown)) throw new Error("resolveModel did not refuse the key");
    expect(thrown.code).toBe("model.unknown");
    expect(thrown.hint).toContain('"sk-kimi-***" looks like an API key, not a model');
    expect(thrown.hint).toContain('such as "moonshot/kimi-k2.5"');

    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: dir } });
    const run = runtime.complete({
      model: PASTED,
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    await expect(run).rejects.toMatchObject({
      code: "model.unknown",
      hint: expect.stringContaining("looks like an API key, not a model"),
    });
    const json = JSON.stringify(await run.catch((error: unknown) => error));
    expect(json).not.toContain("fakeG0123");
  });

  it("is told the same by openclaw agent --model", async () => {
    const dir = tempDir("g-key-model-cli-");
    const agent = await runCli(["agent", "-m", "Hi", "--model", PASTED], {
      env: { OPENCLAW_STATE_DIR: dir, HOME: dir },
    });
    expect(agent.code).not.toBe(0);
    expect(agent.stderr).toContain('"sk-kimi-***" looks like an API key, not a model');
    expect(agent.stderr).not.toContain("fakeG0123");
  });
});
