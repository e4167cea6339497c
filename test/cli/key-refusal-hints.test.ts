/**
 * What a user is told when the provider refuses the API key, from the first refusal on: where
 * the key was read from and how to replace it (agent, chat, the gateway's error body), never the
 * key itself. Built CLI against the simulator, which stands for Moonshot's international endpoint.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  killGatewayProcesses();
  await env?.close();
  env = undefined;
});

const WRONG_KEY = "sk-test-moonshot-ai-9999";
/**
 * The config's apiKey is "${MOONSHOT_API_KEY}": the variable is where the key comes from. A key
 * onboard stores is read by `openclaw agent`'s next run (it exits after its request), by chat's
 * next message, by a gateway's next request.
 */
const STORE =
  "put the right key in $MOONSHOT_API_KEY (read when openclaw starts), or store one with: openclaw onboard --auth-choice moonshot-api-key, ";
const FIX = `${STORE}which the next openclaw command reads`;
const CHAT_FIX = `${STORE}which the next message uses at once`;

async function refusingEnv(): Promise<Record<string, string>> {
  env = await startSimEnv();
  return {
    ...env.cliEnv,
    MOONSHOT_API_KEY: WRONG_KEY,
    OPENCLAW_MOONSHOT_AI_BASE_URL: env.sim.moonshotBaseUrl,
  };
}

describe("a refused API key, the first time", () => {
  it("agent names the variable the key came from and the onboard command", async () => {
    const result = await runCli(["agent", "-m", "hello"], { env: await refusingEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rejected the API key for model kimi-k2.5: 401");
    expect(result.stderr).toContain(`hint: ${FIX}\n`);
    expect(result.stderr).not.toContain("check the API key configured");
    expect(result.stderr).not.toMatch(/9999/);
  });

  it("chat gives the first refusal the hint the next turn gets", async () => {
    const result = await runCli(["chat"], { env: await refusingEnv(), input: "hello\nagain\n" });
    expect(result.code).toBe(1);
    expect(env?.sim.chatRequests()).toHaveLength(1);
    const hints = result.stderr.split("\n").filter((line) => line.startsWith("hint: "));
    expect(hints).toEqual([`hint: ${CHAT_FIX}`, `hint: ${CHAT_FIX}`]);
  });

  it("the gateway's error body says where the key came from, without the key", async () => {
    const cliEnv = await refusingEnv();
    const file = path.join(env?.stateDir ?? "", "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    config.gateway = { auth: { mode: "none" }, ledger: { enabled: false } };
    writeFileSync(file, JSON.stringify(config));
    const gateway = await startGatewayProcess({ PATH: process.env.PATH, ...cliEnv });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hello" }],
      }),
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    const message = (JSON.parse(text) as { error: { message: string } }).error.message;
    // A gateway's variable is the one it started with, said so; its next request reads a stored key.
    // The command names the gateway's state dir: typed in another shell, it stores the key there.
    const stored = STORE.replace(
      "read when openclaw starts",
      "read from the environment the gateway started with: restart it with the new one",
    ).replace("with: openclaw", `with: OPENCLAW_STATE_DIR=${cliEnv.OPENCLAW_STATE_DIR} openclaw`);
    expect(message).toContain(`(hint: ${stored}which the next request uses at once)`);
    expect(text).not.toMatch(/9999/);
  });
});

describe("a refused key from the config's env block (the spec's snippet)", () => {
  /** The spec page's Moonshot config, pointed at the simulator, with a wrong key pasted in. */
  async function specConfigEnv(): Promise<Record<string, string>> {
    env = await startSimEnv();
    const spec = readFileSync(
      path.join(import.meta.dirname, "../fixtures/seed/moonshot.json5"),
      "utf8",
    )
      .replace('"sk-..."', JSON.stringify(WRONG_KEY))
      .replace("https://api.moonshot.ai/v1", env.sim.moonshotBaseUrl);
    writeFileSync(path.join(env.stateDir, "openclaw.json"), spec);
    const { MOONSHOT_API_KEY: _fromShell, ...cliEnv } = env.cliEnv;
    return { ...cliEnv, OPENCLAW_MOONSHOT_AI_BASE_URL: env.sim.moonshotBaseUrl };
  }

  it("agent says to fix env.MOONSHOT_API_KEY in the config, not to set the variable", async () => {
    const result = await runCli(["agent", "-m", "hello"], { env: await specConfigEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rejected the API key for model kimi-k2.5: 401");
    expect(result.stderr).toContain(
      "hint: put the right key in the config's env.MOONSHOT_API_KEY (read when openclaw starts), or store one with: openclaw onboard --auth-choice moonshot-api-key, which the next openclaw command reads\n",
    );
    expect(result.stderr).not.toMatch(/9999/);
  });

  it("the same key exported in the shell is still named as the variable", async () => {
    const cliEnv = await specConfigEnv();
    const result = await runCli(["agent", "-m", "hello"], {
      env: { ...cliEnv, MOONSHOT_API_KEY: "sk-test-moonshot-ai-8888" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`hint: ${FIX}\n`);
  });
});
