/**
 * A thinking model wants every earlier tool-call turn sent back with its `reasoning_content`. A
 * turn that has none (a client that dropped it, a turn made with thinking off) goes with an
 * empty one, which Moonshot takes; kimi-k2.6 was reported to take "" as missing too
 * (earendil-works/pi#4251), which would refuse every later turn of such a conversation. Then the
 * empty ones go again as "(reasoning not kept)", and from then on at once. Real sockets, the
 * simulator with kimi-k2.6 refusing "".
 */
import { afterEach, describe, expect, it } from "vitest";
import { CURRENT_SIM_MODELS, RETIRED_SIM_MODELS } from "../simulator/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** A question answered by a tool call whose reasoning the client did not keep. */
const history = [
  { role: "user", content: "what time is it?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "functions.now:0", type: "function", function: { name: "now", arguments: "{}" } },
    ],
  },
  { role: "tool", tool_call_id: "functions.now:0", content: "12:00" },
];

async function ask(url: string): Promise<Response> {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "moonshot/kimi-k2.6", messages: history }),
  });
}

const sentReasoning = (gateway: GatewayEnv) =>
  gateway.sim.chatRequests().map((request) => {
    const messages = (request.body as { messages: Array<Record<string, unknown>> }).messages;
    return messages.find((message) => message.role === "assistant")?.reasoning_content;
  });

describe("a thinking model that takes an empty reasoning_content as missing", () => {
  it("gets the turn again with '(reasoning not kept)', and at once on the next request", async () => {
    env = await startGatewayEnv({
      fallbacks: [],
      sim: {
        models: [
          ...CURRENT_SIM_MODELS.map((model) =>
            model.id === "kimi-k2.6" ? { ...model, refusesEmptyReasoning: true } : model,
          ),
          ...RETIRED_SIM_MODELS,
        ],
      },
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { models: unknown[] }> })
          .providers;
        providers.moonshot?.models.push({
          id: "kimi-k2.6",
          name: "Kimi K2.6",
          reasoning: true,
          input: ["text", "image"],
        });
        const defaults = (config.agents as { defaults: { models: Record<string, unknown> } })
          .defaults;
        defaults.models["moonshot/kimi-k2.6"] = {};
      },
    });

    const first = await ask(env.baseURL);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { choices: Array<{ message: { content: string } }> };
    expect(answer.choices[0]?.message.content).toBe("Tool results: 12:00");
    expect(notesOf(first.headers).join("\n")).toContain(
      'took an empty reasoning_content as missing: sent again with "(reasoning not kept)"',
    );
    expect(sentReasoning(env)).toEqual(["", "(reasoning not kept)"]);

    // Learned: the next request goes right the first time, and says so.
    const second = await ask(env.baseURL);
    expect(second.status).toBe(200);
    expect(sentReasoning(env)).toEqual(["", "(reasoning not kept)", "(reasoning not kept)"]);
    expect(notesOf(second.headers).join("\n")).toContain(
      'sent with "(reasoning not kept)": moonshot/kimi-k2.6 took "" as missing before',
    );
  });

  it("is not said of a model that took it, where other changes make the turn's slot", async () => {
    // kimi-k2.7-code always thinks: asked not to, it refuses the switch, and from then on the
    // request goes without it, the turn's reasoning slot made then (not before).
    env = await startGatewayEnv({
      fallbacks: [],
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { models: unknown[] }> })
          .providers;
        providers.moonshot?.models.push({
          id: "kimi-k2.7-code",
          name: "Kimi K2.7 Code",
          reasoning: true,
          input: ["text"],
        });
        const defaults = (config.agents as { defaults: { models: Record<string, unknown> } })
          .defaults;
        defaults.models["moonshot/kimi-k2.7-code"] = {};
      },
    });
    for (let round = 0; round < 2; round++) {
      const response = await fetch(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.7-code",
          reasoning_effort: "none",
          messages: history,
        }),
      });
      expect(response.status).toBe(200);
      expect(notesOf(response.headers).join("\n")).not.toContain("reasoning not kept");
    }
    expect(sentReasoning(env).at(-1)).toBe("");
  });
});
