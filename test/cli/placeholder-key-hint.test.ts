/**
 * A provider whose only key sources hold the docs' placeholder (`sk-...`): the error said so, but
 * the hint only listed the places to set ("set one of: …, $MOONSHOT_API_KEY"), not that the value
 * at openclaw.json:<line> is to be replaced. The hint now names it first, by dotted path and
 * file:line, and never echoes the value.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

function stateWith(lines: string[]) {
  const state = freshState();
  writeFileSync(
    state.configPath,
    [
      ...lines,
      '  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },',
      "}",
      "",
    ].join("\n"),
  );
  return state;
}

describe("a key that is only the docs' placeholder", () => {
  it("in the env block: the hint says to replace env.MOONSHOT_API_KEY at its line", async () => {
    const state = stateWith(["{", '  env: { MOONSHOT_API_KEY: "sk-..." },']);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `hint: replace the placeholder from the docs at env.MOONSHOT_API_KEY (${state.configPath}:2) with your real key; or set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or run: openclaw onboard --auth-choice moonshot-api-key`,
    );
    expect(said).not.toContain("sk-...");
  });

  it("as the provider's apiKey: the hint names that key at its line, not as a place to set again", async () => {
    const state = stateWith([
      "{",
      "  models: {",
      "    providers: {",
      '      moonshot: { apiKey: "YOUR_API_KEY" },',
      "    },",
      "  },",
    ]);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `hint: replace the placeholder from the docs at models.providers.moonshot.apiKey (${state.configPath}:4) with your real key; or set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or run:`,
    );
    expect(said).not.toContain("YOUR_API_KEY");
  });

  it("an apiKey ${MOONSHOT_API_KEY} whose env block holds the placeholder: the block's line", async () => {
    const state = stateWith([
      "{",
      '  env: { MOONSHOT_API_KEY: "sk-..." },',
      "  models: {",
      "    providers: {",
      '      moonshot: { apiKey: "${MOONSHOT_API_KEY}" },',
      "    },",
      "  },",
    ]);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `hint: replace the placeholder from the docs at env.MOONSHOT_API_KEY (${state.configPath}:2) with your real key; or set one of:`,
    );
  });

  it("a real-looking key elsewhere is no placeholder: the hint is as before", async () => {
    const state = stateWith([
      "{",
      "  models: {",
      "    providers: {",
      '      moonshot: { apiKey: "${MOONSHOT_RELAY_KEY}" },',
      "    },",
      "  },",
    ]);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).not.toContain("placeholder");
  });
});
