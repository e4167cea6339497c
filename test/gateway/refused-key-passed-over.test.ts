/**
 * A stored key the provider refuses, while the environment holds another: the gateway's answer
 * names the variable's key that was passed over, as agent, chat and openRuntime
 * do (it said only to fix the profile, leaving the person to wonder why their exported key was
 * not used). Real sockets: onboarding and the gateway as CLI processes, the simulator, `openai`.
 */
import { writeFileSync } from "node:fs";
import OpenAI from "openai";
import { afterEach, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { onboardChoice } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";
import { startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-passed-over-0001";
const STORED = "sk-test-onboarded-passed-over-0001";
const EXPORTED = "sk-test-exported-passed-over-0002";
const PASSED_OVER =
  '$MOONSHOT_API_KEY holds a key too, not tried while auth profile "moonshot:default" holds one';

afterEach(() => {
  killGatewayProcesses();
});

it("names $MOONSHOT_API_KEY as passed over when the key onboarding stored is refused", async () => {
  const stateDir = tempDir("openclaw-passed-over-");
  const before = await startSimulator({ keys: { ai: [STORED] } });
  try {
    const onboard = await runCli(onboardChoice("moonshot-api-key"), {
      env: {
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_MOONSHOT_AI_BASE_URL: before.moonshotBaseUrl,
        MOONSHOT_API_KEY: STORED,
      },
    });
    expect(onboard.code).toBe(0);
  } finally {
    await before.close();
  }
  // The provider now takes only the exported key: the stored one is revoked.
  const sim = await startSimulator({ keys: { ai: [EXPORTED] } });
  try {
    writeFileSync(
      `${stateDir}/openclaw.json`,
      JSON.stringify({
        models: {
          providers: {
            moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        gateway: { auth: { mode: "token", token: TOKEN } },
      }),
    );
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      HOME: stateDir,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_HOME: stateDir,
      NO_COLOR: "1",
      MOONSHOT_API_KEY: EXPORTED,
    });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const body = JSON.stringify((failure as InstanceType<typeof OpenAI.APIError>).error);
    expect(body).toContain('put the right key in auth profile \\"moonshot:default\\"');
    expect(body).toContain(PASSED_OVER.replaceAll('"', '\\"'));
    expect(sim.chatRequests().map((request) => request.headers.authorization)).toEqual([
      `Bearer ${STORED}`,
    ]);
    expect(gateway.stderr()).not.toContain(EXPORTED);
    expect(gateway.stderr()).not.toContain(STORED);
  } finally {
    await sim.close();
  }
});
