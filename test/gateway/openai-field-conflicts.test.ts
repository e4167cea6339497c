/**
 * Chat fields that contradict each other or ask for what the request cannot give, as an `openai`
 * client may send them: OpenAI refuses each with a 400, and the gateway passed them on, where
 * the answer came back other than asked with no word why (text for a forced tool call, one of
 * two token limits, logprobs null). Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

const TURBO = "moonshot/kimi-k2-turbo-preview";
const TIME_TOOL = {
  type: "function" as const,
  function: {
    name: "get_time",
    parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  },
};

describe("chat fields OpenAI refuses together", () => {
  let env: GatewayEnv;
  let client: OpenAI;
  beforeAll(async () => {
    env = await startGatewayEnv();
    client = env.client();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.reset();
  });

  const request = (fields: Record<string, unknown>) =>
    ({ model: TURBO, messages: [{ role: "user", content: "hi" }], ...fields }) as Params;

  describe('tool_choice "required" without tools', () => {
    it("is a 400 naming tool_choice, with tools left out or empty, nothing sent upstream", async () => {
      for (const tools of [{}, { tools: [] }]) {
        const error = await apiFailure(
          client.chat.completions.create(request({ tool_choice: "required", ...tools })),
        );
        expect([error.status, error.param, error.code]).toEqual([
          400,
          "tool_choice",
          "invalid_value",
        ]);
        expect(error.message).toBe(
          "400 tool_choice asks for a tool call, but the request has no tools: send the tools the model must choose from, or leave tool_choice out",
        );
      }
      expect(env.sim.chatRequests()).toHaveLength(0);
    });

    it("on Anthropic's Messages API ({type: any}) is refused the same way", async () => {
      const response = await postMessages(env.gateway.url, {
        model: TURBO,
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
        tool_choice: { type: "any" },
      });
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status).toBe(400);
      expect(body.error.message).toContain("tool_choice asks for a tool call");
      expect(env.sim.chatRequests()).toHaveLength(0);
    });

    it("with tools, or with web_search_options (the gateway's search tool), still goes", async () => {
      env.sim.script([
        { respond: { reply: { toolCalls: [{ name: "get_time", arguments: "{}" }] } } },
      ]);
      const forced = await client.chat.completions.create(
        request({ tools: [TIME_TOOL], tool_choice: "required" }),
      );
      expect(forced.choices[0]?.finish_reason).toBe("tool_calls");
      const searched = await client.chat.completions.create(
        request({ web_search_options: {}, tool_choice: "required" }),
      );
      expect(searched.choices[0]?.message.content).toContain("searched the web");
    });
  });

  describe("max_tokens beside max_completion_tokens", () => {
    it("of another value is a 400 naming both values, nothing sent upstream", async () => {
      const error = await apiFailure(
        client.chat.completions.create(request({ max_tokens: 10, max_completion_tokens: 20 })),
      );
      expect([error.status, error.param, error.code]).toEqual([
        400,
        "max_tokens",
        "invalid_parameter_combination",
      ]);
      expect(error.message).toBe(
        "400 max_tokens (10) and max_completion_tokens (20) were both sent, with different limits: max_tokens is the deprecated form of max_completion_tokens; send one of them",
      );
      expect(env.sim.chatRequests()).toHaveLength(0);
    });

    it("of the same value is that one limit", async () => {
      await client.chat.completions.create(request({ max_tokens: 30, max_completion_tokens: 30 }));
      expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ max_tokens: 30 });
    });
  });

  describe("top_logprobs without logprobs: true", () => {
    it("is a 400 naming top_logprobs and saying to add logprobs, nothing sent upstream", async () => {
      for (const logprobs of [{}, { logprobs: false }]) {
        const error = await apiFailure(
          client.chat.completions.create(request({ top_logprobs: 2, ...logprobs })),
        );
        expect([error.status, error.param]).toEqual([400, "top_logprobs"]);
        expect(error.message).toBe(
          '400 top_logprobs (2) asks for alternatives to each token\'s log probability, which an answer has only with "logprobs": true: add it, or leave top_logprobs out',
        );
      }
      expect(env.sim.chatRequests()).toHaveLength(0);
    });

    it("of 0 asks for nothing and goes; with logprobs: true the alternatives come back", async () => {
      await client.chat.completions.create(request({ top_logprobs: 0 }));
      const answer = await client.chat.completions.create(
        request({ logprobs: true, top_logprobs: 2 }),
      );
      const tokens = answer.choices[0]?.logprobs?.content ?? [];
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expect(token.top_logprobs).toHaveLength(2);
    });
  });
});
