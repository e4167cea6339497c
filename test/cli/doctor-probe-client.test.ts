/**
 * `doctor --probe` when Kimi Code refuses the client: the hint names the User-Agent the model
 * sends and where one that wins goes (the model's own headers), as a refused request's does; it
 * used to say to set the provider's headers, which the model's own header overrides.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe("doctor --probe, a client Kimi Code refuses", () => {
  it("names the refused User-Agent and the model entry to change", async () => {
    const dir = tempDir();
    const config = {
      agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
      models: {
        providers: {
          "kimi-code": {
            baseUrl: sim.kimiCodeBaseUrl,
            apiKey: sim.keys.kimiCode,
            api: "openai-completions",
            models: [{ id: "kimi-for-coding", name: "K", headers: { "User-Agent": "curl/8" } }],
          },
        },
      },
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config), { mode: 0o600 });
    const result = await runCli(["doctor", "--probe", "--json"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(result.code).toBe(1);
    const probe = (
      JSON.parse(result.stdout) as { findings: { check: string; level: string; hint?: string }[] }
    ).findings.find((finding) => finding.check === "probe");
    expect(probe?.level).toBe("fail");
    expect(probe?.hint).toContain(
      `this request to kimi-for-coding sent "User-Agent: curl/8", which is not a coding agent's`,
    );
    expect(probe?.hint).toContain(
      "openclaw config set 'models.providers.kimi-code.models[0].headers.User-Agent' 'KimiCLI/0.77'",
    );
    expect(probe?.hint).not.toContain("or set models.providers.kimi-code.headers");
  });

  it("a rejected key: the hint names the variable it was read from and the onboard command", async () => {
    const dir = tempDir();
    const config = {
      agents: { defaults: { model: "moonshot/kimi-k2.5" } },
      models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config), { mode: 0o600 });
    const result = await runCli(["doctor", "--probe", "--json"], {
      env: {
        OPENCLAW_STATE_DIR: dir,
        MOONSHOT_API_KEY: "sk-test-moonshot-ai-9999",
        // Every public endpoint is the simulator: nothing leaves the machine.
        OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
        OPENCLAW_MOONSHOT_CN_BASE_URL: sim.moonshotBaseUrl,
        OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
      },
    });
    expect(result.code).toBe(1);
    const probe = (
      JSON.parse(result.stdout) as { findings: { check: string; level: string; hint?: string }[] }
    ).findings.find((finding) => finding.check === "probe");
    expect(probe?.level).toBe("fail");
    expect(probe?.hint).toMatch(
      /; put the right key in \$MOONSHOT_API_KEY \(read when openclaw starts\), or store one with: openclaw onboard --auth-choice moonshot-api-key, which the next openclaw command reads$/,
    );
    // The key itself is not in the advice (the key finding shows its masked form only).
    expect(probe?.hint).not.toMatch(/9999/);
  });
});
