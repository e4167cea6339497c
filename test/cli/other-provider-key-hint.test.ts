/**
 * The page's Kimi Code snippet given a Moonshot key: the refusal says where the key belongs, then
 * what this provider needs, as two steps. (A Kimi Code key given to Moonshot is refused before it
 * is sent, by its sk-kimi- prefix.)
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecrets, freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function endpoints(): Record<string, string> {
  return {
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  };
}

describe("a key of the other provider, refused", () => {
  it("a Moonshot key for Kimi Code: use it for Moonshot; for kimi-code, the fix", async () => {
    const state = freshState(endpoints());
    writeFileSync(
      state.configPath,
      `{
  env: { KIMICODE_API_KEY: "${sim.keys.moonshot}" },
  agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
  models: { mode: "merge", providers: { "kimi-code": { baseUrl: "${sim.kimiCodeBaseUrl}", apiKey: "\${KIMICODE_API_KEY}", api: "openai-completions", models: [{ id: "kimi-for-coding", name: "Kimi For Coding", headers: { "User-Agent": "KimiCLI/0.77" } }] } } },
}
`,
    );
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "hint: this is a Moonshot platform key: give kimi-code a Kimi Code key (sk-kimi-…, from kimi.com), and use this one for Moonshot (openclaw onboard --auth-choice moonshot-api-key); for kimi-code, put the right key in the config's env.KIMICODE_API_KEY",
    );
    expectNoSecrets(result, sim.keys.moonshot);
  });
});
