/**
 * The library's door for video: runtime.complete sends a user message's `video_url` part to a
 * model whose "input" lists "video" (Moonshot's kimi-k2.5, here the simulator's), and refuses it
 * for a chain of models that do not take video before anything is sent, naming the configured
 * models that do.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";
import type { ChatRequest } from "../../src/providers/types.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const VIDEO = "data:video/mp4;base64,AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=";

const request: ChatRequest = {
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What happens in this clip?" },
        { type: "video_url", video_url: { url: VIDEO } },
      ],
    },
  ],
};

let sim: Simulator;
let stateDir: string;

beforeAll(async () => {
  sim = await startSimulator();
  stateDir = mkdtempSync(join(tmpdir(), "openclaw-video-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(stateDir, { recursive: true, force: true });
});

function runtimeWithPrimary(primary: string) {
  const config = {
    models: {
      mode: "replace" as const,
      providers: {
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          apiKey: sim.keys.moonshot,
          api: "openai-completions" as const,
          models: [
            { id: "kimi-k2.5", name: "Kimi K2.5", input: ["text", "image", "video"] },
            { id: "kimi-k3", name: "Kimi K3", input: ["text", "image"] },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary } } },
  };
  return openRuntime({ config, env: { OPENCLAW_STATE_DIR: stateDir } }).runtime;
}

describe("video_url parts through the runtime", () => {
  it("reach a model whose input lists video, as the caller wrote them", async () => {
    const result = await runtimeWithPrimary("moonshot/kimi-k2.5").complete({ request });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    const sent = sim.chatRequests().at(-1)?.body as { messages: { content: unknown }[] };
    expect(sent.messages.at(-1)?.content).toEqual([
      { type: "text", text: "What happens in this clip?" },
      { type: "video_url", video_url: { url: VIDEO } },
    ]);
  });

  it("are refused for a model that does not take video, naming the ones that do", async () => {
    const before = sim.chatRequests().length;
    await expect(
      runtimeWithPrimary("moonshot/kimi-k3").complete({ request }),
    ).rejects.toMatchObject({
      code: "video_not_supported",
      message: "moonshot/kimi-k3 does not accept video (its input is text, image)",
      hint: expect.stringContaining(
        "ask for a model that takes video (configured here: moonshot/kimi-k2.5)",
      ),
    });
    expect(sim.chatRequests().length).toBe(before);
  });
});
