/**
 * A provider that cannot be reached: the hint is a lower-case sentence like every other hint the
 * CLI prints, and names the baseUrl to check.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { closedPort, freshState, MOONSHOT_KEY } from "../onboard/harness.js";

describe("a provider nobody listens for", () => {
  it("agent's hint is a lower-case sentence naming the baseUrl", async () => {
    const port = await closedPort();
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(
      state.configPath,
      `{\n  models: {\n    providers: {\n      moonshot: { baseUrl: "http://127.0.0.1:${port}/v1" },\n    },\n  },\n  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },\n}\n`,
    );
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `hint: could not talk to 127.0.0.1:${port}: check the network, any proxy, and models.providers.moonshot.baseUrl`,
    );
  });
});
