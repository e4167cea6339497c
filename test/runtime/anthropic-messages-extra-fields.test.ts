/**
 * `api: "anthropic-messages"` sends what the chat-completions path sends from a model's `params`
 * and a caller's `extraBody`, in the Messages format's terms (top_k, metadata.user_id,
 * disable_parallel_tool_use, other fields as they are), and says which OpenAI fields it left
 * out; checked at the simulator's /coding/v1/messages over real sockets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Json = Record<string, unknown>;

/** The built-in kimi-code model (it thinks) and one of the user's own that does not. */
function configFor(sim: Simulator) {
  const params = { top_k: 40, temperature: 0.6, x_trace_tag: "from-params" };
  return {
    agents: {
      defaults: {
        model: { primary: "kimi-code/kimi-for-coding" },
        models: { "kimi-code/kimi-for-coding": { params }, "plain/kimi-for-coding": { params } },
      },
    },
    models: {
      mode: "merge" as const,
      providers: {
        "kimi-code": {
          api: "anthropic-messages",
          baseUrl: `${sim.url}/coding`,
          apiKey: sim.keys.kimiCode,
        },
        plain: {
          api: "anthropic-messages",
          baseUrl: `${sim.url}/coding`,
          apiKey: sim.keys.kimiCode,
          headers: { "User-Agent": "KimiCLI/0.77" },
          models: [{ id: "kimi-for-coding", name: "Kimi for Coding", reasoning: false }],
        },
      },
    },
  };
}

async function setup() {
  const sim = await startSimulator();
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-anthropic-extra-"));
  cleanups.push(async () => {
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const env = { PATH: process.env.PATH, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
  const { runtime } = openRuntime({ env, config: configFor(sim) });
  return { sim, runtime };
}

const sentBodies = (sim: Simulator) =>
  sim.requests
    .filter((request) => request.path === "/coding/v1/messages")
    .map((request) => request.body as Json);

const TOOL = {
  type: "function" as const,
  function: { name: "get_time", parameters: { type: "object", properties: {} } },
};

describe("anthropic-messages: params and extra body fields", () => {
  it("sends params and extraBody in Anthropic's terms and notes the OpenAI fields left out", async () => {
    const { sim, runtime } = await setup();
    const events: RuntimeEvent[] = [];
    for await (const event of runtime.stream({
      model: "plain/kimi-for-coding",
      request: {
        messages: [{ role: "user", content: "hi" }],
        tools: [TOOL],
        promptCacheKey: "session-1",
        extraBody: {
          user: "client-7",
          parallel_tool_calls: false,
          x_route: "a",
          logprobs: true,
          seed: 3,
          frequency_penalty: 0,
        },
      },
    }))
      events.push(event);
    expect(events.some((event) => event.type === "result")).toBe(true);
    const [body] = sentBodies(sim);
    expect(body).toMatchObject({
      top_k: 40,
      temperature: 0.6,
      x_trace_tag: "from-params",
      x_route: "a",
      metadata: { user_id: "client-7" },
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    });
    for (const left of [
      "user",
      "parallel_tool_calls",
      "logprobs",
      "seed",
      "frequency_penalty",
      "prompt_cache_key",
    ])
      expect(body, left).not.toHaveProperty(left);
    const start = events.find((event) => event.type === "start");
    const notes = start?.type === "start" ? (start.adjustments ?? []) : [];
    expect(notes).toContain(
      'logprobs true not sent: plain/kimi-for-coding is called over Anthropic\'s Messages format (api "anthropic-messages"), which has no such field; the answer carries none',
    );
    expect(notes.join("\n")).toContain("seed 3 not sent");
    // A value that asks for nothing goes without a note.
    expect(notes.join("\n")).not.toContain("frequency_penalty");
  });

  it("leaves top_k out with a note while the model thinks, as temperature", async () => {
    const { sim, runtime } = await setup();
    const events: RuntimeEvent[] = [];
    for await (const event of runtime.stream({
      request: { messages: [{ role: "user", content: "hi" }], extraBody: { user: "client-8" } },
    }))
      events.push(event);
    const [body] = sentBodies(sim);
    expect(body?.thinking).toMatchObject({ type: "enabled" });
    expect(body).not.toHaveProperty("top_k");
    expect(body).not.toHaveProperty("temperature");
    expect(body).toMatchObject({ x_trace_tag: "from-params", metadata: { user_id: "client-8" } });
    const start = events.find((event) => event.type === "start");
    const notes = start?.type === "start" ? (start.adjustments ?? []) : [];
    expect(notes).toContain(
      "top_k not sent: Anthropic's format takes no sampling values while the model thinks",
    );
  });
});
