/**
 * OpenAI's legacy text completions, `POST /v1/completions`: what Continue's tab autocomplete
 * sends for a `provider: openai` model, LiteLLM's `text_completion` and the `openai` SDK's
 * `client.completions.create`. It was a 404 for every one. The prompt now goes to the model as
 * the start of its answer (Moonshot's partial mode), so the text that comes back continues it;
 * the answer is OpenAI's `text_completion` object, with the chat route's auth, model names,
 * ledger and metrics. The official `openai` client, the gateway and the simulator on 127.0.0.1.
 */
import type OpenAI from "openai";
import { APIError, AuthenticationError, BadRequestError, NotFoundError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  notesOf,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The last request the simulator got, as the gateway sent it upstream. */
function lastUpstream(): {
  messages: { role: string; content: string; partial?: boolean }[];
  max_tokens?: number;
  thinking?: unknown;
  stop?: unknown;
} {
  return env.sim.chatRequests().at(-1)?.body as ReturnType<typeof lastUpstream>;
}

/** The error a call ends in. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

describe("POST /v1/completions, not streamed", () => {
  it("answers a text_completion whose text continues the prompt, with usage", async () => {
    const completion = await env.client().completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "Once upon a time",
      max_tokens: 40,
    });
    expect(completion.object).toBe("text_completion");
    expect(completion.id).toMatch(/^cmpl-/);
    expect(completion.model).toBe("moonshot/kimi-k2.5");
    expect(completion.choices).toHaveLength(1);
    const choice = completion.choices[0];
    expect(choice?.index).toBe(0);
    expect(choice?.logprobs).toBeNull();
    expect(choice?.finish_reason).toBe("stop");
    // The simulator's continuation of a partial answer: the rest only, not the prompt again.
    expect(choice?.text).toBe(' (continued after "Once upon a time")');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    // Upstream: the prompt as the start of the answer, thinking off, the limit as sent.
    const sent = lastUpstream();
    expect(sent.messages.at(-1)).toEqual({
      role: "assistant",
      content: "Once upon a time",
      partial: true,
    });
    expect(sent.thinking).toEqual({ type: "disabled" });
    expect(sent.max_tokens).toBe(40);
  });

  it("takes a prompt as an array of one string, and OpenAI's default of 16 tokens without max_tokens", async () => {
    const completion = await env.client().completions.create({
      model: "Kimi K2.5",
      prompt: ["def fib(n):"],
    });
    expect(completion.choices[0]?.text).toBe(' (continued after "def fib(n):")');
    expect(lastUpstream().max_tokens).toBe(16);
  });

  it("echo: true begins the text with the prompt", async () => {
    const completion = await env.client().completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "Roses are red",
      echo: true,
    });
    expect(completion.choices[0]?.text).toBe('Roses are red (continued after "Roses are red")');
  });

  it("keeps the text free of a thinking model's reasoning", async () => {
    const completion = await env.client().completions.create({
      model: "moonshot/kimi-k2-thinking",
      prompt: "The capital of France is",
      max_tokens: 200,
      // A client that asks for thinking keeps it; its reasoning stays out of the text.
      reasoning_effort: "high",
    } as OpenAI.CompletionCreateParamsNonStreaming);
    const text = completion.choices[0]?.text ?? "";
    expect(text).toBe(' (continued after "capital of France is")');
    // The simulator's reasoning of a thinking model ("The user said …") went elsewhere.
    expect(text).not.toContain("The user said");
  });

  it("records one ledger row per request: the model asked and used, its tokens, the api", async () => {
    const before = await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests");
    const completion = await env.client().completions.create({
      model: "openclaw",
      prompt: "Counting: one, two,",
      max_tokens: 20,
      user: "ledger-check",
    });
    const rows = await ledgerQuery<{
      n: number;
      model_requested: string;
      model_used: string;
      prompt_tokens: number;
      completion_tokens: number;
      api: string;
      stream: number;
      status: number;
    }>(
      env,
      "SELECT count(*) AS n, model_requested, model_used, prompt_tokens, completion_tokens, api, stream, status FROM requests WHERE client = ?",
      "ledger-check",
    );
    expect(rows[0]).toEqual({
      n: 1,
      model_requested: "openclaw",
      model_used: "moonshot/kimi-k2.5",
      prompt_tokens: completion.usage?.prompt_tokens,
      completion_tokens: completion.usage?.completion_tokens,
      api: "completions",
      stream: 0,
      status: 200,
    });
    const after = await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests");
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(1);
    // /metrics counts it under a route of its own.
    const metrics = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    }).then((response) => response.text());
    expect(metrics).toMatch(
      /openclaw_gateway_requests_total\{route="completions",status="200"\} \d+/,
    );
  });
});

describe("POST /v1/completions, streamed", () => {
  it("streams text_completion chunks of the continuation, then the usage asked for", async () => {
    const { data: stream, response } = await env
      .client()
      .completions.create({
        model: "moonshot/kimi-k2.5",
        prompt: "Once upon a time",
        max_tokens: 40,
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const chunks: OpenAI.Completion[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.id).toMatch(/^cmpl-/);
    const text = chunks.map((chunk) => chunk.choices[0]?.text ?? "").join("");
    expect(text).toBe(' (continued after "Once upon a time")');
    const withText = chunks.filter((chunk) => chunk.choices.length > 0);
    expect(withText.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    // The usage chunk comes last, with no choices, as OpenAI sends it.
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    const rows = await ledgerQuery<{ stream: number; completion_tokens: number }>(
      env,
      "SELECT stream, completion_tokens FROM requests WHERE request_id = ?",
      response.headers.get("x-request-id"),
    );
    expect(rows).toEqual([{ stream: 1, completion_tokens: last?.usage?.completion_tokens }]);
  });

  it("ends a stream cut upstream with the error in-band, after the text that came, as chat does", async () => {
    const story = "word ".repeat(100);
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { cutAfterChunks: 3, reply: { text: story }, stream: { chunkChars: 10 } },
      },
    ]);
    const stream = await env.client().completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "Tell a long story:",
      max_tokens: 400,
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(APIError);
    expect(text.length).toBeGreaterThan(0);
    expect(story.startsWith(text)).toBe(true);
  });

  it("never streams the reasoning of a model that thinks whatever it is sent", async () => {
    const stream = await env.client().completions.create({
      model: "kimi-code/kimi-for-coding",
      prompt: "const answer =",
      max_tokens: 200,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe(' (continued after "const answer =")');
  });

  it("says a model that thinks whatever it is sent still thought, without a thinking field the client never sent", async () => {
    // Continue's autocomplete names no thinking: the "off" is the gateway's, for every completion.
    const { response } = await env
      .client()
      .completions.create({
        model: "kimi-code/kimi-for-coding",
        prompt: "const x =",
        max_tokens: 200,
      })
      .withResponse();
    const notes = notesOf(response.headers).filter((note) => note.includes("thinks"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^thinking off \(the gateway's, as for any text completion that names no thinking level\) not applied: kimi-code\/kimi-for-coding always thinks/,
    );
    expect(notes[0]).not.toContain('{"type":"disabled"}');
  });
});

describe("POST /v1/completions refusals", () => {
  it("an empty body is shown a completion's own shape to send", async () => {
    const response = await fetch(`${env.baseURL}/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const { error } = (await response.json()) as { error: { message: string; code: string } };
    expect(response.status).toBe(400);
    expect(error.code).toBe("invalid_json");
    expect(error.message).toContain(
      '{"model": "openclaw", "prompt": "Once upon a time", "max_tokens": 64}',
    );
  });

  it("a wrong token is a 401", async () => {
    const error = await failure(
      env.client("wrong-token-0001").completions.create({ model: "openclaw", prompt: "Hi" }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it("an unknown model is a 404 with close matches", async () => {
    const error = await failure(
      env.client().completions.create({ model: "moonshot/kimi-k2.4", prompt: "Hi" }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe("model_not_found");
    expect((error as NotFoundError).message).toContain("moonshot/kimi-k2.5");
  });

  it("a prompt of token ids is a 400 naming prompt, saying to send text", async () => {
    const error = await failure(
      env.client().completions.create({ model: "openclaw", prompt: [1, 2, 3] }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("prompt");
    expect((error as BadRequestError).message).toContain("send the prompt as text");
  });

  it("several prompts are a 400 naming prompt, saying to send one a request", async () => {
    const error = await failure(
      env.client().completions.create({ model: "openclaw", prompt: ["a", "b"] }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("prompt");
    expect((error as BadRequestError).message).toContain(
      "send each prompt in a request of its own",
    );
  });

  it.each([
    ["suffix", { suffix: "return x" }],
    ["logprobs", { logprobs: 6 }],
    ["echo", { logprobs: 2, echo: true }],
    ["best_of", { best_of: 3 }],
  ])("%s is a 400 naming it, nothing sent upstream", async (field, extra) => {
    const upstream = env.sim.chatRequests().length;
    const error = await failure(
      env.client().completions.create({ model: "openclaw", prompt: "x = ", ...extra }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe(field);
    expect(env.sim.chatRequests()).toHaveLength(upstream);
  });
});

/**
 * What Continue's OpenAI provider sends to {apiBase}/completions for tab autocomplete (its
 * _legacystreamComplete: the chat body's fields without messages, the prompt, stream true), for a
 * model its templates do not know: the fill-in-the-middle template's seven stop tokens and its
 * own three, ten where Moonshot takes five.
 */
const CONTINUE_STOPS = [
  "<fim_prefix>",
  "<fim_suffix>",
  "<fim_middle>",
  "<file_sep>",
  "<|endoftext|>",
  "</fim_middle>",
  "</code>",
  "/src/",
  "#- coding: utf-8",
  "```",
];
const CONTINUE_PROMPT = "<fim_prefix>function add(a, b) {\n  return<fim_suffix>\n}<fim_middle>";

async function continueAutocomplete(extra: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${env.baseURL}/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      temperature: 0.01,
      stream: true,
      stop: CONTINUE_STOPS,
      prompt: CONTINUE_PROMPT,
      ...extra,
    }),
  });
}

/** How many completions /metrics counts as answered 200. */
async function completionsServed(): Promise<number> {
  const metrics = await fetch(`${env.gateway.url}/metrics`, {
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
  }).then((response) => response.text());
  const line = /openclaw_gateway_requests_total\{route="completions",status="200"\} (\d+)/.exec(
    metrics,
  );
  return Number(line?.[1] ?? 0);
}

/** The text and the last finish reason of a streamed completion's body, and its [DONE]. */
async function streamedText(
  response: Response,
): Promise<{ text: string; finish: string | null | undefined; done: boolean }> {
  const events = (await response.text())
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length));
  const chunks = events
    .filter((data) => data !== "[DONE]")
    .map(
      (data) =>
        JSON.parse(data) as {
          object: string;
          choices: { text: string; finish_reason: string | null }[];
        },
    );
  expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
  return {
    text: chunks.map((chunk) => chunk.choices[0]?.text ?? "").join(""),
    // The last chunk with a choice: a usage chunk after it has none.
    finish: chunks.findLast((chunk) => chunk.choices.length > 0)?.choices[0]?.finish_reason,
    done: events.at(-1) === "[DONE]",
  };
}

describe("a Continue tab-autocomplete request", () => {
  it("is answered 200 with the continuation streamed, five of its ten stop sequences sent upstream", async () => {
    const response = await continueAutocomplete();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const { text, finish, done } = await streamedText(response);
    expect(text).toBe(` (continued after "${CONTINUE_PROMPT.slice(-20)}")`);
    expect(finish).toBe("stop");
    expect(done).toBe(true);
    expect(lastUpstream().stop).toEqual(CONTINUE_STOPS.slice(0, 5));
  });

  it("has its text stopped by the gateway at a stop sequence not sent upstream", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { text: " a + b;\n}\n```\nconsole.log(add(1, 2));", finishReason: "length" },
        },
      },
    ]);
    const { text, finish } = await streamedText(await continueAutocomplete());
    expect(text).toBe(" a + b;\n}\n");
    expect(finish).toBe("stop");
  });

  it("streamed, ends at a held stop sequence at once and cancels the upstream's answer", async () => {
    // An answer that would take ten minutes to stream, past max_tokens: only a gateway that
    // cancels it lets the simulator see its request closed before its end.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          chunkDelayMs: 100,
          overrunsOutputCap: true,
          reply: { text: ` a + b;\n}\n\`\`\`\n${"more ".repeat(6000)}` },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const cutBefore = env.sim.closedBeforeAnswered();
    const servedBefore = await completionsServed();
    const response = await continueAutocomplete({ stream_options: { include_usage: true } });
    const body = await response.text();
    const { text, finish, done } = await streamedText(new Response(body));
    expect(text).toBe(" a + b;\n}\n");
    expect(finish).toBe("stop");
    expect(done).toBe(true);
    // The usage chunk before [DONE]: the gateway's estimate, said to be one (no usage came).
    expect(body).toContain(": usage estimated by the gateway");
    const usageChunk = body
      .split("\n\n")
      .filter((block) => block.startsWith("data: {"))
      .map((block) => JSON.parse(block.slice("data: ".length)) as { usage?: unknown })
      .at(-1) as { usage: { prompt_tokens: number; completion_tokens: number } };
    expect(usageChunk.usage.completion_tokens).toBeGreaterThan(0);
    await eventually(
      () => env.sim.closedBeforeAnswered() === cutBefore + 1,
      20_000,
      "the upstream request to be closed before its answer finished",
    );
    const rows = await ledgerQuery<{
      status: number;
      outcome: string;
      estimated: number;
      prompt_tokens: number;
      completion_tokens: number;
    }>(
      env,
      "SELECT status, outcome, estimated, prompt_tokens, completion_tokens FROM requests WHERE request_id = ?",
      response.headers.get("x-request-id"),
    );
    // Served, not a client that left: the tokens the upstream spent until its cancel, estimated
    // (the client was told the same), far from the whole answer's thousands.
    expect(rows).toEqual([
      {
        status: 200,
        outcome: "ok",
        estimated: 1,
        prompt_tokens: usageChunk.usage.prompt_tokens,
        completion_tokens: usageChunk.usage.completion_tokens,
      },
    ]);
    expect(usageChunk.usage.completion_tokens).toBeLessThan(1000);
    expect(await completionsServed()).toBe(servedBefore + 1);
  });

  it("streamed, keeps the upstream's own usage when its whole answer came in the read that met the stop", async () => {
    // The simulator writes the whole stream at once: nothing is left to cancel, and the usage
    // of its last chunk is the provider's, not an estimate.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: " a + b;\n}\n```\nconsole.log(add(1, 2));" } },
      },
    ]);
    const response = await continueAutocomplete({ stream_options: { include_usage: true } });
    const body = await response.text();
    expect((await streamedText(new Response(body))).text).toBe(" a + b;\n}\n");
    expect(body).not.toContain("usage estimated");
    const rows = await ledgerQuery<{ status: number; estimated: number }>(
      env,
      "SELECT status, estimated FROM requests WHERE request_id = ?",
      response.headers.get("x-request-id"),
    );
    expect(rows).toEqual([{ status: 200, estimated: 0 }]);
  });

  it("streamed with stops held, is still cancelled upstream by a client that leaves before one", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          chunkDelayMs: 100,
          overrunsOutputCap: true,
          reply: { text: "more ".repeat(6000) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const cutBefore = env.sim.closedBeforeAnswered();
    const controller = new AbortController();
    const response = await fetch(`${env.baseURL}/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        stream: true,
        stop: CONTINUE_STOPS,
        prompt: CONTINUE_PROMPT,
      }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    let received = "";
    while (reader && !received.includes("more")) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(received).toContain("more");
    await eventually(
      () => env.sim.closedBeforeAnswered() === cutBefore + 1,
      20_000,
      "the upstream request to be closed before its answer finished",
    );
    await eventually(
      async () =>
        (
          await ledgerQuery<{ outcome: string }>(
            env,
            "SELECT outcome FROM requests WHERE request_id = ?",
            response.headers.get("x-request-id"),
          )
        )[0]?.outcome === "client_disconnect",
      20_000,
      "the ledger row of a client that left",
    );
  });

  it("not streamed, has its text cut there too", async () => {
    env.sim.script([
      { when: { model: "kimi-k2.5" }, respond: { reply: { text: "x = 1 /src/ y" } } },
    ]);
    const completion = await env.client().completions.create({
      model: "moonshot/kimi-k2.5",
      prompt: "let ",
      stop: CONTINUE_STOPS,
    });
    expect(completion.choices[0]?.text).toBe("x = 1 ");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });
});
