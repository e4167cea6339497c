/**
 * The CLI's warning and the gateway's log line for tool-call arguments left out say it in one
 * sentence, from one formatter: the same calls read the same on both, parted by `; ` (a call's
 * own parts are parted by `, `, so the gateway's old `, ` between calls read as one call's
 * parts once a call had several).
 */
import { describe, expect, it } from "vitest";
import { droppedToolCallWarning } from "../../src/cli/dropped-tool-call-data.js";
import { droppedDataLine } from "../../src/gateway/chat-relays.js";
import type { DroppedToolCallData } from "../../src/providers/types.js";
import type { RunResult } from "../../src/runtime/types.js";

const dropped: DroppedToolCallData[] = [
  { index: 0, id: "search_1", characters: 9, webSearch: true },
  { index: 1, id: "call_b", characters: 7 },
];

const CALLS = "search_1 ($web_search): 9 characters; call_b (index 1): 7 characters";

function resultWith(drops: DroppedToolCallData[]): RunResult {
  return {
    message: { role: "assistant", content: null },
    finishReason: "tool_calls",
    usage: undefined,
    traceId: undefined,
    model: "raw/tools-model",
    requestedModel: "raw/tools-model",
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
    failedAttempts: [],
    fallbackFrom: undefined,
    timeToFirstTokenMs: undefined,
    latencyMs: 1,
    droppedToolCallData: drops,
  };
}

describe("left-out tool-call arguments, as the CLI and the gateway say them", () => {
  it("list the same calls the same way", () => {
    const gateway = droppedDataLine(
      "raw/tools-model",
      { requestId: "chatcmpl-1", traceId: "tr-1" },
      dropped,
    );
    expect(gateway).toBe(
      `gateway: raw/tools-model: request chatcmpl-1, trace tr-1: the upstream sent more arguments for tool calls after they were complete, left out of the answer: ${CALLS}`,
    );
    const cli = droppedToolCallWarning([resultWith(dropped)]);
    expect(cli).toBe(
      `raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: ${CALLS}`,
    );
  });
});
