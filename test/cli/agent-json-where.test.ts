/**
 * `agent --json`'s failure `where` is a place to fix, as the guide says ("the file and line or
 * the config key the error is about"), and as the human error's `at` line: for a key that is
 * missing, the line of the config's key source (the docs' `sk-...` placeholder in the `env`
 * block) or the provider's apiKey key; for an endpoint that cannot be reached, the line of its
 * baseUrl. It was the model ref, which the message names already. Runs the built CLI.
 */

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closedPort } from "../helpers/net.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function seeded(): StateDir {
  const state = freshState();
  copyFileSync(SEED, state.configPath);
  return state;
}

/** `file:line` of the first line of the config holding `text`. */
function lineOf(state: StateDir, text: string): string {
  const lines = readFileSync(state.configPath, "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(text));
  expect(index, text).toBeGreaterThanOrEqual(0);
  return `${state.configPath}:${index + 1}`;
}

interface AgentFailure {
  ok: boolean;
  error: { code: string; where: string | null };
}

describe("agent --json failure where", () => {
  it("names the env block's placeholder key line when no usable key is set", async () => {
    const state = seeded();
    const place = lineOf(state, 'MOONSHOT_API_KEY: "sk-..."');
    const json = await state.run(["agent", "-m", "hi", "--json"]);
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.code).toBe("provider.auth");
    expect(failure.error.where).toBe(place);
    const human = await state.run(["agent", "-m", "hi"]);
    expect(human.code).toBe(1);
    // The message names the line already, so no `at` line repeats it; nor one naming the ref.
    expect(human.stderr).toContain(place);
    expect(human.stderr).not.toContain("at moonshot/kimi-k2.5");
  });

  it("names the provider's apiKey key when the config writes no key source", async () => {
    const state = freshState();
    const port = await closedPort();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        models: {
          providers: {
            moonshot: {
              baseUrl: `http://127.0.0.1:${port}/v1`,
              api: "openai-completions",
              models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
            },
          },
        },
      }),
    );
    const json = await state.run(["agent", "-m", "hi", "--json"]);
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.code).toBe("provider.auth");
    expect(failure.error.where).toBe("models.providers.moonshot.apiKey");
  });

  it("names the baseUrl's line when the endpoint cannot be reached", async () => {
    const state = seeded();
    const port = await closedPort();
    const text = readFileSync(state.configPath, "utf8").replace(
      "https://api.moonshot.ai/v1",
      `http://127.0.0.1:${port}/v1`,
    );
    writeFileSync(state.configPath, text);
    const place = lineOf(state, `baseUrl: "http://127.0.0.1:${port}/v1"`);
    const env = { MOONSHOT_API_KEY: "sk-where-test-0123456789abcdef" };
    const json = await state.run(["agent", "-m", "hi", "--json"], env);
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.code).toBe("provider.network");
    expect(failure.error.where).toBe(place);
    const human = await state.run(["agent", "-m", "hi"], env);
    expect(human.stderr).toContain(`at ${place}`);
  });
});
