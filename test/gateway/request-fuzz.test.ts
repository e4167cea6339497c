/**
 * Any JSON a client can send: the gateway either answers 400 naming what is wrong, or builds an
 * upstream request from it. Never a crash (a TypeError would be a 500 and a stack trace in the
 * log), never a rejection without a message, and never a request that cannot be serialised.
 * A fixed seed keeps CI repeatable; `FUZZ_RANDOM=1 FUZZ_RUNS=100000` searches further.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOpenClawError } from "../../src/errors.js";
import { GatewayHttpError, parseChatRequest } from "../../src/gateway/index.js";
import { buildChatRequest } from "../../src/providers/index.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const limits = { maxMessages: 16 };
const models = [moonshotModel(), moonshotModel("kimi-k2-thinking"), kimiCodeModel()];

/** Any JSON value, shallow enough to keep runs fast. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Usually a plausible value, sometimes any JSON at all, so that both paths are walked. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | fc.JsonValue> {
  return fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: anyJson, weight: 1 });
}

const text = mostly(fc.string({ maxLength: 12 }));
const part = mostly(
  fc.oneof(
    fc.record({ type: fc.constant("text"), text }),
    fc.record({ type: fc.constant("image_url"), image_url: mostly(fc.record({ url: text })) }),
  ),
);
const content = mostly(fc.oneof(fc.string(), fc.array(part, { maxLength: 3 }), fc.constant(null)));
const toolCall = mostly(
  fc.record({
    id: text,
    type: fc.constant("function"),
    function: mostly(fc.record({ name: text, arguments: text })),
  }),
);
const message = mostly(
  fc.record(
    {
      role: mostly(fc.constantFrom("system", "developer", "user", "assistant", "tool")),
      content,
      name: text,
      tool_calls: mostly(fc.array(toolCall, { maxLength: 3 })),
      tool_call_id: text,
      reasoning_content: text,
      partial: mostly(fc.boolean()),
    },
    { requiredKeys: ["role", "content", "tool_call_id"] },
  ),
);
const tool = mostly(
  fc.record({
    type: fc.constant("function"),
    function: mostly(
      fc.record(
        { name: fc.string({ minLength: 1, maxLength: 8 }), parameters: mostly(fc.object()) },
        { requiredKeys: ["name"] },
      ),
    ),
  }),
);
/** `stream`, with `stream_options` only beside `stream: true` (where OpenAI takes it). */
const streaming = fc.oneof(
  fc.record(
    {
      stream: mostly(fc.constant(true)),
      stream_options: mostly(fc.record({ include_usage: fc.boolean() })),
    },
    { requiredKeys: ["stream"] },
  ),
  fc.record({ stream: mostly(fc.boolean()) }, { requiredKeys: [] }),
);
const responseFormat = fc.oneof(
  fc.record({ type: fc.constantFrom("text", "json_object") }),
  fc.record({
    type: fc.constant("json_schema"),
    json_schema: fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }), schema: anyJson }),
  }),
);
/**
 * The answer's token limit in either field, or in both with one value (two different ones are a
 * refusal, as on OpenAI: drawn apart, they would be refused on nearly every run).
 */
const tokenLimit = fc
  .tuple(mostly(fc.integer({ min: 1, max: 300_000 })), fc.nat(3))
  .map(([limit, fieldsGiven]) => ({
    ...(fieldsGiven & 1 ? { max_tokens: limit } : {}),
    ...(fieldsGiven & 2 ? { max_completion_tokens: limit } : {}),
  }));
const fields = fc.tuple(
  fc.record(
    {
      model: mostly(fc.constantFrom("openclaw", "moonshot/kimi-k2.5", "Kimi K2 Thinking")),
      messages: mostly(fc.array(message, { minLength: 1, maxLength: 3 })),
      tools: mostly(fc.array(tool, { maxLength: 3 })),
      tool_choice: mostly(fc.constantFrom("auto", "none", "required")),
      temperature: mostly(fc.double({ min: 0, max: 2, noNaN: true })),
      top_p: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      stop: mostly(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))),
      n: mostly(fc.constant(1)),
      user: text,
      thinking: mostly(fc.record({ type: fc.constantFrom("enabled", "disabled") })),
      reasoning_effort: mostly(fc.constantFrom("none", "low", "medium", "high", "xhigh", "max")),
      prompt_cache_key: text,
      response_format: mostly(responseFormat),
      seed: mostly(fc.integer()),
    },
    { requiredKeys: ["model", "messages"] },
  ),
  streaming,
  tokenLimit,
);
const body = mostly(fields.map(([rest, stream, limit]) => ({ ...rest, ...stream, ...limit })));

describe("any request body", () => {
  it("is refused with a 400 that names the problem, or becomes a serialisable upstream request", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(body, fc.nat(models.length - 1), (candidate, pick) => {
        let parsed: ReturnType<typeof parseChatRequest>;
        try {
          parsed = parseChatRequest(candidate, limits);
        } catch (error) {
          if (!(error instanceof GatewayHttpError)) throw error;
          refused++;
          expect(error.status).toBe(400);
          expect(error.message.length).toBeGreaterThan(10);
          const sent = JSON.parse(error.body()) as { error: { type: string; param: unknown } };
          expect(sent.error.type).toBe("invalid_request_error");
          // Named: the field at fault (messages[3].content), else the body as a whole; a wrong
          // type of thinking names thinking, with the two forms it takes.
          expect(sent.error.param).toBe(error.param);
          expect(error.message).toContain(
            error.param?.replace(/\.type$/, "") ?? "the request body",
          );
          return;
        }
        accepted++;
        const model = models[pick] ?? moonshotModel();
        try {
          const built = buildChatRequest(model, parsed.request, "sk-test-fuzz-0001", {
            stream: parsed.stream,
          });
          // What the transport sends: the body as JSON text.
          const sent = JSON.parse(JSON.stringify(built.body)) as {
            model: string;
            messages: unknown[];
          };
          expect(sent.model).toBe(model.id);
          expect(Array.isArray(sent.messages)).toBe(true);
        } catch (error) {
          // A request the model cannot take (images to a text model, say) is explained, not a crash.
          if (!isOpenClawError(error)) throw error;
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 3000),
        ...(process.env.FUZZ_RANDOM ? {} : { seed: 20261130 }),
      },
    );
    // Both outcomes were walked, so the property says something about each.
    if (process.env.FUZZ_RANDOM) console.log({ accepted, refused });
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
