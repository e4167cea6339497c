/**
 * A key onboarding refuses (the docs' placeholder) is named where it really is: the shell's
 * variable, or the config's env block at its file and line, with the flag that gives another key.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onboardChoice } from "../helpers/onboard-args.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState } from "../onboard/harness.js";

const sims = regionSimulators();
const SPEC_CONFIG = readFileSync(
  join(import.meta.dirname, "../fixtures/seed/moonshot.json5"),
  "utf8",
);

function state(config: string) {
  const dir = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl });
  writeFileSync(dir.configPath, config);
  return dir;
}

describe("onboarding over a placeholder key", () => {
  it("names env.MOONSHOT_API_KEY at its file and line when the spec's env block holds it", async () => {
    const dir = state(SPEC_CONFIG);
    const line = SPEC_CONFIG.split("\n").findIndex((text) => text.includes("MOONSHOT_API_KEY")) + 1;
    const before = dir.snapshot();
    const text = await dir.run(onboardChoice("moonshot-api-key"));
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(
      `error: the key in env.MOONSHOT_API_KEY (the config's env block, ${dir.configPath}:${line}) for moonshot is a placeholder`,
    );
    expect(text.stderr).toContain(
      `hint: replace it with your own key: change env.MOONSHOT_API_KEY at ${dir.configPath}:${line}, or pass --moonshot-api-key <key>`,
    );
    expect(text.stderr).not.toContain("$MOONSHOT_API_KEY");

    const json = await dir.run(onboardChoice("moonshot-api-key", "--json"));
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "auth.key_placeholder", where: `${dir.configPath}:${line}` },
    });
    expect(dir.snapshot()).toEqual(before);
  });

  it("names env.vars.<NAME> when that is the value used", async () => {
    const dir = state('{\n  env: {\n    vars: { KIMICODE_API_KEY: "sk-..." },\n  },\n}\n');
    const result = await dir.run(onboardChoice("kimi-code-api-key", "--json"));
    expect(result.code).toBe(2);
    const error = (JSON.parse(result.stdout) as { error: Record<string, string> }).error;
    expect(error.message).toContain("the key in env.vars.KIMICODE_API_KEY (the config's env block");
    expect(error.where).toBe(`${dir.configPath}:3`);
    expect(error.hint).toContain("or pass --kimi-code-api-key <key>");
  });

  it("names the shell's variable when the shell sets it", async () => {
    const dir = state(SPEC_CONFIG);
    const result = await dir.run(onboardChoice("moonshot-api-key"), { MOONSHOT_API_KEY: "sk-..." });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: the key from $MOONSHOT_API_KEY for moonshot");
    expect(result.stderr).toContain(
      "hint: replace it with your own key: export MOONSHOT_API_KEY=<your key>, or pass --moonshot-api-key <key>",
    );
  });
});
