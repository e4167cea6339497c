/**
 * The note that thinking was turned off for a web search quotes what the client sent: a chat
 * completion's `reasoning_effort` or Moonshot's `thinking`, a response's `reasoning.effort`, a
 * message's `output_config.effort`. It quoted the library's own level (`thinking "high"`), a
 * field none of the gateway's clients has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GATEWAY_TOKEN,
  type GatewayEnv,
  notesOf,
  postMessages,
  startGatewayEnv,
} from "./harness.js";

const turnedOff = (asked: string) =>
  `${asked} turned off: Moonshot's $web_search does not work with thinking on`;

describe("the note of thinking turned off for a web search", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function post(path: string, body: Record<string, unknown>) {
    const response = await fetch(`${env.gateway.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "moonshot/kimi-k2.5", ...body }),
    });
    return {
      status: response.status,
      text: await response.text(),
      notes: notesOf(response.headers),
    };
  }

  it("on chat completions, quotes reasoning_effort or thinking as sent", async () => {
    const messages = [{ role: "user", content: "Any news today?" }];
    const effort = await post("/v1/chat/completions", {
      messages,
      reasoning_effort: "high",
      web_search_options: {},
    });
    expect(effort.status, effort.text).toBe(200);
    expect(effort.text).toContain("(searched the web)");
    expect(effort.notes).toContain(turnedOff('reasoning effort "high"'));
    const thinking = await post("/v1/chat/completions", {
      messages,
      thinking: { type: "enabled" },
      web_search_options: {},
    });
    expect(thinking.notes).toContain(turnedOff('thinking {"type":"enabled"}'));
  });

  it("on /v1/responses and /v1/messages, quotes the effort as sent", async () => {
    const response = await post("/v1/responses", {
      input: "Any news today?",
      reasoning: { effort: "high" },
      tools: [{ type: "web_search" }],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.notes).toContain(turnedOff('reasoning effort "high"'));
    const message = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      output_config: { effort: "high" },
      messages: [{ role: "user", content: "Any news today?" }],
      tools: [{ type: "web_search_20250305", name: "web_search" }],
    });
    expect(message.status).toBe(200);
    expect(notesOf(message.headers)).toContain(turnedOff('output_config.effort "high"'));
  });
});
