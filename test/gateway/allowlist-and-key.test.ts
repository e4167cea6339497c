/**
 * The page's Kimi Code snippet alone, and a client asking the gateway for moonshot/kimi-k2.5:
 * the allowlist shuts it out and moonshot has no key, so adding it to the allowlist alone still
 * fails. The 404 says both at once (onboard's command does both); done, the gateway serves it. Real
 * sockets: the gateway and onboard as CLI processes, the simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { onboardChoice } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually } from "./harness.js";

const TOKEN = "test-gateway-token-allowlist-key-0001";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
});

async function ask(url: string, model: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  return { status: response.status, text: await response.text() };
}

it("a model the allowlist shuts out whose provider has no key: the 404 says both, and onboard, which does both, serves it", async () => {
  const dir = tempDir("openclaw-allowlist-key-");
  const configPath = path.join(dir, "openclaw.json");
  const snippet = readFileSync(
    path.join(import.meta.dirname, "../fixtures/seed/kimi-code.json5"),
    "utf8",
  )
    .replace('"sk-..."', JSON.stringify(sim.keys.kimiCode))
    .replace("https://api.kimi.com/coding/v1", sim.kimiCodeBaseUrl)
    .replace("{", `{\n  gateway: { auth: { mode: "token", token: "${TOKEN}" } },`);
  writeFileSync(configPath, snippet);
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
  };
  const gateway = await startGatewayProcess(env);

  const refused = await ask(gateway.url, "moonshot/kimi-k2.5");
  expect(refused.status).toBe(404);
  const message = (JSON.parse(refused.text) as { error: { message: string } }).error.message;
  expect(message).toBe(
    `model "moonshot/kimi-k2.5": moonshot/kimi-k2.5 is not in the allowlist (agents.defaults.models), and provider moonshot has no API key, so this gateway does not serve it (hint: run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key: it stores a key for moonshot and adds its models, this one among them, to agents.defaults.models (it also makes one of them the default model); it applies without a restart)`,
  );

  // Done as it says: onboard alone, and the running gateway serves the model.
  const onboard = await runCli(onboardChoice("moonshot-api-key"), {
    env: { ...env, MOONSHOT_API_KEY: sim.keys.moonshot },
  });
  expect(onboard.code).toBe(0);
  await eventually(
    async () => (await ask(gateway.url, "moonshot/kimi-k2.5")).status === 200,
    10000,
    "the model served after onboarding",
  );
});
