/**
 * A `#fragment` in a provider's base URL never reaches the provider (`#api-version=…` written
 * where `?api-version=…` was meant): `config validate` and onboarding's --custom-base-url say so
 * at once, naming where, instead of requests that silently go without it. Runs the built CLI.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { freshState } from "../onboard/harness.js";

const CONFIG = `{
  models: {
    providers: {
      proxy: {
        baseUrl: "https://proxy.example/v1#api-version=2024-10-21",
        api: "openai-completions",
        models: [{ id: "m1", name: "m1" }],
      },
    },
  },
}
`;

describe("a provider base URL with a #fragment", () => {
  it("is a config error naming file:line and the dotted path, in text and --json", async () => {
    const state = freshState();
    writeFileSync(state.configPath, CONFIG);
    const text = await state.run(["config", "validate"]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(
      `models.providers.proxy.baseUrl: a #fragment in the URL is never sent to the provider (${state.configPath}:5)`,
    );
    expect(text.stderr).toContain("goes in the query (?name=value)");
    const json = await state.run(["config", "validate", "--json"]);
    expect(json.code).toBe(1);
    const problems = (JSON.parse(json.stdout) as { problems: Array<Record<string, unknown>> })
      .problems;
    expect(problems).toEqual([
      expect.objectContaining({ path: "models.providers.proxy.baseUrl", line: 5 }),
    ]);
  });

  it("is refused by onboarding's --custom-base-url as a usage error, nothing written", async () => {
    const state = freshState();
    const result = await state.run(
      onboardCustom(
        "http://127.0.0.1:9/v1#api-version=1",
        "m1",
        "--custom-api-key",
        "sk-fragmenttest000000000001",
      ),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--custom-base-url: a #fragment in the URL is never sent to the provider",
    );
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });
});
