/**
 * The provider's 404 for a model openclaw's built-in list marks retired (the spec page's config
 * still names the K2 previews and kimi-k2-thinking*): the hint names the replacement, with the
 * command that fits where the model came from, as `models list` and doctor do. An id the list
 * does not mark keeps the `models scan` advice. Against the simulator, which 404s retired ids.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** The spec page's config, pointed at the simulator, with `edit` applied to its text. */
function seedState(edit: (text: string) => string = (text) => text): StateDir {
  const state = freshState();
  const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  writeFileSync(
    state.configPath,
    edit(
      seed
        .replace('"sk-..."', JSON.stringify(MOONSHOT_KEY))
        .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl),
    ),
  );
  return state;
}

const RETIRED_WORDS =
  "moonshot retired kimi-k2-0905-preview in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — ";

describe("agent on a model moonshot retired", () => {
  it("--model with the ref: the hint names the replacement to ask for", async () => {
    const state = seedState();
    const result = await state.run([
      "agent",
      "-m",
      "hi",
      "--model",
      "moonshot/kimi-k2-0905-preview",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `${RETIRED_WORDS}ask for moonshot/kimi-k2.5 in its place (--model moonshot/kimi-k2.5; a gateway client sends it as "model")`,
    );
    expect(result.stderr).not.toContain("retired from time to time");
  });

  it("--model with the alias: the hint gives the alias to the replacement", async () => {
    const state = seedState();
    const result = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `${RETIRED_WORDS}the alias "Kimi K2" names it; give the alias to moonshot/kimi-k2.5: openclaw models aliases remove "Kimi K2", then: openclaw models aliases add "Kimi K2" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one)`,
    );
  });

  it("the default model: the hint says models set", async () => {
    const state = seedState((text) =>
      text.replace('primary: "moonshot/kimi-k2.5"', 'primary: "moonshot/kimi-k2-0905-preview"'),
    );
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${RETIRED_WORDS}openclaw models set moonshot/kimi-k2.5`);
  });

  it("a fallback: the hint swaps it in the chain", async () => {
    const state = seedState((text) =>
      text.replace(
        'primary: "moonshot/kimi-k2.5"',
        'primary: "moonshot/kimi-k2-turbo-preview", fallbacks: ["moonshot/kimi-k2-0905-preview"]',
      ),
    );
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `${RETIRED_WORDS}openclaw models fallbacks remove moonshot/kimi-k2-0905-preview, then: openclaw models fallbacks add moonshot/kimi-k2.5`,
    );
  });

  it("an id openclaw's list does not mark keeps the models scan advice", async () => {
    const state = seedState((text) => text.replaceAll("kimi-k2-0905-preview", "kimi-k9-preview"));
    const result = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k9-preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("model ids are retired from time to time");
    expect(result.stderr).toContain("openclaw models scan --provider moonshot");
    expect(result.stderr).not.toContain("per openclaw's list");
  });
});
