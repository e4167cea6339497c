/**
 * The options a developer first tries on openRuntime that belong elsewhere: `apiKey`, `model`,
 * `baseUrl`. The error still names the option (code `usage`, `where` it), and its hint now says
 * where it goes; before, `leave it out` and the list of options, which said nothing of where the
 * key or the model is given. Done as the key's hint says, the run has its key.
 */
import { describe, expect, it } from "vitest";
import { isOpenClawError, type OpenRuntimeOptions, openRuntime } from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

function refusal(options: Record<string, unknown>) {
  try {
    openRuntime(options as OpenRuntimeOptions);
  } catch (error) {
    if (isOpenClawError(error)) return error;
    throw error;
  }
  throw new Error("openRuntime took the option");
}

describe("openRuntime given an option that belongs elsewhere", () => {
  it("apiKey: says to pass the key in env, with a state dir of the program's own", async () => {
    const error = refusal({ apiKey: "sk-fake-abc-01" });
    expect(error.code).toBe("usage");
    expect(error.where).toBe("apiKey");
    expect(error.message).toBe('openRuntime has no option "apiKey"');
    expect(error.hint).toContain(
      'pass env: { OPENCLAW_STATE_DIR: "<a dir of your program\'s>", MOONSHOT_API_KEY: key }',
    );
    expect(JSON.stringify(error)).not.toContain("sk-fake-abc-01");
    // Done as it says, the run has its key.
    const { runtime } = openRuntime({
      env: { OPENCLAW_STATE_DIR: tempDir("g-misplaced-"), MOONSHOT_API_KEY: sim.keys.moonshot },
      config: { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } },
    });
    await expect(
      runtime.complete({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "Hi" }] },
      }),
    ).resolves.toMatchObject({ model: "moonshot/kimi-k2.5" });
  });

  it("model and baseUrl: say the model is a run's option and the base URL the config's", () => {
    expect(refusal({ model: "moonshot/kimi-k2.5" }).hint).toMatch(
      /^the model is an option of each run: runtime\.complete\(\{ model: "moonshot\/kimi-k2\.5", request \}\)/,
    );
    expect(refusal({ baseUrl: "http://127.0.0.1:8000/v1" }).hint).toMatch(
      /^a provider's base URL is set in the config: config: \{ models: \{ providers: \{ moonshot: \{ baseUrl:/,
    );
  });
});
