/**
 * A client asking a gateway set up for Moonshot alone for "Kimi Code" (the alias onboarding Kimi
 * Code gives kimi-code/kimi-for-coding) or "Kimi For Coding". Before, the 404 said only that the
 * model is not configured, where `kimi-code/kimi-for-coding` itself got the ref's answer: the
 * allowlist, the missing key, and the onboard command that does both. A name of that model gets
 * the same answer now; one that names nothing keeps the plain 404. Real sockets: the gateway as
 * a CLI process, the simulator as Moonshot.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-not-set-up-01";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
});

async function refusal(url: string, model: string): Promise<{ status: number; message: string }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  const body = (await response.json()) as { error: { message: string } };
  return { status: response.status, message: body.error.message };
}

it("names kimi-code/kimi-for-coding and the onboard command for a name of it, Kimi Code not being set up", async () => {
  const dir = tempDir("openclaw-not-set-up-");
  writeFileSync(
    path.join(dir, "openclaw.json"),
    JSON.stringify({
      gateway: { auth: { mode: "token", token: TOKEN } },
      env: { MOONSHOT_API_KEY: sim.keys.moonshot },
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2.5" },
          models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } },
        },
      },
    }),
  );
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH ?? "",
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
  });
  const answer = (name: string) =>
    `model "${name}": kimi-code/kimi-for-coding is not in the allowlist (agents.defaults.models), and provider kimi-code has no API key, so this gateway does not serve it (hint: run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice kimi-code-api-key: it stores a key for kimi-code and adds its models, this one among them, to agents.defaults.models (it also makes one of them the default model); it applies without a restart)`;
  for (const name of ["Kimi Code", "Kimi For Coding", "kimi-code/kimi-for-coding"]) {
    expect(await refusal(gateway.url, name)).toEqual({ status: 404, message: answer(name) });
  }
  // A name of no model at all keeps the plain answer.
  expect(await refusal(gateway.url, "Kimi Pro Max")).toEqual({
    status: 404,
    message:
      'model "Kimi Pro Max" is not configured; GET /v1/models lists the models this gateway serves',
  });
});

it("with no allowlist, names the ref and the onboard command for such a name too", async () => {
  const dir = tempDir("openclaw-not-set-up-open-");
  writeFileSync(
    path.join(dir, "openclaw.json"),
    JSON.stringify({
      gateway: { auth: { mode: "token", token: TOKEN } },
      env: { MOONSHOT_API_KEY: sim.keys.moonshot },
      agents: { defaults: { model: "moonshot/kimi-k2.5" } },
    }),
  );
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH ?? "",
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
  });
  // Before: 'model "Kimi Code" is not configured; GET /v1/models lists the models …'.
  expect(await refusal(gateway.url, "Kimi Code")).toEqual({
    status: 404,
    message: `model "Kimi Code": it is the name of kimi-code/kimi-for-coding, a model of provider kimi-code, which the gateway's config does not set up (hint: run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice kimi-code-api-key, then ask for "kimi-code/kimi-for-coding")`,
  });
});
