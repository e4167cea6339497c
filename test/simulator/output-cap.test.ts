/**
 * The simulator honours the request's output cap as the real API does: `max_tokens`, else
 * `max_completion_tokens`; the reasoning counted first, then the text, then the tool calls; cut
 * there with `finish_reason: "length"` and `completion_tokens` the cap, in a JSON answer and a
 * stream alike. Real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "./index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

type Json = Record<string, unknown>;
const QUESTION = "tell me a long story about foxes and their dens in the winter snow";
const ECHO = `Echo: ${QUESTION}`;
const OFF = { type: "disabled" };

async function chat(body: Json): Promise<Json> {
  const response = await fetch(`${sim.moonshotBaseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${sim.keys.moonshot}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "kimi-k2.5",
      messages: [{ role: "user", content: QUESTION }],
      ...body,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/** The stream's answer put together: text, reasoning, calls' arguments, finish reason, usage. */
async function streamed(body: Json) {
  const response = await fetch(`${sim.moonshotBaseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${sim.keys.moonshot}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "kimi-k2.5",
      messages: [{ role: "user", content: QUESTION }],
      stream: true,
      ...body,
    }),
  });
  let text = "";
  let reasoning = "";
  const calls: string[] = [];
  let finish: unknown;
  let usage: Json | undefined;
  for (const line of (await response.text()).split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const chunk = JSON.parse(line.slice("data: ".length)) as { choices: Json[] };
    const choice = chunk.choices[0] as Json & { delta: Json };
    text += (choice.delta.content as string | undefined) ?? "";
    reasoning += (choice.delta.reasoning_content as string | undefined) ?? "";
    for (const part of (choice.delta.tool_calls as Json[] | undefined) ?? []) {
      const index = part.index as number;
      calls[index] = (calls[index] ?? "") + ((part.function as Json).arguments as string);
    }
    finish = choice.finish_reason ?? finish;
    usage = (choice.usage as Json | undefined) ?? usage;
  }
  return { text, reasoning, calls, finish, usage };
}

function choiceOf(answer: Json): { message: Json; finish_reason: unknown } {
  return (answer.choices as { message: Json; finish_reason: unknown }[])[0] as {
    message: Json;
    finish_reason: unknown;
  };
}

describe("the output cap", () => {
  it("cuts the text at max_tokens, JSON and stream alike", async () => {
    const answer = await chat({ thinking: OFF, max_tokens: 5 });
    expect(choiceOf(answer).message.content).toBe(ECHO.slice(0, 20));
    expect(choiceOf(answer).finish_reason).toBe("length");
    expect((answer.usage as Json).completion_tokens).toBe(5);
    const stream = await streamed({ thinking: OFF, max_tokens: 5 });
    expect(stream).toMatchObject({ text: ECHO.slice(0, 20), finish: "length" });
    expect(stream.usage?.completion_tokens).toBe(5);
  });

  it("takes max_completion_tokens when the request carries that field", async () => {
    const answer = await chat({ thinking: OFF, max_completion_tokens: 3 });
    expect(choiceOf(answer).message.content).toBe(ECHO.slice(0, 12));
    expect(choiceOf(answer).finish_reason).toBe("length");
  });

  it("counts the reasoning first: a cap it spends leaves the content empty", async () => {
    const answer = await chat({ max_tokens: 8 });
    const { message, finish_reason } = choiceOf(answer);
    expect(message.content).toBe("");
    expect(message.reasoning_content).toBe(`The user said "${QUESTION}`.slice(0, 32));
    expect(finish_reason).toBe("length");
    expect((answer.usage as Json).completion_tokens).toBe(8);
    const stream = await streamed({ max_tokens: 8 });
    expect(stream).toMatchObject({
      text: "",
      reasoning: message.reasoning_content,
      finish: "length",
    });
  });

  it("cuts a tool call in its arguments; later calls are not begun", async () => {
    const toolCalls = [
      { name: "get_time", arguments: { tz: "Europe/Paris" } },
      { name: "get_time", arguments: { tz: "Asia/Tokyo" } },
    ];
    sim.script([{ respond: { reply: { toolCalls } }, times: 2 }]);
    // `{"tz":"Europe/Paris"}` is 6 tokens, plus 4 for the call: a cap of 6 leaves 8 characters.
    const answer = await chat({ thinking: OFF, max_tokens: 6 });
    const { message, finish_reason } = choiceOf(answer);
    expect(finish_reason).toBe("length");
    const calls = message.tool_calls as { function: { arguments: string } }[];
    expect(calls.map((call) => call.function.arguments)).toEqual(['{"tz":"E']);
    const stream = await streamed({ thinking: OFF, max_tokens: 6 });
    expect(stream).toMatchObject({ calls: ['{"tz":"E'], finish: "length" });
  });

  it("leaves an answer that fits as it was, and a rule may answer past the cap", async () => {
    const fits = await chat({ thinking: OFF, max_tokens: 1000 });
    expect(choiceOf(fits).message.content).toBe(ECHO);
    expect(choiceOf(fits).finish_reason).toBe("stop");
    const none = await chat({ thinking: OFF });
    expect(choiceOf(none).message.content).toBe(ECHO);
    sim.script([{ respond: { reply: { text: "x".repeat(400) }, overrunsOutputCap: true } }]);
    const past = await chat({ thinking: OFF, max_tokens: 5 });
    expect(choiceOf(past).message.content).toBe("x".repeat(400));
    expect(choiceOf(past).finish_reason).toBe("stop");
  });
});
