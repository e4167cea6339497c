/**
 * A run with `webSearch` on takes several requests (each search round, then the answer): the
 * arguments an upstream streamed after a call was complete, left out, are reported from every
 * one of them on the result and the done event, each call as its caller knows it: its own calls
 * by the index their `tool_call` events had (renumbered without the searches), a `$web_search`
 * call marked `webSearch: true` with the id its `web_search` event gave.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { droppedDataLine } from "../../src/gateway/chat-relays.js";
import { openRuntime, type RunResult } from "../../src/index.js";
import type { DroppedToolCallData } from "../../src/providers/types.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import {
  type Json,
  type ScriptedUpstream,
  startScriptedUpstream,
  toolCallDelta,
} from "../helpers/scripted-upstream.js";
import { tempDir } from "../helpers/tmp.js";

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream("tools-model", "trace-search-dropped");
});
afterAll(() => upstream.close());

function config(): Json {
  return {
    models: {
      providers: {
        // It stands in for Moonshot: it answers $web_search calls as scripted.
        raw: customProvider([{ id: "tools-model", name: "Tools Model", input: ["text"] }], {
          baseUrl: upstream.url,
          apiKey: "raw-upstream-key-0001",
          compat: { supportsWebSearch: true },
        }),
      },
    },
    agents: { defaults: { model: { primary: "raw/tools-model" } } },
  };
}

const search = (index: number, args: string, id?: string) =>
  toolCallDelta(index, args, id, "$web_search");

describe("tool-call arguments left out in a searching run", () => {
  it("every round's are on the result and the done event, with the index the caller saw", async () => {
    const { runtime } = openRuntime({ config: config(), env: { OPENCLAW_STATE_DIR: tempDir() } });
    upstream.scripts.push(
      // Round 1: only searches; search_1 gets 9 more characters after search_2 began.
      [
        search(0, '{"q":"a"}', "search_1"),
        search(1, '{"q":"b"}', "search_2"),
        search(0, '{"q":"c"}'),
      ],
      // Round 2: a search (hidden) and the caller's two calls, shown as 0 and 1; call_a, the
      // upstream's index 1, gets 7 more characters after call_b began.
      [
        search(0, '{"q":"d"}', "search_3"),
        toolCallDelta(1, '{"a":1}', "call_a"),
        toolCallDelta(2, '{"tz":"UTC"}', "call_b"),
        toolCallDelta(1, '{"b":2}'),
      ],
    );
    const shownCalls: { index: number; id: string }[] = [];
    const searched: string[] = [];
    let done: unknown;
    let result: RunResult | undefined;
    for await (const event of runtime.stream({
      webSearch: true,
      request: {
        messages: [{ role: "user", content: "Look it up, then tell the time." }],
        tools: [
          { type: "function", function: { name: "get_time", parameters: { type: "object" } } },
        ],
      },
    })) {
      if (event.type === "tool_call")
        shownCalls.push({ index: event.index, id: event.toolCall.id });
      if (event.type === "web_search") searched.push(event.callId);
      if (event.type === "done") done = event;
      if (event.type === "result") result = event.result;
    }
    expect(upstream.requests).toHaveLength(2);
    expect(searched).toEqual(["search_1", "search_2"]);
    expect(shownCalls).toEqual([
      { index: 0, id: "call_a" },
      { index: 1, id: "call_b" },
    ]);
    const dropped: DroppedToolCallData[] = [
      { index: 0, id: "search_1", characters: 9, webSearch: true },
      { index: 0, id: "call_a", characters: 7 },
    ];
    expect(result?.droppedToolCallData).toEqual(dropped);
    expect(done).toMatchObject({ droppedToolCallData: dropped });
    // The gateway's line for such a request names the search call as one, not by an index.
    expect(
      droppedDataLine("raw/tools-model", { requestId: "chatcmpl-1", traceId: undefined }, dropped),
    ).toBe(
      "gateway: raw/tools-model: request chatcmpl-1: the upstream sent more arguments for tool calls after they were complete, left out of the answer: search_1 ($web_search): 9 characters; call_a (index 0): 7 characters",
    );
    expect(result?.message.tool_calls?.map((call) => call.function.arguments)).toEqual([
      '{"a":1}',
      '{"tz":"UTC"}',
    ]);
  });
});
