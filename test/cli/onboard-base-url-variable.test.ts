/**
 * A provider's baseUrl written with a variable (`"${SIM}/v1"`, set in the config's env block or
 * the shell) that already names the endpoint onboarding sets up is kept as written: the reference
 * is the user's choice, and onboarding again must not turn it into its value.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, ONBOARD_MOONSHOT, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

function withVariableBaseUrl(envBlock: string, extraEnv: Record<string, string> = {}): StateDir {
  const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl, ...extraEnv });
  writeFileSync(
    state.configPath,
    `{
  ${envBlock}
  models: {
    providers: {
      moonshot: {
        baseUrl: "\${SIM}/v1", // set by the environment
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`,
  );
  return state;
}

const simRoot = () => sim.moonshotBaseUrl.replace(/\/v1$/, "");

describe("onboard over a baseUrl written with a variable", () => {
  it("keeps ${VAR} from the config's env block when it names the endpoint", async () => {
    const state = withVariableBaseUrl(`env: { SIM: "${simRoot()}" },`);
    const onboard = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboard.code).toBe(0);
    expect(onboard.stdout).not.toContain("moonshot: baseUrl");
    expect(readFileSync(state.configPath, "utf8")).toContain(
      'baseUrl: "${SIM}/v1", // set by the environment',
    );
  });

  it("keeps ${VAR} from the shell's environment when it names the endpoint", async () => {
    const state = withVariableBaseUrl("", { SIM: simRoot() });
    const onboard = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboard.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toContain('baseUrl: "${SIM}/v1"');
  });

  it("still replaces one that names another endpoint, and says so", async () => {
    const state = withVariableBaseUrl('env: { SIM: "https://api.moonshot.cn" },');
    const onboard = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboard.code).toBe(0);
    expect(onboard.stdout).toContain(`  - moonshot: baseUrl \${SIM}/v1 → ${sim.moonshotBaseUrl}\n`);
    expect(readFileSync(state.configPath, "utf8")).toContain(`baseUrl: "${sim.moonshotBaseUrl}"`);
  });
});
