/**
 * The Moonshot page's snippet pasted as it is: `env: { MOONSHOT_API_KEY: "sk-..." }` and the
 * provider's `apiKey: "${MOONSHOT_API_KEY}"`. The apiKey line is no placeholder: it reads the
 * variable that holds one. `agent` and `models status` said "config
 * models.providers.moonshot.apiKey is a placeholder from the docs" at that line, which sent a
 * person to replace `${MOONSHOT_API_KEY}` there; now they say which variable it reads and that
 * the variable holds the placeholder. Nothing is sent: no simulator.
 */
import { writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const SNIPPET = `{
  env: { MOONSHOT_API_KEY: "sk-..." },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5", reasoning: false, input: ["text"] }]
      }
    }
  }
}
`;

it("says the apiKey reads a variable holding the placeholder, not that it is one", async () => {
  const state = freshState();
  writeFileSync(state.configPath, SNIPPET);
  const agent = await state.run(["agent", "-m", "hi"]);
  expect(agent.code).not.toBe(0);
  const said = agent.stderr.replace(/\s+/g, " ");
  expect(said).toContain(
    `env MOONSHOT_API_KEY is a placeholder from the docs, not a real key (${state.configPath}:2); config models.providers.moonshot.apiKey is "\${MOONSHOT_API_KEY}", which holds a placeholder from the docs, not a real key (${state.configPath}:9)`,
  );
  expect(said).toContain(
    `hint: replace the placeholder from the docs at env.MOONSHOT_API_KEY (${state.configPath}:2)`,
  );
  const status = await state.run(["models", "status"]);
  expect(status.stdout.replace(/\s+/g, " ")).toContain(
    '· config models.providers.moonshot.apiKey: is "${MOONSHOT_API_KEY}", which holds a placeholder from the docs, not a real key',
  );
});
