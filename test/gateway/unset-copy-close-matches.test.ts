/**
 * A bare model id the gateway does not serve (`kimi-k2-thinkng`, `kimi-k2.7`), asked by the
 * official `openai` client of a gateway whose config sets up moonshot as onboarding writes it
 * (models.mode "merge", so the built-in moonshot-cn is in the catalog too, without a key): the
 * 404's close matches are the configured moonshot's models, as the CLI's "closest" are, not
 * moonshot-cn's copy first. Before, it read "close matches: moonshot-cn/kimi-k2-thinking,
 * moonshot/kimi-k2-thinking, …". The usual gateway harness replaces the built-in providers, so its
 * 404s never had the copies to offer. Real sockets and the simulator, which does not list
 * either id.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

let gateway: RunningGateway;
let client: OpenAI;
beforeAll(async () => {
  const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2.5");
  const { env } = gatewayStateWith("unset-copy-", `${JSON.stringify(config)}\n`);
  gateway = await startGateway({ port: 0, watch: false, env, log: () => {} });
  // The config asks for no gateway token.
  client = new OpenAI({ apiKey: "unused", baseURL: `${gateway.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
});

/** The messages of the 404s chat completions and responses answer `model` with. */
async function refusals(model: string): Promise<string[]> {
  const answers = await Promise.all([
    client.chat.completions
      .create({ model, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught),
    client.responses.create({ model, input: "hi" }).catch((caught: unknown) => caught),
  ]);
  return answers.map((answer) => {
    expect(answer).toBeInstanceOf(OpenAI.NotFoundError);
    return (answer as InstanceType<typeof OpenAI.NotFoundError>).message;
  });
}

/**
 * The CLI's advice that follows the close matches (see new-model-advice.test.ts): how it ends
 * depends on whether the gateway has read moonshot's GET /models yet, which is not waited for.
 */
const NEW_MODEL_OF_MOONSHOT = (id: string) =>
  `if "${id}" is a new model of moonshot, add it under models.providers.moonshot.models`;

describe("close matches for a bare unknown id beside a provider the config does not set up", () => {
  it.each([
    ["kimi-k2-thinkng", "moonshot/kimi-k2-thinking, moonshot/kimi-k2-thinking-turbo"],
    ["kimi-k2.7", "moonshot/kimi-k2.5"],
  ])("%s offers the configured moonshot's models alone: %s", async (model, matches) => {
    for (const message of await refusals(model))
      expect(message).toContain(
        `404 model "${model}" is not configured; close matches: ${matches}; ${NEW_MODEL_OF_MOONSHOT(model)}`,
      );
  });

  it("a ref of the configured provider is not followed by moonshot-cn's copies either", async () => {
    for (const message of await refusals("moonshot/kimi-k2-thinkng"))
      expect(message).toContain(
        `404 model "moonshot/kimi-k2-thinkng" is not configured; close matches: moonshot/kimi-k2-thinking, moonshot/kimi-k2-thinking-turbo, moonshot/kimi-k2.5; ${NEW_MODEL_OF_MOONSHOT("kimi-k2-thinkng")}`,
      );
  });
});
