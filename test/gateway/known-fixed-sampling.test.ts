/**
 * A client of the gateway that sends its own sampling values (temperature, top_p, both
 * penalties) to kimi-k2.5, which takes one value of each: the gateway sends the request upstream
 * once, with the values the model takes, and says so in x-openclaw-notes. Before, each value
 * cost a refusal and a resend (five upstream calls for one answer). A provider's
 * `compat.fixedSampling: "none"` (a proxy that takes other values) sends them as asked. Against
 * the simulator over real sockets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const REQUEST = {
  model: "moonshot/kimi-k2.5",
  messages: [{ role: "user" as const, content: "hi" }],
  temperature: 0.7,
  top_p: 0.9,
  presence_penalty: 0.5,
  frequency_penalty: 0.2,
};

interface SentSampling {
  temperature?: number;
  top_p?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

function sent(gateway: GatewayEnv): SentSampling[] {
  return gateway.sim.chatRequests().map((request) => {
    const body = request.body as SentSampling;
    return {
      temperature: body.temperature,
      top_p: body.top_p,
      presence_penalty: body.presence_penalty,
      frequency_penalty: body.frequency_penalty,
    };
  });
}

function notesOf(response: Response): string[] | null {
  const value = response.headers.get("x-openclaw-notes");
  return value === null ? null : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("kimi-k2.5's fixed sampling values through the gateway", () => {
  it("sends a request with every sampling value once, corrected, streamed or not, and notes it", async () => {
    env = await startGatewayEnv();
    const client = env.client();
    const whole = await client.chat.completions.create(REQUEST).withResponse();
    expect(whole.data.choices[0]?.message.content).toBeTruthy();
    const note =
      'temperature 0.7 sent as 1, top_p 0.9 as 0.95, presence_penalty 0.5 as 0, frequency_penalty 0.2 as 0: the only values moonshot/kimi-k2.5 takes while it thinks (Moonshot fixes them; compat.fixedSampling "none" sends them as asked)';
    expect(notesOf(whole.response)).toEqual([note]);
    const fixed = { temperature: 1, top_p: 0.95, presence_penalty: 0, frequency_penalty: 0 };
    expect(sent(env)).toEqual([fixed]);

    const streamed = await client.chat.completions
      .create({ ...REQUEST, stream: true })
      .withResponse();
    for await (const _chunk of streamed.data);
    expect(notesOf(streamed.response)).toEqual([note]);
    expect(sent(env)).toEqual([fixed, fixed]);

    // Told not to think, it takes 0.6.
    const plain = await client.chat.completions
      .create({
        ...REQUEST,
        // @ts-expect-error Moonshot's thinking switch, not in the openai package's types
        thinking: { type: "disabled" },
      })
      .withResponse();
    expect(plain.data.choices[0]?.message.content).toBeTruthy();
    expect(sent(env).slice(2)).toEqual([{ ...fixed, temperature: 0.6 }]);
    expect(notesOf(plain.response)?.[0]).toContain(
      "temperature 0.7 sent as 0.6, top_p 0.9 as 0.95, presence_penalty 0.5 as 0, frequency_penalty 0.2 as 0: the only values moonshot/kimi-k2.5 takes with thinking off",
    );
  });

  it('sends the values as asked under compat.fixedSampling "none", learning from refusals as before', async () => {
    env = await startGatewayEnv({
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
          .providers;
        (providers.moonshot as Record<string, unknown>).compat = { fixedSampling: "none" };
      },
    });
    const answer = await env.client().chat.completions.create(REQUEST);
    expect(answer.choices[0]?.message.content).toBeTruthy();
    // The first request goes as the client asked; the simulator refuses one value at a time,
    // and each refusal's value is learned: four refusals, then the answer.
    expect(sent(env)).toHaveLength(5);
    expect(sent(env)[0]).toEqual({
      temperature: 0.7,
      top_p: 0.9,
      presence_penalty: 0.5,
      frequency_penalty: 0.2,
    });
    expect(sent(env).at(-1)).toEqual({
      temperature: 1,
      top_p: 0.95,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
  });
});
