/**
 * The page's snippets pasted verbatim (their `sk-...` placeholders, no key anywhere): `openclaw
 * agent` refuses for want of a key, and its hint names the onboarding of that provider, as
 * `models status` and doctor do, not a bare `openclaw onboard` that asks again which provider;
 * first, it says to replace the placeholder at the env block's line.
 * No request is sent (there is no key), so no simulator is needed.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { freshState } from "../onboard/harness.js";

const SEED = join(import.meta.dirname, "../fixtures/seed");

describe("agent without a usable key for the page's providers", () => {
  it.each([
    ["moonshot.json5", "moonshot-api-key"],
    ["kimi-code.json5", "kimi-code-api-key"],
  ])("%s: the hint names openclaw onboard --auth-choice %s", async (snippet, choice) => {
    const state = freshState();
    copyFileSync(join(SEED, snippet), state.configPath);
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^hint: replace the placeholder from the docs at env\.[A-Z_]+ \(\S+openclaw\.json:2\) with your real key; or set one of: .*; or run: openclaw onboard --auth-choice /m,
    );
    expect(result.stderr).toContain(`or run: openclaw onboard --auth-choice ${choice}\n`);
  });

  it.each([
    ["moonshot", "OPENCLAW_MOONSHOT_AI_BASE_URL", "moonshot-api-key", "\n"],
    [
      "moonshot-cn",
      "OPENCLAW_MOONSHOT_CN_BASE_URL",
      "moonshot-api-key-cn",
      ", which stores the key for provider moonshot on the China platform (127.0.0.1:9): then use moonshot/kimi-k2.5\n",
    ],
    ["kimi-code", "OPENCLAW_KIMI_CODE_BASE_URL", "kimi-code-api-key", "\n"],
  ])(
    "no config file, %s's endpoint redirected by %s: names --auth-choice %s",
    async (provider, variable, choice, after) => {
      // The simulator's printed exports, before any onboarding: the built-in provider keeps its
      // public address while the variable points onboarding at the simulator; the hint must still
      // name the choice for this provider's endpoint (moonshot-cn's writes provider moonshot, and
      // the hint says so, test/cli/moonshot-cn-key-advice.test.ts). No request is sent (no key).
      const state = freshState();
      const model = provider === "kimi-code" ? "kimi-for-coding" : "kimi-k2.5";
      const result = await state.run(["agent", "-m", "hi", "--model", `${provider}/${model}`], {
        [variable]: "http://127.0.0.1:9/v1",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`no API key found for provider "${provider}"`);
      expect(result.stderr).toContain(`or run: openclaw onboard --auth-choice ${choice}${after}`);
    },
  );

  it("keeps the bare command for a provider onboarding knows no choice for", async () => {
    const state = freshState();
    const config = {
      agents: { defaults: { model: { primary: "corp/kimi" } } },
      models: {
        providers: {
          corp: customProvider([{ id: "kimi", name: "Kimi via corp" }], {
            baseUrl: "https://llm.corp.example/v1",
            apiKey: "${CORP_API_KEY}",
          }),
        },
      },
    };
    writeFileSync(state.configPath, JSON.stringify(config));
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("; or run: openclaw onboard\n");
  });
});
