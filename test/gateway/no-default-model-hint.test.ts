/**
 * A gateway with no default model set, asked for `openclaw`: the refusal's advice names a model of
 * a provider that has a key, as agent, chat, models status and doctor do (ea109dd). With only
 * $KIMICODE_API_KEY exported it said "set one with openclaw models set <provider/model> (such as
 * moonshot/kimi-k2.5)", a provider without a key, whose requests then failed on it; with no key
 * anywhere, it sent the user to `models set` rather than to onboarding, which sets the key and the
 * default at once. The built CLI's gateway in its own process, the simulator upstream.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { SIM_KEYS, type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-0001";
const sims: Simulator[] = [];
afterEach(async () => {
  killGatewayProcesses();
  for (const sim of sims.splice(0)) await sim.close();
});

/** A gateway whose config points Kimi Code at the simulator and sets no default model. */
async function gatewayWithoutDefault(
  keys: Record<string, string>,
): Promise<{ url: string; dir: string }> {
  const sim = await startSimulator();
  sims.push(sim);
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "openclaw.json"),
    JSON.stringify({
      models: { providers: { "kimi-code": { baseUrl: sim.kimiCodeBaseUrl } } },
      gateway: { auth: { token: TOKEN } },
    }),
  );
  const env = {
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    ...keys,
  };
  return { url: (await startGatewayProcess(env)).url, dir };
}

async function askDefault(url: string): Promise<{ status: number; message: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
  });
  const body = (await res.json()) as { error: { message: string } };
  return { status: res.status, message: body.error.message };
}

describe("openclaw asked of a gateway with no default model", () => {
  it("names the model of the provider whose key is set", async () => {
    const { url, dir } = await gatewayWithoutDefault({
      KIMICODE_API_KEY: SIM_KEYS.kimiCode[0] as string,
    });
    const refusal = await askDefault(url);
    expect(refusal.status).toBe(404);
    expect(refusal.message).toContain("no default model is set (agents.defaults.model.primary)");
    // Advice to run a command reads "run: <command>", as every other hint writes it.
    expect(refusal.message).toContain(
      `to set one, run: OPENCLAW_STATE_DIR=${dir} openclaw models set kimi-code/kimi-for-coding (kimi-code has a key); the gateway picks it up without a restart`,
    );
    expect(refusal.message).not.toContain("moonshot/kimi-k2.5");
  });

  it("says to onboard when no provider has a key", async () => {
    const { url } = await gatewayWithoutDefault({});
    const refusal = await askDefault(url);
    expect(refusal.status).toBe(404);
    expect(refusal.message).toContain("openclaw onboard --auth-choice moonshot-api-key");
    expect(refusal.message).not.toContain("models set moonshot/kimi-k2.5");
  });
});
