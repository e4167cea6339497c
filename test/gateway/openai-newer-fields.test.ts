/**
 * Request fields of the official `openai` client (6.x) that no provider here keeps, through the
 * client, the gateway and the simulator on real sockets:
 * - `prompt_cache_options` (chat completions and /v1/responses) is checked, not sent, and noted
 *   in x-openclaw-notes, as `prompt_cache_retention` is; before, chat completions sent it
 *   upstream unsaid and /v1/responses refused the request;
 * - `context_management` (/v1/responses: compaction past a threshold) is answered as sent with a
 *   note that nothing is compacted; before, the request was refused as an unknown field;
 * - `moderation` (results the answer would carry) is a 400 saying why, on both; before, chat
 *   completions sent it upstream and answered without any results, unsaid;
 * - `stream_options.include_obfuscation: true` (padding OpenAI adds to streamed deltas) is
 *   noted, as the gateway's events carry none, and a value that is not a boolean is a 400;
 *   before, both were taken unsaid;
 * - a custom tool on chat completions (free-form input) is refused saying /v1/responses takes
 *   it; before, the refusal said only that the type must be "function";
 * - `prompt_cache_breakpoint` on chat content parts is taken out of them and noted; before, it
 *   went upstream inside the parts, unsaid; on /v1/responses input parts it is noted in the same
 *   words (before, the parts were rebuilt without it, unsaid);
 * - a `stream_options` that is no object on /v1/responses, and a `verbosity` (`text.verbosity`)
 *   or `safety_identifier` that is no string on either, are 400s naming the field, as OpenAI
 *   answers them; before, /v1/responses took them unsaid and chat completions sent them upstream;
 * - a `verbosity` (`text.verbosity`) string other than "low", "medium" or "high" is a 400 naming
 *   the field and the values, as OpenAI answers it; before, it was noted as not sent to Moonshot.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ResponseParams = OpenAI.Responses.ResponseCreateParamsNonStreaming;

const CACHE_NOTE =
  'prompt_cache_options {"mode":"explicit","ttl":"30m"} not sent: a caching setting the provider does not take (Moonshot and Kimi Code cache prompts on their own)';
const COMPACTION_NOTE =
  "context_management not applied: this gateway compacts no conversation and drops nothing from one, so the model gets it whole; one too long for the model is a 400 (context_length_exceeded), to shorten on the client's side";
const OBFUSCATION_NOTE =
  "stream_options.include_obfuscation true not applied: this gateway's stream events carry no obfuscation padding, so their sizes follow the text; leave it out, or keep the link to the gateway on a network you trust";
const MODERATION_REFUSAL =
  "moderation is not supported: this gateway moderates neither the request nor the answer (no provider it serves runs OpenAI's moderation), so no results would come back; leave moderation out and moderate on the client's side (with OpenAI's own moderations endpoint, say)";

describe("newer OpenAI request fields no provider here keeps", () => {
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

  const chat = (fields: Partial<ChatParams>): ChatParams => ({
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user", content: "hi" }],
    ...fields,
  });
  const responses = (fields: Partial<ResponseParams>): ResponseParams => ({
    model: "moonshot/kimi-k2.5",
    input: "hi",
    ...fields,
  });
  const upstream = () => env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;

  it("answers prompt_cache_options on both doors without sending it, saying so", async () => {
    const options = { mode: "explicit", ttl: "30m" } as const;
    const answered = await env
      .client()
      .chat.completions.create(chat({ prompt_cache_options: options }))
      .withResponse();
    expect(answered.data.choices[0]?.message.content).toBeTypeOf("string");
    expect("prompt_cache_options" in upstream()).toBe(false);
    expect(notesOf(answered.response.headers)).toContain(CACHE_NOTE);

    const response = await env
      .client()
      .responses.create(responses({ prompt_cache_options: options }))
      .withResponse();
    expect(response.data.output_text).not.toBe("");
    expect("prompt_cache_options" in upstream()).toBe(false);
    expect(notesOf(response.response.headers)).toContain(CACHE_NOTE);

    // A mode OpenAI does not take is the client's 400, naming it, sent nowhere.
    env.sim.reset();
    const wrong = { mode: "always" } as unknown as ChatParams["prompt_cache_options"];
    const error = await apiFailure(
      env.client().chat.completions.create(chat({ prompt_cache_options: wrong })),
    );
    expect([error.status, error.param]).toEqual([400, "prompt_cache_options.mode"]);
    expect(error.message).toContain(
      'prompt_cache_options.mode must be "implicit" or "explicit", got "always"',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("answers context_management on /v1/responses, saying nothing is compacted", async () => {
    const response = await env
      .client()
      .responses.create(
        responses({ context_management: [{ type: "compaction", compact_threshold: 200000 }] }),
      )
      .withResponse();
    expect(response.data.status).toBe("completed");
    expect(response.data.output_text).not.toBe("");
    expect("context_management" in upstream()).toBe(false);
    expect(notesOf(response.response.headers)).toContain(COMPACTION_NOTE);

    env.sim.reset();
    const error = await apiFailure(
      env
        .client()
        .responses.create(
          responses({ context_management: [{ type: "compaction", compact_threshold: -5 }] }),
        ),
    );
    expect([error.status, error.param]).toEqual([400, "context_management[0].compact_threshold"]);
    expect(error.message).toContain(
      "context_management[0].compact_threshold must be a positive integer (tokens), got -5",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("refuses moderation on both doors, saying why, sent nowhere", async () => {
    const moderation = { model: "omni-moderation-latest" };
    const chatError = await apiFailure(env.client().chat.completions.create(chat({ moderation })));
    const responsesError = await apiFailure(
      env.client().responses.create(responses({ moderation })),
    );
    for (const error of [chatError, responsesError]) {
      expect([error.status, error.param, error.code]).toEqual([
        400,
        "moderation",
        "unsupported_parameter",
      ]);
      expect(error.message).toContain(MODERATION_REFUSAL);
    }
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("says a stream carries no obfuscation padding when asked for it, on both doors", async () => {
    const asked = await env
      .client()
      .chat.completions.create({
        ...chat({}),
        stream: true,
        stream_options: { include_usage: true, include_obfuscation: true },
      })
      .withResponse();
    let text = "";
    for await (const chunk of asked.data) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).not.toBe("");
    expect(notesOf(asked.response.headers)).toContain(OBFUSCATION_NOTE);

    // false asks for what is done anyway: nothing to say.
    const declined = await env
      .client()
      .chat.completions.create({
        ...chat({}),
        stream: true,
        stream_options: { include_obfuscation: false },
      })
      .withResponse();
    for await (const _chunk of declined.data);
    expect(notesOf(declined.response.headers).join("\n")).not.toContain("obfuscation");

    const response = await env
      .client()
      .responses.create({
        ...responses({}),
        stream: true,
        stream_options: { include_obfuscation: true },
      })
      .withResponse();
    const kinds = new Set<string>();
    for await (const event of response.data) kinds.add(event.type);
    expect(kinds.has("response.completed")).toBe(true);
    expect(notesOf(response.response.headers)).toContain(OBFUSCATION_NOTE);

    env.sim.reset();
    const wrong = "yes" as unknown as boolean;
    const error = await apiFailure(
      env.client().chat.completions.create({
        ...chat({}),
        stream: true,
        stream_options: { include_obfuscation: wrong },
      }),
    );
    expect([error.status, error.param]).toEqual([400, "stream_options.include_obfuscation"]);
    expect(error.message).toContain(
      "stream_options.include_obfuscation must be a boolean, got a string",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("refuses a wrongly typed stream_options, verbosity or safety_identifier, naming it", async () => {
    const number = 5 as unknown as string;
    const refusals = [
      [
        () =>
          env.client().responses.create({
            ...responses({}),
            stream: true,
            stream_options: "yes" as unknown as ResponseParams["stream_options"],
          }),
        "stream_options",
        'stream_options must be an object such as {"include_obfuscation": false}, got a string',
      ],
      [
        () => env.client().responses.create(responses({ text: { verbosity: number as never } })),
        "text.verbosity",
        'text.verbosity must be a string ("low", "medium" or "high"), got a number',
      ],
      [
        () => env.client().responses.create(responses({ safety_identifier: number })),
        "safety_identifier",
        "safety_identifier must be a string (a stable id of the end user, such as a hash of their username), got a number",
      ],
      [
        () => env.client().chat.completions.create(chat({ verbosity: number as never })),
        "verbosity",
        'verbosity must be a string ("low", "medium" or "high"), got a number',
      ],
      [
        () => env.client().chat.completions.create(chat({ safety_identifier: number })),
        "safety_identifier",
        "safety_identifier must be a string (a stable id of the end user, such as a hash of their username), got a number",
      ],
    ] as const;
    for (const [call, param, message] of refusals) {
      const error = await apiFailure(call());
      expect([error.status, error.param, error.code]).toEqual([400, param, "invalid_type"]);
      expect(error.message).toContain(message);
    }
    expect(env.sim.chatRequests()).toHaveLength(0);

    // Strings are taken, on both doors, as before.
    const taken = await env
      .client()
      .responses.create(responses({ text: { verbosity: "low" }, safety_identifier: "user-01" }));
    expect(taken.output_text).not.toBe("");
    const chatTaken = await env
      .client()
      .chat.completions.create(chat({ verbosity: "low", safety_identifier: "user-01" }));
    expect(chatTaken.choices[0]?.message.content).toBeTypeOf("string");
  });

  it("refuses a verbosity OpenAI does not take, listing the values, on both doors", async () => {
    const loud = "loud" as unknown as "low";
    const chatError = await apiFailure(
      env.client().chat.completions.create(chat({ verbosity: loud })),
    );
    const responsesError = await apiFailure(
      env.client().responses.create(responses({ text: { verbosity: loud } })),
    );
    for (const [error, param] of [
      [chatError, "verbosity"],
      [responsesError, "text.verbosity"],
    ] as const) {
      expect([error.status, error.param, error.code]).toEqual([400, param, "invalid_value"]);
      expect(error.message).toContain(`${param} must be "low", "medium" or "high", got "loud"`);
    }
    expect(env.sim.chatRequests()).toHaveLength(0);

    // A value OpenAI takes is answered as before: not sent to a Moonshot model, and said so.
    const note =
      'verbosity "high" not sent: moonshot/kimi-k2.5 takes no verbosity setting; ask for the length you want in the prompt';
    const answered = await env
      .client()
      .chat.completions.create(chat({ verbosity: "high" }))
      .withResponse();
    expect(answered.data.choices[0]?.message.content).toBeTypeOf("string");
    expect("verbosity" in upstream()).toBe(false);
    expect(notesOf(answered.response.headers)).toContain(note);
    const response = await env
      .client()
      .responses.create(responses({ text: { verbosity: "high" } }))
      .withResponse();
    expect(response.data.output_text).not.toBe("");
    expect("verbosity" in upstream()).toBe(false);
    // Named as the Responses client sent it.
    expect(notesOf(response.response.headers)).toContain(`text.${note}`);
  });

  it("refuses a custom tool on chat completions, pointing to /v1/responses", async () => {
    const error = await apiFailure(
      env.client().chat.completions.create(
        chat({
          tools: [{ type: "custom", custom: { name: "apply_patch", format: { type: "text" } } }],
        }),
      ),
    );
    expect([error.status, error.param, error.code]).toEqual([
      400,
      "tools[0].type",
      "unsupported_value",
    ]);
    expect(error.message).toContain(
      'tools[0] is a custom tool "apply_patch" (free-form text input), which chat completions here do not take: send the request to POST /v1/responses, which takes custom tools, or define the tool as a function whose one string parameter holds the text',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("takes prompt_cache_breakpoint out of chat content parts, saying so", async () => {
    const breakpoint = { mode: "explicit" } as const;
    const answered = await env
      .client()
      .chat.completions.create(
        chat({
          messages: [
            {
              role: "system",
              content: [
                { type: "text", text: "You answer briefly.", prompt_cache_breakpoint: breakpoint },
              ],
            },
            {
              role: "user",
              content: [
                { type: "text", text: "What is in it?", prompt_cache_breakpoint: breakpoint },
                {
                  type: "image_url",
                  image_url: { url: "data:image/png;base64,iVBORw0KGgo=" },
                  prompt_cache_breakpoint: breakpoint,
                },
              ],
            },
          ],
        }),
      )
      .withResponse();
    expect(answered.data.choices[0]?.message.content).toBeTypeOf("string");
    const sent = JSON.stringify(upstream().messages);
    expect(sent).toContain("What is in it?");
    expect(sent).not.toContain("prompt_cache_breakpoint");
    expect(notesOf(answered.response.headers)).toContain(
      "prompt_cache_breakpoint not sent (on 3 content parts): a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)",
    );

    // Without one, nothing is said.
    const plain = await env.client().chat.completions.create(chat({})).withResponse();
    expect(notesOf(plain.response.headers).join("\n")).not.toContain("prompt_cache_breakpoint");
  });

  it("says prompt_cache_breakpoint on /v1/responses input parts is not sent, as chat does", async () => {
    const breakpoint = { mode: "explicit" } as const;
    const answered = await env
      .client()
      .responses.create(
        responses({
          input: [
            {
              role: "developer",
              content: [
                {
                  type: "input_text",
                  text: "You answer briefly.",
                  prompt_cache_breakpoint: breakpoint,
                },
              ],
            },
            {
              role: "user",
              content: [
                {
                  type: "input_text",
                  text: "What is in it? ",
                  prompt_cache_breakpoint: breakpoint,
                },
                {
                  type: "input_image",
                  detail: "auto",
                  image_url: "data:image/png;base64,iVBORw0KGgo=",
                  prompt_cache_breakpoint: breakpoint,
                },
                { type: "input_text", text: "Say it short." },
              ],
            },
          ],
        }),
      )
      .withResponse();
    expect(answered.data.output_text).not.toBe("");
    const sent = JSON.stringify(upstream().messages);
    expect(sent).toContain("What is in it?");
    expect(sent).not.toContain("prompt_cache_breakpoint");
    expect(notesOf(answered.response.headers)).toContain(
      "prompt_cache_breakpoint not sent (on 3 content parts): a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)",
    );

    // Continuing from it, the kept parts are not told of again: only what this request sent.
    const next = await env
      .client()
      .responses.create(
        responses({
          previous_response_id: answered.data.id,
          input: [
            {
              role: "user",
              content: [
                { type: "input_text", text: "Again.", prompt_cache_breakpoint: breakpoint },
              ],
            },
          ],
        }),
      )
      .withResponse();
    expect(next.data.output_text).not.toBe("");
    expect(notesOf(next.response.headers)).toContain(
      "prompt_cache_breakpoint not sent (on 1 content part): a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)",
    );
    const plain = await env
      .client()
      .responses.create(responses({ previous_response_id: answered.data.id }))
      .withResponse();
    expect(notesOf(plain.response.headers).join("\n")).not.toContain("prompt_cache_breakpoint");
  });
});
