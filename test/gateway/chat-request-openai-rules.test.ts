/**
 * Chat-completions fields checked as OpenAI checks them, through the official client, the
 * gateway and the simulator on real sockets:
 * - an empty stop sequence ("" or ["a", ""]) is left out with an x-openclaw-notes note (OpenAI
 *   takes "", and it has no text to stop at); before, it went upstream as sent;
 * - `stop: []` is taken as no stop sequences: nothing goes upstream for it and nothing is noted
 *   (clients written for vLLM and the like send it for "none"); before, it was a 400 (param stop,
 *   code empty_array), as OpenAI refuses it;
 * - `response_format.json_schema.name` must follow OpenAI's rule (a-z, A-Z, 0-9, _ and -, at
 *   most 64); before, any string went upstream;
 * - `parallel_tool_calls` without tools is answered and not sent upstream: Roo Code sends
 *   `parallel_tool_calls: true` on its context condensing's request, which has no tools, and the
 *   400 OpenAI gives (which the gateway gave too) made that condensing fail every time; before
 *   that 400, it went upstream (an Anthropic `disable_parallel_tool_use` without tools is not
 *   sent as it either).
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

const TIME_TOOL = {
  type: "function" as const,
  function: { name: "get_time", parameters: { type: "object", properties: {} } },
};

describe("chat request fields checked as OpenAI checks them", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.reset();
  });

  const request = (fields: Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    }) as Params;
  const upstream = () => env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;

  it("leaves empty stop sequences out and says so in x-openclaw-notes", async () => {
    const listed = await env
      .client()
      .chat.completions.create(request({ stop: ["END", "", "Observation:"] }))
      .withResponse();
    expect(upstream().stop).toEqual(["END", "Observation:"]);
    expect(notesOf(listed.response.headers)).toContain(
      'stop[1] "" not sent: an empty stop sequence has no text to stop at; leave it out of stop',
    );

    const alone = await env
      .client()
      .chat.completions.create(request({ stop: "" }))
      .withResponse();
    expect(alone.data.choices[0]?.message.content).toBeTypeOf("string");
    expect("stop" in upstream()).toBe(false);
    expect(notesOf(alone.response.headers)).toContain(
      'stop "" not sent: an empty stop sequence has no text to stop at; leave it out of stop',
    );

    const allEmpty = await env
      .client()
      .chat.completions.create(request({ stop: ["", ""] }))
      .withResponse();
    expect("stop" in upstream()).toBe(false);
    expect(notesOf(allEmpty.response.headers).join("\n")).toContain('stop[0], stop[1] "" not sent');

    const kept = await env
      .client()
      .chat.completions.create(request({ stop: ["END"] }))
      .withResponse();
    expect(upstream().stop).toEqual(["END"]);
    expect(notesOf(kept.response.headers).join("\n")).not.toContain("stop");
  });

  it("answers stop: [] as a request without stop sequences, sending no stop upstream", async () => {
    const answered = await env
      .client()
      .chat.completions.create(request({ stop: [] }))
      .withResponse();
    expect(answered.data.choices[0]?.message.content).toBeTypeOf("string");
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect("stop" in upstream()).toBe(false);
    expect(notesOf(answered.response.headers).join("\n")).not.toContain("stop");

    // Streamed too: the answer comes in chunks, and no stop goes upstream.
    const stream = await env
      .client()
      .chat.completions.create({ ...request({ stop: [] }), stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).not.toBe("");
    expect("stop" in upstream()).toBe(false);

    // Left out or null, nothing goes upstream and nothing is noted.
    for (const fields of [{}, { stop: null }]) {
      const answered = await env.client().chat.completions.create(request(fields)).withResponse();
      expect("stop" in upstream()).toBe(false);
      expect(notesOf(answered.response.headers).join("\n")).not.toContain("stop");
    }
  });

  it("refuses a json_schema name outside OpenAI's rule, quoting it, nothing sent upstream", async () => {
    const format = (name: string) => ({
      response_format: {
        type: "json_schema",
        json_schema: { name, schema: { type: "object", properties: {} } },
      },
    });
    const cases: Array<[string, string]> = [
      [
        "my answer.v2",
        'response_format.json_schema.name "my answer.v2" is not a valid name: use only a-z, A-Z, 0-9, _ and -, at most 64 characters, such as "my_answer_v2"',
      ],
      ["x".repeat(65), "at most 64 characters, such as"],
      [
        "",
        'response_format.json_schema.name is empty: name the schema with only a-z, A-Z, 0-9, _ and -, at most 64 characters, such as "answer"',
      ],
    ];
    for (const [name, words] of cases) {
      const error = await apiFailure(env.client().chat.completions.create(request(format(name))));
      expect([name, error.status, error.param, error.code]).toEqual([
        name,
        400,
        "response_format.json_schema.name",
        "invalid_value",
      ]);
      expect(error.message).toContain(words);
    }
    expect(env.sim.chatRequests()).toHaveLength(0);

    await env.client().chat.completions.create(request(format(`Plan_v2-${"a".repeat(56)}`)));
    expect(upstream().response_format).toMatchObject({
      json_schema: { name: `Plan_v2-${"a".repeat(56)}` },
    });
  });

  it("answers parallel_tool_calls without tools as Roo Code sends it, sending it nowhere; with tools it goes upstream", async () => {
    for (const value of [true, false]) {
      // Roo Code's condensing request: streamed with usage, temperature 0, no tools.
      const stream = await env.client().chat.completions.create({
        ...request({ parallel_tool_calls: value, temperature: 0 }),
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      expect(text).not.toBe("");
      expect("parallel_tool_calls" in upstream()).toBe(false);
    }

    await env
      .client()
      .chat.completions.create(request({ tools: [TIME_TOOL], parallel_tool_calls: false }));
    expect(upstream().parallel_tool_calls).toBe(false);
    // null is "not given", with or without tools.
    await env.client().chat.completions.create(request({ parallel_tool_calls: null }));
    expect("parallel_tool_calls" in upstream()).toBe(false);
  });

  it("an Anthropic request's disable_parallel_tool_use without tools is not refused for it", async () => {
    const message = await env.anthropic().messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      messages: [{ role: "user", content: "hi" }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    });
    expect(message.content.some((block) => block.type === "text")).toBe(true);
    expect("parallel_tool_calls" in upstream()).toBe(false);
  });
});
