/**
 * `logprobs: N` on /v1/completions: asked upstream as chat's `logprobs` and `top_logprobs`, and
 * given in the legacy shape (tokens, token_logprobs, top_logprobs, text_offset), streamed or not,
 * and only for the text the client gets when the gateway cuts it at a held stop sequence. The
 * simulator answers log probabilities as OpenAI-compatible servers do (tokens of 6 characters).
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const ANSWER = " a + b;\n}\n```\nconsole.log(add(1, 2));";
/** Six stop sequences where Moonshot takes five: the gateway holds "```". */
const STOPS = ["<a>", "<b>", "<c>", "<d>", "<e>", "```"];

function scriptAnswer(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: { reply: { text: ANSWER, finishReason: "length" }, stream: { chunkChars: 4 } },
    },
  ]);
}

type Logprobs = {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
};

/** Each token begins where the ones before it end, rated, with `top` alternatives. */
function expectLegacyShape(logprobs: Logprobs, top: number): void {
  let offset = 0;
  logprobs.tokens.forEach((token, i) => {
    expect(logprobs.text_offset[i]).toBe(offset);
    expect(typeof logprobs.token_logprobs[i]).toBe("number");
    expect(Object.keys(logprobs.top_logprobs[i] ?? {})).toHaveLength(top);
    expect(logprobs.top_logprobs[i]?.[token]).toBe(logprobs.token_logprobs[i]);
    offset += token.length;
  });
}

describe("logprobs on /v1/completions", () => {
  it("gives the answer's tokens in the legacy shape, asking upstream for them", async () => {
    scriptAnswer();
    const completion = await client.completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "function add(a, b) {\n  return",
      max_tokens: 256,
      logprobs: 2,
    });
    const choice = completion.choices[0];
    expect(choice?.text).toBe(ANSWER);
    const logprobs = choice?.logprobs as Logprobs;
    expect(logprobs.tokens.join("")).toBe(ANSWER);
    expectLegacyShape(logprobs, 2);
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
  });

  it("streamed, gives each chunk the tokens of its text, offsets counted across chunks", async () => {
    scriptAnswer();
    const stream = await client.completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "function add(a, b) {\n  return",
      max_tokens: 256,
      logprobs: 1,
      stream: true,
    });
    let text = "";
    const all: Logprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.text ?? "";
      const piece = choice?.logprobs as Logprobs | null | undefined;
      if (piece)
        for (const key of Object.keys(all) as (keyof Logprobs)[])
          (all[key] as unknown[]).push(...piece[key]);
    }
    expect(text).toBe(ANSWER);
    expect(all.tokens.join("")).toBe(ANSWER);
    expectLegacyShape(all, 1);
  });

  it("cut at a held stop sequence, gives the tokens of the text left only", async () => {
    for (const stream of [false, true]) {
      scriptAnswer();
      const cut = " a + b;\n}\n";
      let text = "";
      const tokens: string[] = [];
      if (stream) {
        const chunks = await client.completions.create({
          model: "moonshot/kimi-k2.5",
          prompt: "function add(a, b) {\n  return",
          max_tokens: 256,
          logprobs: 0,
          stop: STOPS,
          stream: true,
        });
        for await (const chunk of chunks) {
          text += chunk.choices[0]?.text ?? "";
          tokens.push(...((chunk.choices[0]?.logprobs as Logprobs | null)?.tokens ?? []));
        }
      } else {
        const whole = await client.completions.create({
          model: "moonshot/kimi-k2.5",
          prompt: "function add(a, b) {\n  return",
          max_tokens: 256,
          logprobs: 0,
          stop: STOPS,
        });
        text = whole.choices[0]?.text ?? "";
        tokens.push(...((whole.choices[0]?.logprobs as Logprobs | undefined)?.tokens ?? []));
      }
      expect(text).toBe(cut);
      // The tokens that begin in the text left: the last runs on past the cut, none begins after.
      const rated = tokens.join("");
      expect(rated.startsWith(cut)).toBe(true);
      expect(rated.length - (tokens.at(-1)?.length ?? 0)).toBeLessThan(cut.length);
      expect(rated).not.toContain("console");
    }
  });
});
