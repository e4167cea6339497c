/**
 * What a client reads of the gateway host's files in an error: on loopback (the client is on
 * the same machine) the config's file:line, the line to open; bound beyond it (`lan`), the file's
 * name and line on the gateway host, never the absolute path; and of a provider without a key,
 * only which one and that the operator must give it one. Real gateways in this process, real
 * sockets (the simulator upstream).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { startSimulator } from "../simulator/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

// Nothing listens on this port of the helper's range: the endpoint cannot be reached.
const CLOSED_ENDPOINT = "http://127.0.0.1:41199/v1";

/** Moonshot's endpoint unreachable, Kimi Code's key the docs' placeholder, each at a config line. */
function breakProviders(config: Record<string, unknown>): void {
  const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
    .providers;
  providers.moonshot = { ...providers.moonshot, baseUrl: CLOSED_ENDPOINT };
  providers["kimi-code"] = { ...providers["kimi-code"], apiKey: "sk-your-key-here" };
}

async function start(bind: string): Promise<GatewayEnv> {
  const env = await startGatewayEnv({ start: { bind }, editConfig: breakProviders });
  running.push(env);
  return env;
}

/** The error message of a request to `route` on the gateway's 127.0.0.1 address. */
async function errorMessage(
  env: { gateway: { port: number } },
  route: string,
  model: string,
): Promise<string> {
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
function lineOf(env: { configPath: string }, text: string): number {
  const lines = readFileSync(env.configPath, "utf8").split("\n");
  return lines.findIndex((line) => line.includes(text)) + 1;
}

describe("the gateway host's paths in an error a client gets", () => {
  it("bound to lan: the config's name and line on the gateway host, no path of it", async () => {
    const env = await start("lan");
    const urlLine = lineOf(env, CLOSED_ENDPOINT);

    const unreachable = await errorMessage(env, "/v1/chat/completions", "moonshot/kimi-k2.5");
    expect(unreachable).toContain(
      `start the server there, or fix models.providers.moonshot.baseUrl (openclaw.json:${urlLine} on the gateway host)`,
    );
    // A provider without a key is the operator's to fix: a client on the network is told which
    // one and whose it is, not where the key is looked for or the command that stores it (the
    // gateway's log says those).
    const told =
      'kimi-code/kimi-for-coding: this gateway has no API key for provider "kimi-code", so nothing was sent to it; the gateway\'s operator must give kimi-code a key';
    const keyless = await errorMessage(env, "/v1/chat/completions", "kimi-code/kimi-for-coding");
    expect(keyless).toBe(told);
    // Anthropic's route too (its field in front, as Anthropic's errors name theirs).
    const messages = await errorMessage(env, "/v1/messages", "kimi-code/kimi-for-coding");
    expect(messages).toBe(`model: ${told}`);
    for (const message of [keyless, messages]) {
      expect(message).not.toContain("openclaw.json");
      expect(message).not.toContain("KIMICODE_API_KEY");
      expect(message).not.toContain("openclaw onboard");
    }
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

  it("bound to lan, a config given by OPENCLAW_CONFIG_PATH outside the state dir and the home: its name and line, not its directory", async () => {
    // The directory is the host's layout (/srv/…, /etc/…): cut like the state dir, not only the
    // home's paths.
    const root = mkdtempSync(join(tmpdir(), "openclaw-elsewhere-"));
    const sim = await startSimulator({ serveRetiredModels: true });
    try {
      const configDir = join(root, "srv", "gateway-settings");
      const stateDir = join(root, "state");
      mkdirSync(configDir, { recursive: true });
      mkdirSync(stateDir);
      const configPath = join(configDir, "gateway.json");
      const config = simConfig(sim) as Record<string, unknown>;
      breakProviders(config);
      writeFileSync(configPath, JSON.stringify(config, null, 2));
      const gateway = await startGateway({
        env: { ...gatewayEnv(stateDir, sim.keys), OPENCLAW_CONFIG_PATH: configPath },
        port: 0,
        bind: "lan",
        transports: await defaultTransports(),
        watch: false,
      });
      try {
        const urlLine = lineOf({ configPath }, CLOSED_ENDPOINT);
        const unreachable = await errorMessage(
          { gateway },
          "/v1/chat/completions",
          "moonshot/kimi-k2.5",
        );
        expect(unreachable).toContain(
          `models.providers.moonshot.baseUrl (gateway.json:${urlLine} on the gateway host)`,
        );
        expect(unreachable).not.toContain(root);
        expect(unreachable).not.toContain("srv/gateway-settings");
      } finally {
        await gateway.close(2000);
      }
    } finally {
      await sim.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("bound to lan, from a config object without a key: the provider and whose it is to fix, no state dir, no command", async () => {
    // The onboard command with the gateway's state dir (`OPENCLAW_STATE_DIR=<dir> openclaw
    // onboard`) is the operator's: the gateway's log says it, a client on the network is not told.
    const root = mkdtempSync(join(tmpdir(), "openclaw-object-"));
    const stateDir = join(root, "gw-state");
    mkdirSync(stateDir);
    try {
      const gateway = await startGateway({
        config: {
          models: { providers: { moonshot: { baseUrl: CLOSED_ENDPOINT } } },
          gateway: { auth: { mode: "token", token: GATEWAY_TOKEN }, ledger: { enabled: false } },
        },
        env: { OPENCLAW_STATE_DIR: stateDir, HOME: root },
        port: 0,
        bind: "lan",
        watch: false,
      });
      try {
        const keyless = await errorMessage(
          { gateway },
          "/v1/chat/completions",
          "moonshot/kimi-k2.5",
        );
        expect(keyless).toBe(
          'moonshot/kimi-k2.5: this gateway has no API key for provider "moonshot", so nothing was sent to it; the gateway\'s operator must give moonshot a key',
        );
        expect(keyless).not.toContain("gw-state");
        expect(keyless).not.toContain(root);
      } finally {
        await gateway.close(2000);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
