/**
 * A state dir for tests of the CLI whose config (JSON5, the layout fixed) puts moonshot at a base
 * URL of the test's, on line 4 of openclaw.json; moonshot/kimi-k2.5 is the default model and
 * MOONSHOT_API_KEY is in the environment its commands run with.
 */
import { writeFileSync } from "node:fs";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";

export function moonshotStateAt(baseUrl: string): StateDir {
  const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
  writeFileSync(
    state.configPath,
    [
      "{",
      "  models: {",
      "    providers: {",
      `      moonshot: { baseUrl: "${baseUrl}" },`,
      "    },",
      "  },",
      '  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },',
      "}",
      "",
    ].join("\n"),
  );
  return state;
}
