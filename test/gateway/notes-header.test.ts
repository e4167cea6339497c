/**
 * A client of the gateway is told what the gateway changed in its request (the x-openclaw-notes
 * header): a forced tool choice sent as "auto" to a model that cannot stop thinking, the thinking
 * switch left out after the model refused it, a temperature lowered. The answer itself keeps
 * OpenAI's and Anthropic's shapes; a request sent as asked gets no such header at all.
 */
import type OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notesHeaderValue } from "../../src/gateway/client-notes.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const THINKING = "moonshot/kimi-k2-thinking";
const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: "function",
    function: { name: "get_time", parameters: { type: "object", properties: {} } },
  },
];
const QUESTION: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Time?" }];

const FORCED_AUTO = `tool_choice "required" sent as "auto": ${THINKING} rejects forced tool use while thinking, and it always thinks (it refused Moonshot's thinking switch)`;
const SWITCH_REFUSED = `${THINKING} refused thinking "off": sent again without the thinking switch, the model decides`;
const TEMPERATURE_LOWERED =
  "temperature 1.6 lowered to 1, the highest moonshot/kimi-k2-turbo-preview accepts";

/** The notes a client reads out of the header: split at commas, each percent-decoded. */
function notesOf(response: Response): string[] | null {
  const value = response.headers.get("x-openclaw-notes");
  return value === null ? null : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

// A gateway per test: one that learned kimi-k2-thinking refuses the thinking switch sends none
// from then on, and its next request makes no retry whose note is to be seen.
let env: GatewayEnv;
beforeEach(async () => {
  env = await startGatewayEnv();
});
afterEach(async () => {
  await env?.close();
});

describe("x-openclaw-notes on chat completions", () => {
  it("says a forced tool choice was sent as auto, and the retry without the thinking switch", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: THINKING,
        messages: QUESTION,
        tools: TOOLS,
        tool_choice: "required",
      })
      .withResponse();
    // The body is OpenAI's as it was: the model chose to answer in text.
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(notesOf(response)).toEqual([SWITCH_REFUSED, FORCED_AUTO]);
  });

  it("sends the notes of a retry made before the first byte of a stream", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: THINKING,
        messages: QUESTION,
        tools: TOOLS,
        tool_choice: "required",
        stream: true,
      })
      .withResponse();
    const reasons: (string | null | undefined)[] = [];
    for await (const chunk of data) reasons.push(chunk.choices[0]?.finish_reason);
    expect(reasons).toContain("stop");
    expect(notesOf(response)).toEqual([SWITCH_REFUSED, FORCED_AUTO]);
    // It was the retry: the first request upstream carried the switch, the second none.
    expect(env.sim.chatRequests().map((r) => (r.body as { thinking?: unknown }).thinking)).toEqual([
      { type: "disabled" },
      undefined,
    ]);
  });

  it("says a temperature was lowered, streamed or not", async () => {
    const client = env.client();
    const request = {
      model: "moonshot/kimi-k2-turbo-preview",
      messages: QUESTION,
      temperature: 1.6,
    };
    const whole = await client.chat.completions.create(request).withResponse();
    expect(notesOf(whole.response)).toEqual([TEMPERATURE_LOWERED]);
    const streamed = await client.chat.completions
      .create({ ...request, stream: true })
      .withResponse();
    for await (const _chunk of streamed.data);
    expect(notesOf(streamed.response)).toEqual([TEMPERATURE_LOWERED]);
  });

  it("says a sampling value is sent corrected on later requests too, with no retry to tell it", async () => {
    const client = env.client();
    // kimi-k2-thinking's one temperature is not in the catalog: its refusal teaches it.
    const request = { model: THINKING, messages: QUESTION, temperature: 0.3 };
    const first = await client.chat.completions.create(request).withResponse();
    expect(notesOf(first.response)).toEqual([
      `${THINKING} takes only temperature 1: sent again with 1 instead of 0.3`,
    ]);
    const learned = `temperature 0.3 sent as 1: the only value ${THINKING} took before`;
    const whole = await client.chat.completions.create(request).withResponse();
    expect(notesOf(whole.response)).toEqual([learned]);
    const streamed = await client.chat.completions
      .create({ ...request, stream: true })
      .withResponse();
    for await (const _chunk of streamed.data);
    expect(notesOf(streamed.response)).toEqual([learned]);
    // The refused request and its retry, then two sent corrected at once.
    expect(
      env.sim.chatRequests().map((r) => (r.body as { temperature?: number }).temperature),
    ).toEqual([0.3, 1, 1, 1]);
  });

  it("sends no header for a request sent as asked, streamed or not", async () => {
    const client = env.client();
    const request = { model: "moonshot/kimi-k2-turbo-preview", messages: QUESTION };
    const whole = await client.chat.completions.create(request).withResponse();
    expect(whole.data.choices[0]?.message.content).toBeTruthy();
    expect(whole.response.headers.has("x-openclaw-notes")).toBe(false);
    const streamed = await client.chat.completions
      .create({ ...request, stream: true })
      .withResponse();
    for await (const _chunk of streamed.data);
    expect(streamed.response.headers.has("x-openclaw-notes")).toBe(false);
  });
});

describe("x-openclaw-notes after a fallback", () => {
  it("holds the notes of the model that answered only", async () => {
    // The default chain: moonshot/kimi-k2.5, then kimi-code/kimi-for-coding. kimi-k2.5 takes the
    // request (its lowered temperature noted) and its stream breaks before the first token.
    env.sim.script([
      { when: { model: "kimi-k2.5" }, respond: { cutAfterChunks: 1 }, times: 1_000 },
    ]);
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "openclaw",
        messages: QUESTION,
        temperature: 1.6,
        stream: true,
      })
      .withResponse();
    for await (const _chunk of data);
    expect(response.headers.get("x-openclaw-model")).toBe("kimi-code/kimi-for-coding");
    expect(notesOf(response)).toEqual([
      "temperature 1.6 lowered to 1, the highest kimi-code/kimi-for-coding accepts",
    ]);
  });

  it("keeps the note of a field left out of the request, true of every model's answer", async () => {
    env.sim.script([
      { when: { model: "kimi-k2.5" }, respond: { cutAfterChunks: 1 }, times: 1_000 },
    ]);
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "openclaw",
        messages: QUESTION,
        prompt_cache_retention: "24h",
        stream: true,
      })
      .withResponse();
    for await (const _chunk of data);
    expect(response.headers.get("x-openclaw-model")).toBe("kimi-code/kimi-for-coding");
    expect(notesOf(response)).toEqual([
      'prompt_cache_retention "24h" not sent: a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)',
    ]);
  });
});

describe("x-openclaw-notes on the Responses API and /v1/messages", () => {
  const responsesTools: OpenAI.Responses.FunctionTool[] = [
    {
      type: "function",
      name: "get_time",
      parameters: { type: "object", properties: {} },
      strict: false,
    },
  ];

  it("is sent with a response, whole and streamed", async () => {
    const client = env.client();
    const request = {
      model: THINKING,
      input: "Time?",
      tools: responsesTools,
      tool_choice: "required" as const,
    };
    const whole = await client.responses.create(request).withResponse();
    expect(whole.data.status).toBe("completed");
    expect(notesOf(whole.response)).toEqual([SWITCH_REFUSED, FORCED_AUTO]);
    // The gateway knows the switch is refused now: the forced choice alone is said.
    const streamed = await client.responses.create({ ...request, stream: true }).withResponse();
    for await (const _event of streamed.data);
    expect(notesOf(streamed.response)).toEqual([FORCED_AUTO]);
  });

  it("is sent with an Anthropic message, whole and streamed", async () => {
    const anthropic = env.anthropic();
    const request = {
      model: "moonshot/kimi-k2-turbo-preview",
      max_tokens: 100,
      temperature: 0.5,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    // Anthropic's range is Moonshot's: nothing changed, nothing said.
    const plain = await anthropic.messages.create(request).withResponse();
    expect(plain.response.headers.has("x-openclaw-notes")).toBe(false);
    const { temperature: _asked, ...untouched } = request;
    const forced = {
      ...untouched,
      model: THINKING,
      tools: [{ name: "get_time", input_schema: { type: "object" as const, properties: {} } }],
      tool_choice: { type: "any" as const },
    };
    // The forced choice is quoted as the Anthropic client wrote it, not in chat's "required".
    const forcedAny = FORCED_AUTO.replace('tool_choice "required"', 'tool_choice {"type":"any"}');
    const whole = await anthropic.messages.create(forced).withResponse();
    expect(whole.data.type).toBe("message");
    expect(notesOf(whole.response)).toEqual([SWITCH_REFUSED, forcedAny]);
    const streamed = await anthropic.messages.create({ ...forced, stream: true }).withResponse();
    for await (const _event of streamed.data);
    expect(notesOf(streamed.response)).toEqual([forcedAny]);
  });
});

describe("x-openclaw-notes for a browser page", () => {
  it("is exposed to the page's script (CORS)", async () => {
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${GATEWAY_TOKEN}`,
        "content-type": "application/json",
        origin: "http://localhost:3000",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: QUESTION,
        temperature: 1.6,
      }),
    });
    expect(response.status).toBe(200);
    expect(notesOf(response)).toEqual([TEMPERATURE_LOWERED]);
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(/,\s*/);
    expect(exposed).toContain("x-openclaw-notes");
  });
});

describe("the header's value", () => {
  it("percent-encodes commas, % and what is past ASCII, so each entry decodes as it was", () => {
    const notes = ["model kimi-κ2 (月之暗面), 100% sure", "line\nbreak"];
    const value = notesHeaderValue(notes) ?? "";
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(value.split(",").map((entry) => decodeURIComponent(entry.trim()))).toEqual(notes);
  });

  it("says how many notes were left out past its length, and cuts a very long note", () => {
    const notes = Array.from({ length: 20 }, (_, i) => `${i} ${"x".repeat(400)}`);
    const value = notesHeaderValue(notes) ?? "";
    expect(value.length).toBeLessThanOrEqual(4096);
    const entries = value.split(", ");
    const more = Number(/^and (\d+) more$/.exec(entries.at(-1) ?? "")?.[1]);
    expect(entries.length - 1 + more).toBe(20);
    const long = notesHeaderValue(["é".repeat(2000)]) ?? "";
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(decodeURIComponent(long)).toMatch(/^é+\.\.\.$/);
    expect(notesHeaderValue([])).toBeUndefined();
  });
});
