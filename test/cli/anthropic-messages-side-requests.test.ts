/**
 * A provider set to `api: "anthropic-messages"` with Kimi Code's Anthropic base URL
 * (`…/coding`, no `/v1`): its side requests go where Kimi Code serves them, under `/coding/v1`,
 * as its chat requests do (`/coding/v1/messages`). The built CLI against the simulator, which
 * answers nothing at `/coding/models` (the real host's 404).
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freshState, KIMI_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai", record: true });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.reset();
});

const CONFIG = `{
  models: {
    providers: {
      "kimi-code": {
        baseUrl: "\${SIM_CODING}",
        api: "anthropic-messages",
        headers: { "User-Agent": "KimiCLI/0.77" },
        models: [{ id: "kimi-gone", name: "An id the endpoint does not know" }],
      },
    },
  },
  agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
}
`;

function codingState() {
  const state = freshState({
    SIM_CODING: sim.kimiCodeBaseUrl.replace(/\/v1$/, ""),
    KIMI_API_KEY: KIMI_KEY,
  });
  writeFileSync(state.configPath, CONFIG);
  return state;
}

const paths = () => sim.requests.map((request) => `${request.method} ${request.path}`);

describe("side requests of an anthropic-messages provider at Kimi Code's /coding", () => {
  it("models scan --provider reads the list at /coding/v1/models", async () => {
    const scan = await codingState().run(["models", "scan", "--provider", "kimi-code"]);
    expect(scan.stderr).toBe("");
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain("1 model reported, 1 already known");
    expect(paths()).toContain("GET /coding/v1/models");
    expect(paths()).not.toContain("GET /coding/models");
  });

  it("models status --probe checks the key at /coding/v1/models and reads the quota at /coding/v1/usages", async () => {
    const status = await codingState().run(["models", "status", "--probe", "--json"]);
    expect(status.code).toBe(0);
    const probe = (
      JSON.parse(status.stdout) as {
        probes: { provider: string; result: { status: string }; credit?: unknown }[];
      }
    ).probes.find((entry) => entry.provider === "kimi-code");
    expect(probe?.result.status).toBe("valid");
    expect(probe?.credit).toBeDefined();
    expect(paths()).toContain("GET /coding/v1/models");
    expect(paths()).toContain("GET /coding/v1/usages");
    expect(paths().filter((path) => !path.includes("/coding/v1/"))).toEqual([]);
  });

  it("a model the provider does not know is told with its list at /coding/v1/models", async () => {
    const run = await codingState().run(["agent", "-m", "hi", "--model", "kimi-code/kimi-gone"]);
    expect(run.code).not.toBe(0);
    const said = run.stderr.replace(/\s+/g, " ");
    expect(said).toContain('model "kimi-gone" is unknown to kimi-code');
    expect(said).toContain(`(the provider's list: GET ${sim.kimiCodeBaseUrl}/models)`);
  });
});
