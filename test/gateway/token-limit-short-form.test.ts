/**
 * Moonshot's refusal of a request over the window with its limit alone ("Your request exceeded
 * model token limit: 262144", no "(requested: N)"), through the gateway with the official
 * `openai` client: the gateway counts the conversation at Moonshot's token-count endpoint, sends
 * it once more with the answer cap that fits, answers 200, and tells the client in
 * x-openclaw-notes, as it does when Moonshot names its count.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Model = { id: string; contextWindow?: number };

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const NOTE =
  /^moonshot\/kimi-k2\.5 counted the conversation longer than estimated: the answer may use \d{1,3}(,\d{3})? tokens, not 8,192$/;

function notesOf(headers: Headers): string[] {
  return (headers.get("x-openclaw-notes") ?? "")
    .split(",")
    .map((entry) => decodeURIComponent(entry.trim()));
}

async function start(): Promise<GatewayEnv> {
  // The simulator counts 10% more than the local estimate: the default 8,192 beside a
  // conversation estimated at 234,000 tokens goes over kimi-k2.5's window.
  const started = await startGatewayEnv({
    sim: { tokenFactor: 1.1, tokenLimitWording: "short" },
    editConfig: (config) => {
      const models = (config as { models: { providers: { moonshot: { models: Model[] } } } }).models
        .providers.moonshot.models;
      for (const model of models) if (model.id === "kimi-k2.5") model.contextWindow = 262_144;
    },
  });
  // A short answer (the simulator echoes the prompt by default, which the cap would cut).
  started.sim.script([
    {
      when: { path: "/v1/chat/completions" },
      respond: { reply: { text: "Summary: all words." } },
      times: 2,
    },
  ]);
  return started;
}

const messages = [{ role: "user" as const, content: "word ".repeat(187_200) }];

describe("a request Moonshot refuses as over the window with its limit alone", () => {
  it("is answered after one retry with a lower cap, and the notes header says so", async () => {
    env = await start();
    const { data, response } = await env
      .client()
      .chat.completions.create({ model: "moonshot/kimi-k2.5", messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Summary: all words.");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    const caps = env.sim
      .chatRequests()
      .map((sent) => (sent.body as { max_tokens?: number }).max_tokens);
    expect(caps).toHaveLength(2);
    expect(caps[0]).toBe(8192);
    expect(caps[1]).toBeLessThan(8192);
    expect(
      env.sim.requests.filter((sent) => sent.path === "/v1/tokenizers/estimate-token-count"),
    ).toHaveLength(1);
    expect(notesOf(response.headers)).toContainEqual(expect.stringMatching(NOTE));
  });

  it("streams the answer after the retry, the note in the stream's headers", async () => {
    env = await start();
    const { data: stream, response } = await env
      .client()
      .chat.completions.create({ model: "moonshot/kimi-k2.5", messages, stream: true })
      .withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Summary: all words.");
    expect(env.sim.chatRequests()).toHaveLength(2);
    expect(notesOf(response.headers)).toContainEqual(expect.stringMatching(NOTE));
  });
});
