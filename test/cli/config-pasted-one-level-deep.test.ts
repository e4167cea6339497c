/**
 * The spec page's Kimi Code snippet, a whole config (env, agents, models), pasted as the value of
 * models.providers["kimi-code"]: its env and agents were refused as unknown keys of a provider with
 * "known keys here: baseUrl, apiKey, …", which reads as a name to change. They are now said to be
 * sections of the config's top level, the snippet pasted one level too deep. No simulator: the
 * config is refused before anything is sent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

it("a whole config pasted inside a provider is said to be one, at config validate", async () => {
  const state = freshState({ NO_COLOR: "1", COLUMNS: "400" });
  const kimi = readFileSync(join(import.meta.dirname, "../fixtures/seed/kimi-code.json5"), "utf8");
  const nested = kimi.trim().replace(/\n/g, "\n      ");
  writeFileSync(
    state.configPath,
    `{\n  models: {\n    providers: {\n      "kimi-code": ${nested}\n    }\n  }\n}\n`,
  );
  const result = await state.run(["config", "validate", "--json"]);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as {
    problems: Array<{ path: string; message: string; hint: string | null }>;
  };
  const env = report.problems.find((problem) => problem.path === "models.providers.kimi-code.env");
  expect(env?.message).toBe("is not a known key");
  expect(env?.hint).toBe(
    "env is a section of the config's top level, not a key of a provider: a whole config (env, agents, models) is pasted inside this provider; put its sections at the top of the file, merged with the ones there (its provider then goes under models.providers)",
  );
  const agents = report.problems.find(
    (problem) => problem.path === "models.providers.kimi-code.agents",
  );
  expect(agents?.hint).toContain("agents is a section of the config's top level");
});
