/**
 * The reasoning blob carries the upstream's thinking signature across a gateway restart (api
 * anthropic-messages, which refuses a replayed thinking block without its own signature): a
 * tool-call turn answered by one gateway process, sent back by its client to a second process
 * (same config, nothing of the first in memory), goes upstream with its thinking and the original
 * signature, for Claude Code's /v1/messages (the thinking block's `signature`) and a `store: false`
 * Responses client (`encrypted_content`), streamed or whole. Old (v1) blobs still restore the
 * reasoning; a blob of ours garbled on the way is taken as not ours.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type GatewayProcess,
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { simThinkingSignature } from "../simulator/anthropic.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { GATEWAY_TOKEN, simConfig } from "./harness.js";
import { kimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

type Json = Record<string, unknown>;

const MODEL = "kimi-code/kimi-for-coding";
const ANTHROPIC_TOOLS: Anthropic.Tool[] = [
  {
    name: "get_time",
    description: "The time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } } },
  },
];
const RESPONSES_TOOLS: OpenAI.Responses.Tool[] = [
  {
    type: "function",
    name: "get_time",
    description: "The time in a time zone",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
    strict: false,
  },
];

describe("the reasoning blob across a gateway restart (api anthropic-messages)", () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sim = await startSimulator({ serveRetiredModels: true });
    dir = mkdtempSync(join(tmpdir(), "openclaw-gw-blob-"));
    const config = simConfig(sim, { primary: MODEL, fallbacks: [] }) as Json;
    kimiCodeOverAnthropic(config);
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
    env = gatewayEnv(dir, sim.keys);
  });
  beforeEach(() => {
    sim.reset(); // a test that failed half-way leaves none of its replies to the next
  });
  afterEach(() => {
    killGatewayProcesses();
  });
  afterAll(async () => {
    killGatewayProcesses();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A gateway process of its own, stopped (its memory gone) once `use` is done with it. */
  async function withGateway<T>(use: (gateway: GatewayProcess) => Promise<T>): Promise<T> {
    const gateway = await startGatewayProcess(env);
    try {
      return await use(gateway);
    } finally {
      gateway.child.kill("SIGKILL");
      await gateway.exited;
    }
  }

  const anthropic = (gateway: GatewayProcess) =>
    new Anthropic({ apiKey: GATEWAY_TOKEN, baseURL: gateway.url, maxRetries: 0, timeout: 15_000 });
  const openai = (gateway: GatewayProcess) =>
    new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
      timeout: 15_000,
    });

  /** The messages of the last request the simulator's Anthropic surface got. */
  /** The first block of the replayed assistant turn in the last request upstream. */
  const replayedTurnStart = (): Json | undefined => {
    const sent = sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent[sent.length - 1]?.body as { messages: { content: Json[] }[] } | undefined;
    return body?.messages[1]?.content[0];
  };

  const scriptToolRound = (reasoning: string) =>
    sim.script([
      {
        respond: {
          reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] },
        },
      },
      { respond: { reply: { text: "It is noon." } } },
    ]);

  for (const stream of [false, true]) {
    const label = stream ? "streamed" : "whole";
    it(`/v1/messages: the replayed thinking goes upstream with its signature after a restart (${label})`, async () => {
      const reasoning = `The zone is UTC (messages, ${label}).`;
      scriptToolRound(reasoning);
      const question: Anthropic.MessageParam = { role: "user", content: `Time? (${label})` };
      const ask = { model: MODEL, max_tokens: 8192, tools: ANTHROPIC_TOOLS };
      const first = await withGateway((gateway) =>
        stream
          ? anthropic(gateway)
              .messages.stream({ ...ask, messages: [question] })
              .finalMessage()
          : anthropic(gateway).messages.create({ ...ask, messages: [question] }),
      );
      const thinking = first.content[0] as Anthropic.ThinkingBlock;
      expect(thinking.type).toBe("thinking");
      expect(thinking.signature.startsWith("openclaw-reasoning.v2.")).toBe(true);
      const use = first.content.find(
        (block) => block.type === "tool_use",
      ) as Anthropic.ToolUseBlock;

      const next = await withGateway((gateway) =>
        anthropic(gateway).messages.create({
          ...ask,
          messages: [
            question,
            { role: "assistant", content: first.content },
            {
              role: "user",
              content: [{ type: "tool_result", tool_use_id: use.id, content: "12:00" }],
            },
          ],
        }),
      );
      expect(next.content.find((block) => block.type === "text")).toMatchObject({
        text: "It is noon.",
      });
      expect(replayedTurnStart()).toEqual({
        type: "thinking",
        thinking: reasoning,
        signature: simThinkingSignature(reasoning),
      });
    });

    it(`/v1/responses (store: false): the replayed reasoning goes upstream with its signature after a restart (${label})`, async () => {
      const reasoning = `The zone is UTC (responses, ${label}).`;
      scriptToolRound(reasoning);
      const question = { role: "user" as const, content: `Time? (responses, ${label})` };
      const ask = {
        model: MODEL,
        tools: RESPONSES_TOOLS,
        store: false,
        include: ["reasoning.encrypted_content" as const],
      };
      const output = await withGateway(async (gateway) => {
        if (!stream)
          return (await openai(gateway).responses.create({ ...ask, input: [question] })).output;
        const events = await openai(gateway).responses.create({
          ...ask,
          input: [question],
          stream: true,
        });
        let done: OpenAI.Responses.ResponseOutputItem[] = [];
        for await (const event of events)
          if (event.type === "response.completed") done = event.response.output;
        return done;
      });
      const item = output.find((entry) => entry.type === "reasoning");
      expect(item?.encrypted_content?.startsWith("openclaw-reasoning.v2.")).toBe(true);
      const call = output.find(
        (entry) => entry.type === "function_call",
      ) as OpenAI.Responses.ResponseFunctionToolCall;

      const next = await withGateway((gateway) =>
        openai(gateway).responses.create({
          ...ask,
          input: [
            question,
            ...(output as OpenAI.Responses.ResponseInputItem[]),
            { type: "function_call_output", call_id: call.call_id, output: "12:00" },
          ],
        }),
      );
      expect(next.output_text).toBe("It is noon.");
      expect(replayedTurnStart()).toEqual({
        type: "thinking",
        thinking: reasoning,
        signature: simThinkingSignature(reasoning),
      });
    });
  }

  it("restores the reasoning of a v1 blob (no signature in it) for a Moonshot model", async () => {
    const reasoning = "An old blob's reasoning.";
    const v1 = `openclaw-reasoning.v1.${Buffer.from(reasoning).toString("base64url")}`;
    sim.script([{ respond: { reply: { text: "It is noon." } }, times: 2 }]);
    await withGateway(async (gateway) => {
      const model = "moonshot/kimi-k2-thinking";
      const answer = await anthropic(gateway).messages.create({
        model,
        max_tokens: 8192,
        tools: ANTHROPIC_TOOLS,
        messages: [
          { role: "user", content: "Time?" },
          {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "", signature: v1 },
              { type: "tool_use", id: "toolu_1", name: "get_time", input: { tz: "UTC" } },
            ],
          },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "12:00" }],
          },
        ],
      });
      expect(answer.content.find((block) => block.type === "text")).toMatchObject({
        text: "It is noon.",
      });
      const responses = await openai(gateway).responses.create({
        model,
        store: false,
        tools: RESPONSES_TOOLS,
        input: [
          { role: "user", content: "Time?" },
          { type: "reasoning", id: "rs_1", summary: [], encrypted_content: v1 },
          { type: "function_call", call_id: "call_1", name: "get_time", arguments: "{}" },
          { type: "function_call_output", call_id: "call_1", output: "12:00" },
        ],
      });
      expect(responses.output_text).toBe("It is noon.");
    });
    const chats = sim.requests.filter((request) => request.path.endsWith("/chat/completions"));
    for (const chat of chats.slice(-2)) {
      const turn = (chat.body as { messages: Json[] }).messages[1];
      expect(turn?.reasoning_content).toBe(reasoning);
      expect(turn).not.toHaveProperty("reasoning_signature");
    }
  });

  it("takes a garbled v2 blob as not its own: answered, the reasoning from the turn's own text", async () => {
    const b64 = Buffer.from("What the blob holds.").toString("base64url");
    const garbled = [
      `openclaw-reasoning.v2.${b64}`, // the signature part cut off
      `openclaw-reasoning.v2.${b64}.`, // an empty signature
      `openclaw-reasoning.v2.${b64}.c2ln+/=`, // not base64url
      `openclaw-reasoning.v2.${b64}.c2ln.c2ln`, // a part too many
      `openclaw-reasoning.v2.${b64}.c`, // a signature of no bytes
      "openclaw-reasoning.v2.",
    ];
    const model = "moonshot/kimi-k2-thinking";
    const said = "What the turn says it thought.";
    sim.script([{ respond: { reply: { text: "It is noon." } }, times: garbled.length * 2 }]);
    const lastTurnSent = (): Json | undefined => {
      const chats = sim.requests.filter((request) => request.path.endsWith("/chat/completions"));
      return (chats[chats.length - 1]?.body as { messages: Json[] } | undefined)?.messages[1];
    };
    await withGateway(async (gateway) => {
      for (const blob of garbled) {
        const answer = await anthropic(gateway).messages.create({
          model,
          max_tokens: 8192,
          tools: ANTHROPIC_TOOLS,
          messages: [
            { role: "user", content: "Time?" },
            {
              role: "assistant",
              content: [
                { type: "thinking", thinking: said, signature: blob },
                { type: "tool_use", id: "toolu_1", name: "get_time", input: { tz: "UTC" } },
              ],
            },
            {
              role: "user",
              content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "12:00" }],
            },
          ],
        });
        expect(answer.content.find((block) => block.type === "text")).toMatchObject({
          text: "It is noon.",
        });
        expect(lastTurnSent()?.reasoning_content).toBe(said);
        expect(lastTurnSent()).not.toHaveProperty("reasoning_signature");

        const responses = await openai(gateway).responses.create({
          model,
          store: false,
          tools: RESPONSES_TOOLS,
          input: [
            { role: "user", content: "Time?" },
            {
              type: "reasoning",
              id: "rs_1",
              summary: [{ type: "summary_text", text: said }],
              encrypted_content: blob,
            },
            { type: "function_call", call_id: "call_1", name: "get_time", arguments: "{}" },
            { type: "function_call_output", call_id: "call_1", output: "12:00" },
          ],
        });
        expect(responses.output_text).toBe("It is noon.");
        expect(lastTurnSent()?.reasoning_content).toBe(said);
        expect(lastTurnSent()).not.toHaveProperty("reasoning_signature");
      }
    });
  });

  it("sends a forged v2 blob's signature on, and the upstream's refusal back as a 400", async () => {
    const reasoning = "A forged turn.";
    const forged = `openclaw-reasoning.v2.${Buffer.from(reasoning).toString("base64url")}.${Buffer.from("not-the-sig").toString("base64url")}`;
    sim.script([{ respond: { reply: { text: "It is noon." } } }]);
    await withGateway(async (gateway) => {
      const refused = await anthropic(gateway)
        .messages.create({
          model: MODEL,
          max_tokens: 8192,
          tools: ANTHROPIC_TOOLS,
          messages: [
            { role: "user", content: "Time?" },
            {
              role: "assistant",
              content: [
                { type: "thinking", thinking: reasoning, signature: forged },
                { type: "tool_use", id: "toolu_1", name: "get_time", input: { tz: "UTC" } },
              ],
            },
            {
              role: "user",
              content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "12:00" }],
            },
          ],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
      expect(String((refused as Error).message)).toContain(
        "Invalid `signature` in `thinking` block",
      );
      expect(replayedTurnStart()).toEqual({
        type: "thinking",
        thinking: reasoning,
        signature: "not-the-sig",
      });
      // The gateway goes on serving.
      const next = await anthropic(gateway).messages.create({
        model: MODEL,
        max_tokens: 8192,
        messages: [{ role: "user", content: "Time?" }],
      });
      expect(next.content.find((block) => block.type === "text")).toMatchObject({
        text: "It is noon.",
      });
    });
  });
});
