/**
 * What a client reads of the gateway host's files in an error: on loopback (the client is on
 * the same machine) the config's file:line, the line to open; bound beyond it (`lan`), the file's
 * name and line on the gateway host, never the absolute path, and the onboard command is said to
 * be run there. Real gateways in this process, real sockets (the simulator upstream).
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

// Nothing listens on this port of the helper's range: the endpoint cannot be reached.
const CLOSED_ENDPOINT = "http://127.0.0.1:41199/v1";

/** Moonshot's endpoint unreachable, Kimi Code's key the docs' placeholder, each at a config line. */
async function start(bind: string): Promise<GatewayEnv> {
  const env = await startGatewayEnv({
    start: { bind },
    editConfig: (config) => {
      const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
        .providers;
      providers.moonshot = { ...providers.moonshot, baseUrl: CLOSED_ENDPOINT };
      providers["kimi-code"] = { ...providers["kimi-code"], apiKey: "sk-your-key-here" };
    },
  });
  running.push(env);
  return env;
}

/** The error message of a request to `route` on the gateway's 127.0.0.1 address. */
async function errorMessage(env: GatewayEnv, route: string, model: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${env.gateway.port}${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model,
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  return ((await res.json()) as { error: { message: string } }).error.message;
}

/** The config line `text` stands on, as `openclaw config validate` counts them. */
function lineOf(env: GatewayEnv, text: string): number {
  const lines = readFileSync(env.configPath, "utf8").split("\n");
  return lines.findIndex((line) => line.includes(text)) + 1;
}

describe("the gateway host's paths in an error a client gets", () => {
  it("bound to lan: the config's name and line on the gateway host, no path of it", async () => {
    const env = await start("lan");
    const keyLine = lineOf(env, '"sk-your-key-here"');
    const urlLine = lineOf(env, CLOSED_ENDPOINT);

    const unreachable = await errorMessage(env, "/v1/chat/completions", "moonshot/kimi-k2.5");
    expect(unreachable).toContain(
      `check the network, any proxy, and models.providers.moonshot.baseUrl (openclaw.json:${urlLine} on the gateway host)`,
    );
    const keyless = await errorMessage(env, "/v1/chat/completions", "kimi-code/kimi-for-coding");
    expect(keyless).toContain(
      `config models.providers.kimi-code.apiKey is a placeholder from the docs, not a real key (openclaw.json:${keyLine} on the gateway host)`,
    );
    expect(keyless).toContain("or run `openclaw onboard` on the gateway host");
    // Anthropic's route too.
    const messages = await errorMessage(env, "/v1/messages", "kimi-code/kimi-for-coding");
    expect(messages).toContain(`(openclaw.json:${keyLine} on the gateway host)`);
    for (const message of [unreachable, keyless, messages])
      expect(message).not.toContain(env.stateDir);
  });

  it("on loopback: the config's full path and line, the one to open on this machine", async () => {
    const env = await start("loopback");
    const keyLine = lineOf(env, '"sk-your-key-here"');
    const urlLine = lineOf(env, CLOSED_ENDPOINT);
    expect(await errorMessage(env, "/v1/chat/completions", "moonshot/kimi-k2.5")).toContain(
      `models.providers.moonshot.baseUrl (${env.configPath}:${urlLine})`,
    );
    const keyless = await errorMessage(env, "/v1/chat/completions", "kimi-code/kimi-for-coding");
    expect(keyless).toContain(`not a real key (${env.configPath}:${keyLine})`);
    expect(keyless).not.toContain("on the gateway host");
  });
});
