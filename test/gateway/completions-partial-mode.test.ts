/**
 * `POST /v1/completions` sends the prompt as the start of the answer (Moonshot's partial mode).
 * A custom OpenAI-compatible provider is not known to take that mode: it would read the prompt
 * as an earlier turn and answer anew, a wrong completion with no error. Its models get a 400
 * naming the model and the `config set` that declares the mode (`compat.supportsPartialMode`),
 * and once declared they answer; Moonshot's own endpoint has it on. The official `openai`
 * client, the gateway and the simulator on 127.0.0.1.
 */
import OpenAI, { APIError, BadRequestError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { type ProviderConfig, startGateway } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import { SIM_KEYS, startSimulator } from "../simulator/index.js";
import { type GatewayEnv, startGatewayEnv, withUnknownProvider } from "./harness.js";

const cleanups: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of cleanups.splice(0)) await env.close();
});

async function gatewayWithLab(
  compat?: Record<string, unknown>,
  primary = "moonshot/kimi-k2.5",
  fallbacks: string[] = [],
): Promise<GatewayEnv> {
  const env = await startGatewayEnv({
    primary,
    fallbacks,
    editConfig: (config) => {
      withUnknownProvider("lab")(config);
      const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
        .providers;
      if (compat && providers.lab) providers.lab.compat = compat;
    },
  });
  cleanups.push(env);
  return env;
}

async function refusal(env: GatewayEnv, model: string): Promise<BadRequestError> {
  const failure = await env
    .client()
    .completions.create({ model, prompt: "Once upon a time", max_tokens: 20 })
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(failure).toBeInstanceOf(BadRequestError);
  return failure as BadRequestError;
}

const DECLARE = "openclaw config set models.providers.lab.compat.supportsPartialMode true";

describe("POST /v1/completions for a provider not known to take partial mode", () => {
  it("is a 400 naming the model and the config set that declares the mode; nothing goes upstream", async () => {
    const env = await gatewayWithLab();
    const failure = await refusal(env, "lab/kimi-k2.5");
    expect(failure.status).toBe(400);
    expect(failure.code).toBe("partial_mode_unsupported");
    expect(failure.param).toBe("model");
    expect(failure.message).toContain("lab/kimi-k2.5 cannot continue a prompt");
    expect(failure.message).toContain("POST /v1/chat/completions");
    expect(failure.message).toContain(DECLARE);
    expect(env.sim.chatRequests()).toEqual([]);

    // Moonshot's own endpoint takes partial mode: the prompt goes as a partial assistant message.
    const completion = await env.client().completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "Once upon a time",
      max_tokens: 20,
    });
    expect(completion.choices[0]?.text).not.toBe("");
    const sent = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; partial?: boolean }[];
    };
    expect(sent.messages.at(-1)).toMatchObject({ role: "assistant", partial: true });
  });

  it("answers the default model from its primary when only a fallback lacks the mode; a failing primary is not followed by that fallback", async () => {
    // The fallback on a simulator of its own: whatever it is sent is seen there alone.
    const labSim = await startSimulator();
    const env = await startGatewayEnv({
      primary: "moonshot/kimi-k2.5",
      fallbacks: ["lab/kimi-k2.5"],
      editConfig: (config) => {
        withUnknownProvider("lab")(config);
        const providers = (config.models as { providers: Record<string, ProviderConfig> })
          .providers;
        providers.lab = customProvider(providers.lab?.models ?? [], {
          baseUrl: labSim.moonshotBaseUrl,
          apiKey: SIM_KEYS.ai[0],
        });
      },
    });
    cleanups.push(env);
    try {
      const completion = await env.client().completions.create({
        model: "openclaw",
        prompt: "Once upon a time",
        max_tokens: 20,
      });
      expect(completion.model).toBe("moonshot/kimi-k2.5");
      expect(completion.choices[0]?.text).not.toBe("");
      expect(env.sim.chatRequests()).toHaveLength(1);

      // The primary fails with what moves a run on to its fallback: the client is told that
      // failure, and the fallback, which would answer the prompt anew, is sent nothing.
      env.sim.failNext(20, "server");
      const failure = await env
        .client()
        .completions.create({ model: "openclaw", prompt: "Once upon a time", max_tokens: 20 })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(failure).toBeInstanceOf(APIError);
      expect(failure).not.toBeInstanceOf(BadRequestError);
      expect((failure as APIError).status).toBeGreaterThanOrEqual(500);
      expect((failure as APIError).message).toContain("moonshot/kimi-k2.5");
      expect(env.sim.chatRequests().length).toBeGreaterThan(1);
      expect(labSim.chatRequests()).toEqual([]);
    } finally {
      await labSim.close();
    }
  });

  it("refuses the default model when no model of its chain takes the mode, naming them", async () => {
    const env = await startGatewayEnv({
      primary: "lab/kimi-k2.5",
      fallbacks: ["lab2/kimi-k2.5"],
      editConfig: (config) => {
        withUnknownProvider("lab")(config);
        withUnknownProvider("lab2")(config);
      },
    });
    cleanups.push(env);
    const failure = await refusal(env, "openclaw");
    expect(failure.code).toBe("partial_mode_unsupported");
    expect(failure.param).toBe("model");
    expect(failure.message).toContain(
      "none of lab/kimi-k2.5, lab2/kimi-k2.5 can continue a prompt: /v1/completions sends the prompt as the start of the answer",
    );
    expect(failure.message).toContain("providers lab, lab2 are not known to take it");
    // Streamed, the refusal comes before the stream opens: the same 400.
    const streamed = await env
      .client()
      .completions.create({ model: "openclaw", prompt: "Once upon a time", stream: true })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(streamed).toBeInstanceOf(BadRequestError);
    expect((streamed as BadRequestError).code).toBe("partial_mode_unsupported");
    expect(failure.message).toContain("POST /v1/chat/completions");
    expect(failure.message).toContain(DECLARE);
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("answers once compat.supportsPartialMode declares the mode", async () => {
    const env = await gatewayWithLab({ supportsPartialMode: true });
    const completion = await env.client().completions.create({
      model: "lab/kimi-k2.5",
      prompt: "Once upon a time",
      max_tokens: 20,
    });
    expect(completion.object).toBe("text_completion");
    const sent = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content: string; partial?: boolean }[];
    };
    expect(sent.messages.at(-1)).toMatchObject({
      role: "assistant",
      content: "Once upon a time",
      partial: true,
    });
  });

  it("from a gateway a program gave a config object, says the edit of that object", async () => {
    const sim = await startSimulator();
    const base = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2.5");
    const lab = {
      api: "openai-completions" as const,
      apiKey: SIM_KEYS.ai[0],
      baseUrl: sim.moonshotBaseUrl,
      models: [{ id: "kimi-k2.5", name: "Served elsewhere" }],
    };
    const gateway = await startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: gatewayStateWith("partial-mode-object-", "{}\n").stateDir },
      config: { ...base, models: { ...base.models, providers: { ...base.models.providers, lab } } },
      log: () => {},
    });
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "unused", maxRetries: 0 });
      const failure = await client.completions
        .create({ model: "lab/kimi-k2.5", prompt: "Once upon a time", max_tokens: 20 })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(failure).toBeInstanceOf(BadRequestError);
      const message = (failure as BadRequestError).message;
      expect(message).toContain(
        "declare it: set models.providers.lab.compat.supportsPartialMode to true in the config object startGateway is given",
      );
      expect(message).not.toContain("openclaw config set");
    } finally {
      await gateway.close(0);
      await sim.close();
    }
  });
});
