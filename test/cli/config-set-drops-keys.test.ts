/**
 * The second step after the spec page's Moonshot snippet: merging in the Kimi Code snippet with
 * `config set`, one section at a time, as pasted from the page. `config set env '{
 * KIMICODE_API_KEY: "…" }'` replaces the whole `env`, and the Moonshot key in it went without a
 * word but "the key it removes is not kept in openclaw.json.bak either": gone from the disk. And
 * `config set agents.defaults.models '{"kimi-code/kimi-for-coding": …}'` took the five Moonshot
 * aliases. Now a warning names what the value given leaves out, and the command that adds a key
 * beside the others; a key that went only so stays in the `.bak`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

const MOONSHOT_KEY = "sk-fake-moon-0001";
const KIMI_KEY = "sk-kimi-fake-0001";

function seedState(): StateDir {
  const state = freshState();
  const text = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  writeFileSync(state.configPath, text.replace('"sk-..."', `"${MOONSHOT_KEY}"`));
  return state;
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("config set of a whole object that leaves out keys the file has", () => {
  it("env: the Moonshot key left out is named, kept in the .bak, and setting one key alone is offered", async () => {
    const state = seedState();
    const result = await state.run(["config", "set", "env", `{ KIMICODE_API_KEY: "${KIMI_KEY}" }`]);
    expect(result.code).toBe(0);
    const said = unwrapped(result.stderr);
    expect(said).toContain(
      "warning: env was replaced whole by the value given, which leaves out env.MOONSHOT_API_KEY: it is no longer in openclaw.json (openclaw.json.bak still has the file as it was); to add a key beside the ones there, set it alone: openclaw config set env.KIMICODE_API_KEY <value>",
    );
    expect(result.stdout).not.toContain("not kept in");
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toContain(MOONSHOT_KEY);
    for (const key of [MOONSHOT_KEY, KIMI_KEY]) {
      expect(result.stdout).not.toContain(key);
      expect(result.stderr).not.toContain(key);
    }
  });

  it("the command offered keeps the others", async () => {
    const state = seedState();
    const result = await state.run(["config", "set", "env.KIMICODE_API_KEY", KIMI_KEY]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("replaced whole");
    expect(state.config().env).toEqual({
      MOONSHOT_API_KEY: MOONSHOT_KEY,
      KIMICODE_API_KEY: KIMI_KEY,
    });
  });

  it("agents.defaults.models: the aliases left out are named and counted", async () => {
    const state = seedState();
    const result = await state.run([
      "config",
      "set",
      "agents.defaults.models",
      '{ "kimi-code/kimi-for-coding": { alias: "Kimi Code" } }',
    ]);
    expect(result.code).toBe(0);
    expect(unwrapped(result.stderr)).toContain(
      `warning: agents.defaults.models was replaced whole by the value given, which leaves out agents.defaults.models["moonshot/kimi-k2.5"], agents.defaults.models["moonshot/kimi-k2-0905-preview"], agents.defaults.models["moonshot/kimi-k2-turbo-preview"], agents.defaults.models["moonshot/kimi-k2-thinking"] and 1 more: they are no longer in openclaw.json (openclaw.json.bak still has the file as it was); to add a key beside the ones there, set it alone: openclaw config set 'agents.defaults.models["kimi-code/kimi-for-coding"]' <value>`,
    );
    const backup = JSON5.parse(readFileSync(`${state.configPath}.bak`, "utf8")) as {
      agents: { defaults: { models: Record<string, unknown> } };
    };
    expect(Object.keys(backup.agents.defaults.models)).toHaveLength(5);
  });

  it("nothing is said when the value keeps every key (or replaces no object)", async () => {
    const state = seedState();
    const result = await state.run([
      "config",
      "set",
      "agents.defaults.model",
      '{ primary: "moonshot/kimi-k2.5", fallbacks: ["moonshot/kimi-k2-turbo-preview"] }',
      "--json",
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { warnings: string[] };
    expect(json.warnings.filter((warning) => warning.includes("replaced whole"))).toEqual([]);
  });
});
