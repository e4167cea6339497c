/**
 * A default chain whose primary cannot search (kimi-for-coding always thinks) and a fallback
 * that can, through the gateway with the openai client: the answer comes from the fallback after
 * a search, its x-openclaw-notes do not repeat, and /metrics counts the skip as one fallback step
 * of the request, not one per request the search took.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition } from "../helpers/prometheus-text.js";
import {
  GATEWAY_TOKEN,
  type GatewayEnv,
  startGatewayEnv,
  withKimiCodeAlwaysThinking,
} from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({
    primary: "kimi-code/kimi-for-coding",
    fallbacks: ["moonshot/kimi-k2.5"],
    editConfig: withKimiCodeAlwaysThinking,
  });
});
afterAll(async () => {
  await env?.close();
});

describe("web search through the gateway with a chain whose primary cannot search", () => {
  it("answers from the fallback, with notes told once and one fallback step counted", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "What launched today?" }],
        web_search_options: {},
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("(searched the web)");
    expect(response.headers.get("x-openclaw-model")).toBe("moonshot/kimi-k2.5");
    const notes = (response.headers.get("x-openclaw-notes") ?? "").split(/;\s*/);
    expect(notes.length).toBe(new Set(notes).size);
    // Two requests went upstream, both to the fallback (the search, then the answer).
    expect(env.sim.chatRequests().map((r) => (r.body as { model?: unknown }).model)).toEqual([
      "kimi-k2.5",
      "kimi-k2.5",
    ]);
    const text = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    const steps = (
      parseExposition(text).families.get("openclaw_gateway_upstream_fallbacks_total")?.samples ?? []
    ).reduce((sum, sample) => sum + sample.value, 0);
    expect(steps).toBe(1);
  });
});
