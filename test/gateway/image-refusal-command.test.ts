/**
 * An image sent through the gateway to a model whose config entry takes text only: the refusal's
 * hint ends with the `openclaw config set` that puts "image" in that entry's input (as `agent
 * --image` and `models scan` give it), where it said 'add "image" to its "input" in
 * models.providers.moonshot.models (the entry with id …)' and left the index and quoting to the
 * person. Real sockets, the official `openai` client, the simulator.
 */
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ primary: "moonshot/kimi-k2-turbo-preview", fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

describe("an image for a model configured as text-only", () => {
  it("is refused with the config set that adds image to its entry's input", async () => {
    const config = JSON.parse(readFileSync(env.configPath, "utf8")) as {
      models: { providers: { moonshot: { models: { id: string }[] } } };
    };
    const index = config.models.providers.moonshot.models.findIndex(
      (model) => model.id === "kimi-k2-turbo-preview",
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const error = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            ],
          },
        ],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const message = (error as Error).message;
    expect(message).toContain("moonshot/kimi-k2-turbo-preview does not accept images");
    expect(message).toContain(
      `if moonshot/kimi-k2-turbo-preview takes pictures, add "image" to its input: openclaw config set 'models.providers.moonshot.models[${index}].input' '["text","image"]')`,
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
