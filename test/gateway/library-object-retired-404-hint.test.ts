/**
 * A program that starts the gateway with a config OBJECT (`startGateway({ config })`): the
 * provider's 404 for an id openclaw's built-in list marks retired names the edit of that object
 * that mends it (which dotted path, which value), as the start's warnings on the same ids and the
 * object's other hints do. Before, the hint gave `openclaw models set …`, `… models fallbacks
 * remove/add …` and `… models aliases add …`, which edit a config file the program does not
 * read. Real sockets, the official openai client, and the simulator answering the retired ids
 * as the API does today (404 resource_not_found_error).
 */
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator(
  (started) => {
    sim = started;
  },
  { serveRetiredModels: false },
);

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

const messages = [{ role: "user" as const, content: "hello" }];
const OBJECT =
  "in the config object startGateway is given, then start it again (a config given as an object is not reloaded)";

/** A gateway on an object whose primary and fallback are retired, and an alias naming one. */
async function objectGateway(): Promise<OpenAI> {
  const base = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking", [
    "moonshot/kimi-k2-0905-preview",
  ]);
  const gateway = await startGateway({
    port: 0,
    watch: false,
    env: { OPENCLAW_STATE_DIR: gatewayStateWith("l-object-retired-", "{}\n").stateDir },
    config: {
      ...base,
      agents: {
        defaults: {
          ...base.agents.defaults,
          models: { "moonshot/kimi-k2-turbo-preview": { alias: "turbo" } },
        },
      },
    },
    log: () => {},
  });
  running.push(gateway);
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "unused", maxRetries: 0 });
}

async function notFoundMessage(request: Promise<unknown>): Promise<string> {
  const error = await request.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  return (error as InstanceType<typeof OpenAI.NotFoundError>).message;
}

describe("a retired id's 404 from a gateway a program gave a config object", () => {
  it("says the edit of the object for the default chain and for an alias, no command", async () => {
    const client = await objectGateway();

    const chain = await notFoundMessage(
      client.chat.completions.create({ model: "openclaw", messages }),
    );
    expect(chain).toContain(
      `moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — set agents.defaults.model.primary to "moonshot/kimi-k2.5" ${OBJECT};`,
    );
    expect(chain).toContain(
      `moonshot retired kimi-k2-0905-preview in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — take "moonshot/kimi-k2-0905-preview" out of agents.defaults.model.fallbacks and add "moonshot/kimi-k2.5" to it ${OBJECT};`,
    );

    const alias = await notFoundMessage(
      client.chat.completions.create({ model: "turbo", messages, stream: true }),
    );
    expect(alias).toContain(
      `moonshot retired kimi-k2-turbo-preview in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — the alias "turbo" names it; give the alias to moonshot/kimi-k2.5: move "turbo" to agents.defaults.models["moonshot/kimi-k2.5"].alias ${OBJECT};`,
    );

    const byRef = await notFoundMessage(
      client.chat.completions.create({ model: "moonshot/kimi-k2-turbo-preview", messages }),
    );
    expect(byRef).toContain(
      `its alias "turbo" names it; give the alias to moonshot/kimi-k2.5: move "turbo" to agents.defaults.models["moonshot/kimi-k2.5"].alias ${OBJECT};`,
    );

    // Its scan advice was already the object's (207db4af): no command edits a file here.
    for (const message of [chain, alias, byRef]) {
      expect(message).toContain(
        "see what the key may use now in the ids startGateway's onDiscovery report lists for moonshot",
      );
      expect(message).not.toContain("openclaw models");
    }
  });
});
