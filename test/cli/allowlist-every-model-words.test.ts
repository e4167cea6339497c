/**
 * Onboarding that turns the allowlist on names a whole provider's models it shuts out in words
 * that agree with the verb after them: "all 5 moonshot-cn models could be used before and are
 * now refused", not "every moonshot-cn model (5) … are".
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardChoice } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  env: { MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" },
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`;

describe("onboarding's warning on the models an allowlist shuts out", () => {
  it("says all N of a provider's models, with a verb that agrees", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "openclaw.json"), CONFIG, { mode: 0o600 });
    const result = await runCli(onboardChoice("moonshot-api-key", "--skip-health"), {
      env: { OPENCLAW_STATE_DIR: dir, COLUMNS: "200" },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning: all \d+ moonshot-cn models could be used before and are now refused: /,
    );
    expect(result.stderr).not.toContain("every moonshot-cn model");
  });
});
