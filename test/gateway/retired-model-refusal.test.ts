/**
 * The gateway's 404 for a model the allowlist shuts out does not advise adding back a built-in
 * model the provider's own models list leaves out (as `models scan --prune` leaves the seed
 * config's kimi-k2-thinking): the provider may have retired it.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const RETIRED = "moonshot/kimi-k2-thinking";

describe("a built-in model the config's moonshot models list leaves out", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      editConfig: (config) => {
        // What a prune writes: the id gone from the provider's list and from the allowlist.
        const agents = config.agents as { defaults: { models: Record<string, unknown> } };
        delete agents.defaults.models[RETIRED];
        const models = config.models as {
          mode: string;
          providers: { moonshot: { models: { id: string }[] } };
        };
        // The seed config's mode: the built-in list stays under the configured one.
        models.mode = "merge";
        const moonshot = models.providers.moonshot;
        moonshot.models = moonshot.models.filter((model) => model.id !== "kimi-k2-thinking");
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is refused with a 404 that says it may be retired and how to see what is offered", async () => {
    const error = await env
      .client()
      .chat.completions.create({ model: RETIRED, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const { message } = (error as InstanceType<typeof OpenAI.NotFoundError>).error as {
      message: string;
    };
    expect(message).toBe(
      `model "${RETIRED}": ${RETIRED} is not in the allowlist (agents.defaults.models), so this gateway does not serve it (hint: it is in openclaw's built-in list only: models.providers.moonshot.models does not list it, and moonshot may have retired it; see what moonshot offers now with: openclaw models scan --provider moonshot, and the models you can use with: openclaw models list)`,
    );
    expect(message).not.toContain("under agents.defaults.models in the gateway's config");
  });
});
