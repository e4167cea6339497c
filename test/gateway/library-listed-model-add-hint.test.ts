/**
 * A program that starts the gateway (`startGateway`) with a state dir of its own: a client asking
 * for a model the provider lists (its `GET /models`) but the config does not have gets a 404 whose
 * command adds it to the gateway's config (`OPENCLAW_STATE_DIR=… openclaw models scan --provider
 * … --add`), on a chat route, on `/v1/messages/count_tokens` and on `GET /v1/models/{id}`, as the
 * gateway's other hints do (216f04ec). Before, each said a bare `openclaw models scan … --add`,
 * which, run in the program's shell, adds the model to another config than the gateway's. Real
 * sockets and the simulator, which lists kimi-k3 (not in openclaw's built-in list).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { type RunningGateway, startGateway } from "../../src/index.js";
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

/** A gateway over its own state dir, once moonshot's list is read. */
async function discovered(): Promise<{ url: string; stateDir: string }> {
  const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2.5");
  const { env, stateDir } = gatewayStateWith("l-add-hint-", `${JSON.stringify(config)}\n`);
  let read: (report: DiscoveryReport) => void = () => {};
  const listRead = new Promise<DiscoveryReport>((resolve) => {
    read = resolve;
  });
  const gateway = await startGateway({
    port: 0,
    watch: false,
    env,
    log: () => {},
    onDiscovery: (report) => {
      if (report.provider === "moonshot") read(report);
    },
  });
  running.push(gateway);
  expect((await listRead).listed).toContain("kimi-k3");
  return { url: gateway.url, stateDir };
}

async function errorMessage(answer: Response): Promise<string> {
  expect(answer.status).toBe(404);
  const body = (await answer.json()) as { error: { message: string } };
  return body.error.message;
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the 404 for a model the provider lists but a program's gateway config lacks", () => {
  it("gives the --add scan with the gateway's own state dir on every route", async () => {
    const { url, stateDir } = await discovered();
    const add = `add it to the config with: OPENCLAW_STATE_DIR=${stateDir} openclaw models scan --provider moonshot --add`;
    const messages = [{ role: "user", content: "hello" }];
    const answers = [
      await post(`${url}/v1/chat/completions`, { model: "moonshot/kimi-k3", messages }),
      await post(`${url}/v1/messages/count_tokens`, { model: "moonshot/kimi-k3", messages }),
      await post(`${url}/v1/messages`, { model: "moonshot/kimi-k3", max_tokens: 8, messages }),
      await fetch(`${url}/v1/models/moonshot/kimi-k3`),
    ];
    for (const answer of answers) {
      const message = await errorMessage(answer);
      expect(message).toContain("moonshot lists kimi-k3 among the models its key may use");
      expect(message).toContain(add);
    }
  });
});
