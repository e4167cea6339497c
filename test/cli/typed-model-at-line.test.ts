/**
 * A model typed on the command line that names nothing gets no `at` line repeating what was
 * typed: `models set moonshot/kimi-k25` printed `at moonshot/kimi-k25` and `models fallbacks add
 * kimi-code/kimi-for-codin` did not (its closest match happened to contain the typo). A model the
 * config names keeps its `at` line, which says where in the config to fix it. Runs the built CLI.
 */

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function seeded(): StateDir {
  const state = freshState();
  copyFileSync(SEED, state.configPath);
  return state;
}

describe("the at line of a model that names nothing", () => {
  it("is not printed for a ref typed on the command line", async () => {
    const state = seeded();
    const set = await state.run(["models", "set", "moonshot/kimi-k25"]);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('error: unknown model "kimi-k25" for provider "moonshot"');
    expect(set.stderr).not.toMatch(/^ {2}at /m);
    const add = await state.run(["models", "fallbacks", "add", "kimi-code/kimi-for-codin"]);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('error: unknown model "kimi-for-codin" for provider "kimi-code"');
    expect(add.stderr).not.toMatch(/^ {2}at /m);
    const json = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k25", "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: "model.unknown", where: null });
  });

  it("names the config's place for a ref the config gives", async () => {
    const state = seeded();
    const text = readFileSync(state.configPath, "utf8").replace(
      'primary: "moonshot/kimi-k2.5" }',
      'primary: "moonshot/kimi-k25" }',
    );
    writeFileSync(state.configPath, text);
    const line = text.split("\n").findIndex((row) => row.includes("moonshot/kimi-k25")) + 1;
    const agent = await state.run(["agent", "-m", "hi"]);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain(
      `  at agents.defaults.model.primary (${state.configPath}:${line})\n`,
    );
  });
});
