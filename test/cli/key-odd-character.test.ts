/**
 * A key with a character no key has: a key shown shortened (`sk-…0001`, as openclaw and the
 * consoles show keys) copied in its place, or an invisible zero-width space that came along
 * from a chat or a web page. Such a key was sent as it was and got a 401, whose hint said to
 * check that the key was copied whole: nothing on the screen showed what was wrong. Now
 * onboarding refuses it (exit 2, nothing written) and a run says what it is, where it is written.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labState } from "../helpers/custom-provider.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
let keyless: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
  keyless = await startSimulator({ region: "ai", keyless: true });
});
afterAll(async () => {
  await sim?.close();
  await keyless?.close();
});

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a key with a character no key has", () => {
  it("a zero-width space: onboard names it and its place, exit 2, nothing sent or written", async () => {
    const state = freshState();
    const sent = sim.requests.length;
    const result = await state.run(
      onboardWithKey("moonshot-api-key", `${sim.keys.moonshot}\u200b`),
      { OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the key from --moonshot-api-key for moonshot has a character no key has: U+200B, at character ${sim.keys.moonshot.length + 1}\nhint: copy the key again without it: an invisible character often comes along from a chat or a web page\n`,
    );
    expect(sim.requests).toHaveLength(sent);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("a key shown shortened in $MOONSHOT_API_KEY: onboard --json says so, with its own code", async () => {
    const state = freshState();
    const result = await state.run(onboardChoice("moonshot-api-key", "--skip-health", "--json"), {
      MOONSHOT_API_KEY: "sk-…0001",
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "auth.key_character",
        message:
          'the key from $MOONSHOT_API_KEY for moonshot has "…" in it: that is a key shown shortened, not the key itself',
      },
    });
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("a key shown shortened in the config: the run names its line and sends nothing; fixed, it answers", async () => {
    const state = freshState();
    const config = (key: string) =>
      `{\n  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },\n  models: { providers: { moonshot: {\n    baseUrl: "${sim.moonshotBaseUrl}",\n    apiKey: "${key}",\n  } } },\n}\n`;
    writeFileSync(state.configPath, config("sk-…0001"));
    const sent = sim.requests.length;
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `config models.providers.moonshot.apiKey: has "…" in it: that is a key shown shortened, not the key itself (${state.configPath}:5)`,
    );
    expect(unwrapped(run.stderr)).toContain(
      `hint: copy the whole key again into models.providers.moonshot.apiKey (${state.configPath}:5), as the provider's console shows it; `,
    );
    expect(sim.requests).toHaveLength(sent);

    writeFileSync(state.configPath, config(sim.keys.moonshot));
    const fixed = await state.run(["agent", "-m", "hi"]);
    expect(fixed.code).toBe(0);
  });

  it("another provider's key may be any word, in any script: it is sent, not refused", async () => {
    const state = labState(keyless.moonshotBaseUrl, "无", { id: "kimi-k2.5", name: "Kimi K2.5" });
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.stderr).not.toContain("no key has");
    // The simulator takes no key or its own: it answers this one with a 401, as it was sent.
    expect(keyless.chatRequests()).toHaveLength(1);
  });
});
