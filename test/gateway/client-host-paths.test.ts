/**
 * What a client reads of the gateway host's files in an error: on loopback (the client is on
 * the same machine) the config's file:line, the line to open; bound beyond it (`lan`), the file's
 * name and line on the gateway host, never the absolute path, and the onboard command is said to
 * be run there. Real gateways in this process, real sockets (the simulator upstream).
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { CLI } from "../helpers/cli.js";
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

/** A directory whose `openclaw` is this build, for a command pasted into a shell. */
function cliBin(): string {
  const bin = mkdtempSync(join(tmpdir(), "chp-bin-"));
  writeFileSync(join(bin, "openclaw"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(join(bin, "openclaw"), 0o755);
  return bin;
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
    const keyLine = lineOf(env, '"sk-your-key-here"');
    const urlLine = lineOf(env, CLOSED_ENDPOINT);

    const unreachable = await errorMessage(env, "/v1/chat/completions", "moonshot/kimi-k2.5");
    expect(unreachable).toContain(
      `start the server there, or fix models.providers.moonshot.baseUrl (openclaw.json:${urlLine} on the gateway host)`,
    );
    const keyless = await errorMessage(env, "/v1/chat/completions", "kimi-code/kimi-for-coding");
    expect(keyless).toContain(
      `config models.providers.kimi-code.apiKey is a placeholder from the docs, not a real key (openclaw.json:${keyLine} on the gateway host)`,
    );
    // The gateway reads its keys from the state dir its env names, not the shell's: the command
    // carries it, cut to its name like any path of the host.
    expect(keyless).toContain(
      `or run: OPENCLAW_STATE_DIR=…/${basename(env.stateDir)} openclaw onboard on the gateway host`,
    );
    // Pasted as it is, the cut path is refused, not taken as a directory `…` here: before,
    // onboard stored the key in ./…/<name> and said it was done.
    const command = /or run: (.*?) on the gateway host/.exec(keyless)?.[1] ?? "";
    const here = mkdtempSync(join(tmpdir(), "chp-cwd-"));
    const pasted = spawnSync(
      "/bin/sh",
      [
        "-c",
        `${command} --non-interactive --accept-risk --auth-choice kimi-code-api-key --kimi-code-api-key sk-kimi-0000aaaa1111bbbb --skip-health`,
      ],
      {
        cwd: here,
        env: { PATH: `${cliBin()}:${process.env.PATH ?? ""}`, HOME: here, NO_COLOR: "1" },
        encoding: "utf8",
        timeout: 50_000,
      },
    );
    expect(pasted.status).toBe(1);
    expect(pasted.stderr).toContain(
      `error: OPENCLAW_STATE_DIR=…/${basename(env.stateDir)} is a path cut short (a gateway tells a client on the network only its last part), not a path to use`,
    );
    expect(readdirSync(here)).toEqual([]);
    rmSync(here, { recursive: true, force: true });
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
        const keyLine = lineOf({ configPath }, '"sk-your-key-here"');
        const keyless = await errorMessage(
          { gateway },
          "/v1/chat/completions",
          "kimi-code/kimi-for-coding",
        );
        expect(keyless).toContain(`not a real key (gateway.json:${keyLine} on the gateway host)`);
        expect(keyless).not.toContain(root);
        expect(keyless).not.toContain("srv/gateway-settings");
      } finally {
        await gateway.close(2000);
      }
    } finally {
      await sim.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("bound to lan, from a config object without a key: its onboard command reads as one, the state dir cut", async () => {
    // Before, the state dir in `OPENCLAW_STATE_DIR=<dir> openclaw onboard` was cut as a path of
    // its own: `OPENCLAW_STATE_DIR=gw-state on the gateway host openclaw onboard on the gateway
    // host`, a relative dir and a broken command.
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
        expect(keyless).toContain(
          "or run: OPENCLAW_STATE_DIR=…/gw-state openclaw onboard on the gateway host)",
        );
        expect(keyless).not.toContain(root);
      } finally {
        await gateway.close(2000);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
