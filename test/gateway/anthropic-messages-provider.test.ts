/**
 * A provider set to `api: "anthropic-messages"` (Kimi Code's Anthropic surface) behind the
 * gateway, asked with the official `openai` client: the gateway lists its model, answers a plain
 * request and a stream from it, and calls the simulator's /coding/v1/messages to do so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

describe("a provider with api anthropic-messages behind the gateway", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("has no start-up problem and lists the model", async () => {
    expect(
      env.gateway.backend().problems.filter((problem) => problem.where?.includes("kimi-code")),
    ).toEqual([]);
    const ids = (await env.client().models.list()).data.map((entry) => entry.id);
    expect(ids).toContain("kimi-code/kimi-for-coding");
  });

  it("answers the openai client, plain and streamed, over /coding/v1/messages", async () => {
    env.sim.script([{ respond: { reply: { reasoning: "Easy.", text: "Two." } }, times: 2 }]);
    const answer = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "What is one plus one?" }],
    });
    expect(answer.choices[0]?.message.content).toBe("Two.");
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(answer.usage?.prompt_tokens).toBeGreaterThan(0);

    const stream = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "What is one plus one?" }],
      stream: true,
    });
    let text = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("Two.");
    expect(finish).toBe("stop");

    const paths = env.sim.requests.map((request) => request.path);
    expect(paths.filter((path) => path === "/coding/v1/messages")).toHaveLength(2);
    expect(paths).not.toContain("/coding/v1/chat/completions");
  });
});

describe("a tool's strict over api anthropic-messages, to a model with a strict mode", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic({
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { compat?: object }> })
          .providers;
        const kimiCode = providers["kimi-code"] as { compat?: object };
        kimiCode.compat = { ...kimiCode.compat, supportsStrictMode: true };
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("goes upstream on the Anthropic tool, as Anthropic's format has it", async () => {
    const answer = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "What time is it?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_time",
            parameters: { type: "object", properties: {}, additionalProperties: false },
            strict: true,
          },
        },
        { type: "function", function: { name: "get_date", parameters: { type: "object" } } },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    const sent = env.sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent.at(-1)?.body as { tools?: Record<string, unknown>[] } | undefined;
    expect(body?.tools?.map((tool) => [tool.name, tool.strict])).toEqual([
      ["get_time", true],
      ["get_date", undefined],
    ]);
  });
});
