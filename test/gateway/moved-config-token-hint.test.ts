/**
 * A gateway started with its own OPENCLAW_STATE_DIR (or OPENCLAW_CONFIG_PATH) told a refused
 * client "openclaw config get gateway.auth.token --reveal prints it": run in a plain shell, that
 * reads ~/.openclaw/openclaw.json and prints another gateway's token, or none. The 401 now says to
 * run it with the gateway's variable, naming no local path (the body goes to the network); the
 * operator's own output names the state dir (or the file) with it, and its command prints this
 * gateway's token from a plain shell. A gateway on the default config keeps the old words. The gateway as a CLI process.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { simConfig, startGatewayEnv } from "./harness.js";

const TOKEN = "test-gateway-token-moved-config-0001";
const DEFAULT_SOURCE =
  "openclaw config get gateway.auth.token --reveal prints it, unless OPENCLAW_GATEWAY_TOKEN sets it";

afterEach(() => killGatewayProcesses());

/** A home of the test's own, and a config with the gateway's token (none: the start makes one). */
function writeConfig(file: string, token: string | undefined): void {
  mkdirSync(join(file, ".."), { recursive: true });
  const auth = token === undefined ? {} : { auth: { mode: "token", token } };
  writeFileSync(file, JSON.stringify({ gateway: auth }));
}

function plainEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: home, NO_COLOR: "1", TZ: "UTC" };
}

/** The 401's message and whole body for a wrong token. */
async function refused(url: string): Promise<{ message: string; body: string }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer not-the-token", "content-type": "application/json" },
    body: JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [] }),
  });
  expect(response.status).toBe(401);
  const body = await response.text();
  return { message: (JSON.parse(body) as { error: { message: string } }).error.message, body };
}

describe("the 401's word on where the token comes from", () => {
  it("keeps the old words for a gateway on the default config", async () => {
    const home = tempDir("openclaw-token-home-");
    writeConfig(join(home, ".openclaw", "openclaw.json"), TOKEN);
    const gateway = await startGatewayProcess(plainEnv(home));
    const { message } = await refused(gateway.url);
    expect(message).toBe(
      `incorrect gateway token: send this gateway's own token (${DEFAULT_SOURCE})`,
    );
  });

  it("names OPENCLAW_STATE_DIR, and no path, for a gateway started with its own state dir", async () => {
    const home = tempDir("openclaw-token-home-");
    const state = join(home, "gateway-state-dir");
    writeConfig(join(state, "openclaw.json"), TOKEN);
    const gateway = await startGatewayProcess({ ...plainEnv(home), OPENCLAW_STATE_DIR: state });
    const { message, body } = await refused(gateway.url);
    expect(message).toBe(
      "incorrect gateway token: send this gateway's own token (openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it)",
    );
    expect(body).not.toContain(home);
    expect(body).not.toContain("gateway-state-dir");
  });

  it("names OPENCLAW_CONFIG_PATH for a gateway given its config file", async () => {
    const home = tempDir("openclaw-token-home-");
    const file = join(home, "elsewhere", "gateway.json");
    writeConfig(file, TOKEN);
    const gateway = await startGatewayProcess({ ...plainEnv(home), OPENCLAW_CONFIG_PATH: file });
    const { message, body } = await refused(gateway.url);
    expect(message).toContain(
      "prints it when run with the same OPENCLAW_CONFIG_PATH as the gateway",
    );
    expect(body).not.toContain(home);
  });
});

describe("the operator's command for a token the start created", () => {
  it("names the state dir, as the 401 does, and prints this gateway's token from a plain shell", async () => {
    const home = tempDir("openclaw-token-home-");
    const state = join(home, "gw");
    const file = join(state, "openclaw.json");
    writeConfig(file, undefined);
    // Not a terminal: the token is not shown, the command that prints it is.
    const gateway = await startGatewayProcess({ ...plainEnv(home), OPENCLAW_STATE_DIR: state });
    // On a line of its own under the hint (its path makes it long), continued with ` \` if
    // the terminal is narrow: joined as a shell joins it.
    const after = gateway.stdout().split("hint: print it with:\n")[1] ?? "";
    const hint = /^((?:.* \\\n)*.*)/
      .exec(after)?.[1]
      ?.replace(/ \\\n\s*/g, " ")
      .trim();
    expect(hint).toBe(
      `OPENCLAW_STATE_DIR=${state} openclaw config get gateway.auth.token --reveal`,
    );
    // As a person pastes it in a plain shell (HOME only).
    const shown = await runCli(["config", "get", "gateway.auth.token", "--reveal"], {
      env: { HOME: home, OPENCLAW_STATE_DIR: state },
    });
    const token = shown.stdout.trim();
    expect(token).toMatch(/^ocg_/);
    const answer = await fetch(`${gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
  });
});

describe("after a reload", () => {
  it("a gateway with its own state dir still names OPENCLAW_STATE_DIR to a refused client", async () => {
    const env = await startGatewayEnv();
    try {
      const config = simConfig(env.sim);
      const token = "test-gateway-token-after-reload-0001";
      writeFileSync(
        env.configPath,
        JSON.stringify({
          ...config,
          gateway: { ...config.gateway, auth: { mode: "token", token } },
        }),
      );
      expect(env.gateway.reload()).toBe(true);
      const { message, body } = await refused(env.gateway.url);
      expect(message).toContain(
        "prints it when run with the same OPENCLAW_STATE_DIR as the gateway",
      );
      expect(body).not.toContain(env.stateDir);
    } finally {
      await env.close();
    }
  });
});
