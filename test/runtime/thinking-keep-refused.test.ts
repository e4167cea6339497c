/**
 * Moonshot's preserved thinking (`thinking: {"keep": "all"}`) is kimi-k2.6's option: kimi-k2.5
 * refuses it with `thinking.keep is not supported by model "kimi-k2.5"`, thinking on or off
 * (vercel/ai#18449). Clients that send it to every Kimi model must get their answer, with the
 * thinking they asked for; and the refusal of one option must not cost the model its thinking
 * switch for every later request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, simConfig } from "../gateway/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayOverSimulator(): Promise<{ sim: Simulator; client: OpenAI }> {
  const sim = await startSimulator();
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-keep-refused-"));
  writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify(simConfig(sim), null, 2));
  const gateway = await startGateway({
    env: {
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_HOME: stateDir,
      MOONSHOT_API_KEY: sim.keys.moonshot,
      KIMICODE_API_KEY: sim.keys.kimiCode,
    },
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    log: () => {},
  });
  cleanups.push(async () => {
    await gateway.close(2000);
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
    timeout: 15_000,
  });
  return { sim, client };
}

interface SentBody {
  thinking?: unknown;
  tool_choice?: unknown;
}

const getTime = {
  type: "function" as const,
  function: { name: "get_time", parameters: { type: "object", properties: {} } },
};

describe('thinking.keep refused by kimi-k2.5 ("not supported by model")', () => {
  it("is sent again without keep, keeping thinking off as asked, and later requests keep their switch", async () => {
    const { sim, client } = await gatewayOverSimulator();
    const response = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
        // @ts-expect-error Moonshot's thinking object, not in OpenAI's types
        thinking: { type: "disabled", keep: "all" },
      })
      .withResponse();
    expect(response.data.choices[0]?.message.content).toContain("Echo");
    const bodies = () => sim.chatRequests().map((request) => request.body as SentBody);
    expect(bodies().map((body) => body.thinking)).toEqual([
      { type: "disabled", keep: "all" },
      { type: "disabled" },
    ]);
    expect(decodeURIComponent(response.response.headers.get("x-openclaw-notes") ?? "")).toContain(
      "moonshot/kimi-k2.5 does not take thinking.keep (preserved thinking): sent again without it, the thinking switch as asked",
    );

    // Another client asks for thinking off with a forced tool: the switch still goes, so the
    // tool choice is kept (a model left to think would have it sent as "auto").
    await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "what time is it?" }],
      tools: [getTime],
      tool_choice: "required",
      reasoning_effort: "none",
    });
    expect(bodies().at(-1)).toMatchObject({
      thinking: { type: "disabled" },
      tool_choice: "required",
    });

    // keep again: left out from the start, one upstream request.
    const before = bodies().length;
    await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "again" }],
      // @ts-expect-error Moonshot's thinking object, not in OpenAI's types
      thinking: { type: "disabled", keep: "all" },
    });
    expect(
      bodies()
        .slice(before)
        .map((body) => body.thinking),
    ).toEqual([{ type: "disabled" }]);
  });
});
