/**
 * A model whose endpoint takes fewer stop sequences than a client sends (its config's
 * `compat.maxStopSequences`, here 2): the first that fit go upstream and the gateway stops the
 * text at the others itself, on chat completions, legacy completions and Messages alike, streamed
 * or not, rather than refusing the request. Real clients against the gateway and the simulator.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

/** A custom OpenAI-compatible provider on the simulator whose model takes 2 stop sequences. */
const TIGHT_MODEL = "tight/kimi-k2.6";
const STOPS = ["<|end|>", "###", "Observation:", "\n\nUser:"];
const ANSWER = "Thought: look it up\nObservation: found it\nThought: done";
const UP_TO_HELD_STOP = "Thought: look it up\n";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv({
    extraProviders: {
      tight: customProvider(
        [
          {
            id: "kimi-k2.6",
            name: "Kimi K2.6",
            input: ["text"],
            // The simulator takes partial mode, which /v1/completions needs of a custom provider.
            compat: { maxStopSequences: 2, supportsPartialMode: true },
          },
        ],
        { baseUrl: "filled in below" },
      ),
    },
    editConfig: (config) => {
      const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
        .providers;
      const moonshot = providers.moonshot as Record<string, unknown>;
      Object.assign(providers.tight as Record<string, unknown>, {
        baseUrl: moonshot.baseUrl,
        apiKey: moonshot.apiKey,
      });
    },
  });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

/** The simulator answers the next request with `ANSWER`, as if no stop sequence had been sent. */
function scriptAnswer(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.6" },
      respond: { reply: { text: ANSWER, finishReason: "length" }, stream: { chunkChars: 3 } },
    },
  ]);
}

/** The `stop` the simulator got last. */
function stopSentUpstream(): unknown {
  return (env.sim.chatRequests().at(-1)?.body as { stop?: unknown } | undefined)?.stop;
}

describe("more stop sequences than the model's endpoint takes", () => {
  it("on /v1/chat/completions: 200, two sent upstream, the text cut at a held one", async () => {
    scriptAnswer();
    const completion = await client.chat.completions.create({
      model: TIGHT_MODEL,
      messages: [{ role: "user", content: "What is it?" }],
      stop: STOPS,
    });
    expect(completion.choices[0]?.message.content).toBe(UP_TO_HELD_STOP);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(stopSentUpstream()).toEqual(STOPS.slice(0, 2));
  });

  it("on /v1/chat/completions streamed: the text cut at a held one, finish reason stop", async () => {
    scriptAnswer();
    const stream = await client.chat.completions.create({
      model: TIGHT_MODEL,
      messages: [{ role: "user", content: "What is it?" }],
      stop: STOPS,
      stream: true,
    });
    let text = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(UP_TO_HELD_STOP);
    expect(finish).toBe("stop");
    expect(stopSentUpstream()).toEqual(STOPS.slice(0, 2));
  });

  it("on /v1/completions, streamed or not: 200 and the text cut at a held one", async () => {
    scriptAnswer();
    const whole = await client.completions.create({
      model: TIGHT_MODEL,
      prompt: "Question: what is it?\n",
      max_tokens: 256,
      stop: STOPS,
    });
    expect(whole.choices[0]?.text).toBe(UP_TO_HELD_STOP);
    expect(whole.choices[0]?.finish_reason).toBe("stop");
    expect(stopSentUpstream()).toEqual(STOPS.slice(0, 2));

    scriptAnswer();
    const stream = await client.completions.create({
      model: TIGHT_MODEL,
      prompt: "Question: what is it?\n",
      max_tokens: 256,
      stop: STOPS,
      stream: true,
    });
    let text = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(UP_TO_HELD_STOP);
    expect(finish).toBe("stop");
  });

  it("on /v1/messages (stop_sequences), streamed or not: the text cut at a held one, named as the stop_sequence", async () => {
    scriptAnswer();
    const whole = await env.anthropic().messages.create({
      model: TIGHT_MODEL,
      max_tokens: 256,
      stop_sequences: STOPS,
      messages: [{ role: "user", content: "What is it?" }],
    });
    expect(whole.content.filter((block) => block.type === "text")).toEqual([
      { type: "text", text: UP_TO_HELD_STOP },
    ]);
    // The gateway met the stop itself, so it can say which, as Anthropic does.
    expect([whole.stop_reason, whole.stop_sequence]).toEqual(["stop_sequence", "Observation:"]);
    expect(stopSentUpstream()).toEqual(STOPS.slice(0, 2));

    scriptAnswer();
    const streamed = await env
      .anthropic()
      .messages.stream({
        model: TIGHT_MODEL,
        max_tokens: 256,
        stop_sequences: STOPS,
        messages: [{ role: "user", content: "What is it?" }],
      })
      .finalMessage();
    expect(streamed.content.filter((block) => block.type === "text")).toEqual([
      { type: "text", text: UP_TO_HELD_STOP },
    ]);
    expect([streamed.stop_reason, streamed.stop_sequence]).toEqual([
      "stop_sequence",
      "Observation:",
    ]);
  });

  it("with logprobs on /v1/chat/completions: the tokens of the text left, streamed or not", async () => {
    scriptAnswer();
    const whole = await client.chat.completions.create({
      model: TIGHT_MODEL,
      messages: [{ role: "user", content: "What is it?" }],
      stop: STOPS,
      logprobs: true,
    });
    const wholeTokens = (whole.choices[0]?.logprobs?.content ?? []).map((entry) => entry.token);

    scriptAnswer();
    const stream = await client.chat.completions.create({
      model: TIGHT_MODEL,
      messages: [{ role: "user", content: "What is it?" }],
      stop: STOPS,
      logprobs: true,
      stream: true,
    });
    const streamedTokens: string[] = [];
    for await (const chunk of stream)
      for (const entry of chunk.choices[0]?.logprobs?.content ?? [])
        streamedTokens.push(entry.token);

    for (const tokens of [wholeTokens, streamedTokens]) {
      const rated = tokens.join("");
      // Every token that begins in the text left, the last perhaps running past it; none after.
      expect(rated.startsWith(UP_TO_HELD_STOP)).toBe(true);
      expect(rated.length - (tokens.at(-1)?.length ?? 0)).toBeLessThan(UP_TO_HELD_STOP.length);
    }
  });

  it("within the limit: all sent upstream as they came, the answer untouched", async () => {
    scriptAnswer();
    const completion = await client.chat.completions.create({
      model: TIGHT_MODEL,
      messages: [{ role: "user", content: "What is it?" }],
      stop: STOPS.slice(0, 2),
    });
    expect(completion.choices[0]?.message.content).toBe(ANSWER);
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(stopSentUpstream()).toEqual(STOPS.slice(0, 2));
  });
});
