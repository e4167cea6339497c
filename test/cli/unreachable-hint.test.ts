/**
 * A provider that cannot be reached: the hint is a lower-case sentence like every other hint the
 * CLI prints, and names the baseUrl to check with the file and line it is written at, as config
 * validate names lines: in agent, chat and the gateway's error body.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { moonshotStateAt } from "../helpers/moonshot-at.js";
import { closedPort } from "../helpers/net.js";

afterEach(() => {
  killGatewayProcesses();
});

async function unreachableState() {
  const port = await closedPort();
  const state = moonshotStateAt(`http://127.0.0.1:${port}/v1`);
  const hint = `nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix models.providers.moonshot.baseUrl (${state.configPath}:4)`;
  return { state, hint };
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a provider nobody listens for", () => {
  it("agent's and chat's hint is a lower-case sentence naming the baseUrl's file:line", async () => {
    const { state, hint } = await unreachableState();
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(`hint: ${hint}`);

    const chat = await runCli(["chat"], { env: state.env, input: "hi\n" });
    expect(unwrapped(chat.stdout + chat.stderr)).toContain(hint);
  });

  it("the gateway's error body gives the same hint", async () => {
    const { state, hint } = await unreachableState();
    const gateway = await startGatewayProcess({
      ...process.env,
      ...state.env,
      OPENCLAW_GATEWAY_TOKEN: "h7-token",
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer h7-token", "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(body).toContain(hint);
  });
});
