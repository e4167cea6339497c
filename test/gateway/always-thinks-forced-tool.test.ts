/**
 * A forced tool choice, or thinking off, sent through the gateway to a model whose config says it
 * always thinks (`compat.alwaysThinks`, as the built-in kimi-for-coding has): Moonshot refuses
 * forced tool use while a model thinks, and this model refuses thinking off. It gets one request
 * shaped as it takes it (the choice as "auto", no thinking switch), and the client is told why in
 * x-openclaw-notes; before, the first request went with thinking off, to be refused and sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv, withKimiCodeAlwaysThinking } from "./harness.js";

const MODEL = "kimi-code/kimi-for-coding";
const WHY = "it refuses thinking off, its compat.alwaysThinks says";
let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({
    primary: MODEL,
    fallbacks: [],
    editConfig: withKimiCodeAlwaysThinking,
  });
});
afterAll(async () => {
  await env?.close();
});

type Body = { thinking?: unknown; tool_choice?: unknown };
const lastBody = () => env.sim.chatRequests().at(-1)?.body as Body | undefined;

describe("a model whose config says it always thinks, through the gateway", () => {
  it("gets a forced tool choice as auto in one request, with the reason in x-openclaw-notes", async () => {
    const before = env.sim.chatRequests().length;
    const { response } = await env
      .client()
      .chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: "Time?" }],
        tools: [
          {
            type: "function",
            function: { name: "get_time", parameters: { type: "object", properties: {} } },
          },
        ],
        tool_choice: "required",
      })
      .withResponse();
    expect(env.sim.chatRequests().length - before).toBe(1);
    expect(lastBody()?.tool_choice).toBe("auto");
    expect(lastBody()?.thinking).toBeUndefined();
    const notes = decodeURIComponent(response.headers.get("x-openclaw-notes") ?? "");
    expect(notes).toContain(
      `tool_choice "required" sent as "auto": ${MODEL} rejects forced tool use while thinking, and it always thinks (${WHY})`,
    );
  });

  it("gets reasoning_effort none as no switch, in one request, noted", async () => {
    const before = env.sim.chatRequests().length;
    const { response } = await env
      .client()
      .chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: "hi" }],
        reasoning_effort: "none",
      })
      .withResponse();
    expect(env.sim.chatRequests().length - before).toBe(1);
    expect(lastBody()?.thinking).toBeUndefined();
    const notes = decodeURIComponent(response.headers.get("x-openclaw-notes") ?? "");
    expect(notes).toContain(
      `reasoning effort "none" not applied: ${MODEL} always thinks (${WHY}), so it is sent without the thinking switch and thinks at its own depth`,
    );
  });
});
