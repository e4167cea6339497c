/**
 * A program that starts the gateway (`startGateway`) with a state dir of its own: a client asking
 * for a model the provider answers 404 for (an id it retired) gets a 404 whose hint (the retired id's, from src/runtime/retired-not-found.ts, or a provider's not_found hint) gives the scan
 * that reaches the gateway's config (`OPENCLAW_STATE_DIR=… openclaw models scan --provider …`), as
 * the gateway's log lines do (7b5bb800); given a config object, the ids its onDiscovery report
 * lists, no command. Before, the answer said a bare `openclaw models scan --provider moonshot`,
 * which scans the config of whoever runs it, not the gateway's. The same for the log line of a
 * fallback past a 404 with an empty body, whose hint (empty-404.ts) ends in that scan. Real
 * sockets, the simulator, and a server on 127.0.0.1 that answers every request 404 and nothing.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

/** The config: a default model the simulator answers 404 for, and no fallback. */
function config() {
  return simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking");
}

/** The status and error message a client gets asking for the retired id. */
async function answerOf(
  options: Parameters<typeof startGateway>[0],
): Promise<{ status: number; message: string }> {
  const gateway = await startGateway({ port: 0, watch: false, log: () => {}, ...options });
  running.push(gateway);
  const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "hello" }],
    }),
  });
  const body = (await answer.json()) as { error: { message: string } };
  return { status: answer.status, message: body.error.message };
}

describe("the 404 a program-started gateway answers for a model its provider retired", () => {
  it("gives the scan with the gateway's own state dir", async () => {
    const { env } = gatewayStateWith("l-404-hint-", `${JSON.stringify(config())}\n`);
    const { status, message } = await answerOf({ env });
    expect(status).toBe(404);
    expect(message).toContain(
      `see what the key may use now with: OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} openclaw models scan --provider moonshot)`,
    );
  });

  it("gives a config object the ids onDiscovery's report lists, not a command", async () => {
    const { status, message } = await answerOf({
      env: { OPENCLAW_STATE_DIR: gatewayStateWith("l-404-object-", "{}\n").stateDir },
      config: config(),
    });
    expect(status).toBe(404);
    expect(message).toContain(
      "see what the key may use now in the ids startGateway's onDiscovery report lists for moonshot)",
    );
    expect(message).not.toContain("openclaw models");
  });
});

describe("the log line of a fallback past an empty 404, on a program-started gateway", () => {
  it("ends its hint with the scan that carries the gateway's own state dir", async () => {
    const bare = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(404, { "content-length": "0" });
        res.end();
      });
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    try {
      const withBare = config();
      Object.assign(withBare.models.providers, {
        bare: customProvider([{ id: "m", name: "Bare M" }], {
          apiKey: "sk-fake-bare-01",
          baseUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1`,
        }),
      });
      withBare.agents.defaults.model = { primary: "bare/m", fallbacks: ["moonshot/kimi-k2.5"] };
      const { env } = gatewayStateWith("l-empty-404-", `${JSON.stringify(withBare)}\n`);
      const lines: string[] = [];
      const gateway = await startGateway({
        port: 0,
        watch: false,
        env,
        log: (line) => lines.push(line),
      });
      running.push(gateway);
      const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hello" }] }),
      });
      expect(answer.status).toBe(200);
      await answer.json();
      const fallback = lines.find((line) => line.includes("answered 404 with an empty body"));
      expect(fallback).toContain(
        `if it is right, the model id: see what the key may use with: OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} openclaw models scan --provider bare`,
      );
    } finally {
      for (const gateway of running.splice(0)) await gateway.close(0);
      await new Promise((resolve) => bare.close(resolve));
    }
  });
});
