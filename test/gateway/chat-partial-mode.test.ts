/**
 * A chat request whose last message is an assistant message with `"partial": true` (Moonshot's
 * partial mode: the start of the answer) to a model whose endpoint is not known to take the mode
 * would be answered anew, a wrong answer with no error: POST /v1/chat/completions refuses it with
 * a 400 naming that message's flag and the edit that declares the mode, before anything goes
 * upstream. To the default model, only the members of its chain that continue a prompt answer.
 * The official `openai` client, the gateway and the simulator on 127.0.0.1.
 */
import { BadRequestError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv, withUnknownProvider } from "./harness.js";

const cleanups: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of cleanups.splice(0)) await env.close();
});

async function gatewayWithLab(primary: string, fallbacks: string[] = []): Promise<GatewayEnv> {
  const env = await startGatewayEnv({ primary, fallbacks, editConfig: withUnknownProvider("lab") });
  cleanups.push(env);
  return env;
}

// `partial` is Moonshot's field, not in the openai client's types: the body goes as written.
const prefilled = [
  { role: "user", content: "Write a haiku about the sea" },
  { role: "assistant", content: "Waves fold", partial: true },
] as ChatCompletionMessageParam[];

describe("POST /v1/chat/completions with a partial assistant message", () => {
  it("is a 400 for a provider not known to take partial mode, naming the message's flag; nothing goes upstream", async () => {
    const env = await gatewayWithLab("moonshot/kimi-k2.5");
    const failure = await env
      .client()
      .chat.completions.create({ model: "lab/kimi-k2.5", messages: prefilled, max_tokens: 20 })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(failure).toBeInstanceOf(BadRequestError);
    const refusal = failure as BadRequestError;
    expect(refusal.code).toBe("partial_mode_unsupported");
    expect(refusal.param).toBe("messages[1].partial");
    expect(refusal.message).toContain("lab/kimi-k2.5 cannot continue a prompt");
    expect(refusal.message).toContain('drop "partial": true');
    expect(refusal.message).toContain(
      "openclaw config set models.providers.lab.compat.supportsPartialMode true",
    );
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("to the default model, is answered by the primary that takes the mode, not refused for its fallback", async () => {
    const env = await gatewayWithLab("moonshot/kimi-k2.5", ["lab/kimi-k2.5"]);
    const answer = await env
      .client()
      .chat.completions.create({ model: "openclaw", messages: prefilled, max_tokens: 20 });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
    const sent = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; partial?: boolean }[];
    };
    expect(sent.messages.at(-1)).toMatchObject({ role: "assistant", partial: true });
  });

  it("goes past a primary without the mode to the fallback that has it", async () => {
    const env = await gatewayWithLab("lab/kimi-k2.5", ["moonshot/kimi-k2.5"]);
    const answer = await env
      .client()
      .chat.completions.create({ model: "openclaw", messages: prefilled, max_tokens: 20 });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
    expect(env.sim.chatRequests()).toHaveLength(1);
  });
});

// Claude Code's and the Anthropic SDK's prefill is Moonshot's partial mode upstream: alike.
describe("POST /v1/messages with a prefill (a last assistant message)", () => {
  it("is refused for a provider not known to take partial mode, naming the model; nothing goes upstream", async () => {
    const env = await gatewayWithLab("moonshot/kimi-k2.5");
    const failure = await env
      .anthropic()
      .messages.create({
        model: "lab/kimi-k2.5",
        max_tokens: 20,
        messages: [
          { role: "user", content: "Write a haiku about the sea" },
          { role: "assistant", content: "Waves fold" },
        ],
      })
      .then(
        () => undefined,
        (thrown: unknown) => thrown as { status?: number; message?: string },
      );
    expect(failure?.status).toBe(400);
    expect(failure?.message).toContain(
      "lab/kimi-k2.5 cannot continue a prompt: a last assistant message is a prefill",
    );
    expect(failure?.message).toContain("send the request without the prefill");
    expect(failure?.message).not.toContain('drop "partial"');
    expect(env.sim.chatRequests()).toEqual([]);
  });
});
