/**
 * A gateway client that sends a provider's id as its `model` ("kimi-code", "moonshot"): the 404
 * says it is a provider and names the refs of its models to send instead, the default first,
 * rather than offering close matches (or nothing) as for a slip.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a provider's id sent as the model", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ primary: "moonshot/kimi-k2-thinking" });
  });
  afterAll(async () => {
    await env?.close();
  });

  async function refusal(model: string): Promise<InstanceType<typeof OpenAI.NotFoundError>> {
    const caught = await env
      .client()
      .chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] })
      .catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(OpenAI.NotFoundError);
    return caught as InstanceType<typeof OpenAI.NotFoundError>;
  }

  it('"kimi-code" names kimi-code/kimi-for-coding, to send as "model"', async () => {
    const error = await refusal("kimi-code");
    expect(error.error).toEqual({
      message:
        'model "kimi-code" is a provider, not a model or alias (hint: send its model\'s ref as "model": "kimi-code/kimi-for-coding")',
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  });

  it('"moonshot" names its configured models, the default model first', async () => {
    const error = await refusal("Moonshot");
    expect(error.message).toContain(
      'model "Moonshot" is a provider, not a model or alias (hint: send one of its models\' refs as "model": "moonshot/kimi-k2-thinking", "moonshot/kimi-k2.5"',
    );
    expect(error.message).not.toContain("close matches");
  });
});
