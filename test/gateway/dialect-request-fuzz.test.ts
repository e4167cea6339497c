/**
 * Valid Anthropic Messages and OpenAI Responses bodies with random edits (a value replaced by
 * another JSON type, a key removed or added, an entry doubled): the validators accept the result
 * or refuse it with a 400 naming the field (`param`). Never a thrown non-HTTP error (a 500 and a
 * stack trace in the log). Fixed seed: the same edits every run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkNesting } from "../../src/gateway/body-nesting.js";
import { GatewayHttpError } from "../../src/gateway/http-error.js";
import { parseMessagesRequest } from "../../src/gateway/messages-request.js";
import { parseResponsesRequest } from "../../src/gateway/responses-request.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Edit =
  | { kind: "replace"; at: number; value: Json }
  | { kind: "delete"; at: number }
  | { kind: "double"; at: number }
  | { kind: "addKey"; at: number; key: string; value: Json };

const MESSAGES: Json = {
  model: "claude-sonnet-4",
  max_tokens: 100,
  stream: true,
  system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral" } }],
  tools: [
    { name: "weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
  ],
  tool_choice: { type: "auto" },
  thinking: { type: "enabled", budget_tokens: 1024 },
  messages: [
    { role: "user", content: [{ type: "text", text: "hi" }] },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "t", signature: "s" },
        { type: "tool_use", id: "tu1", name: "weather", input: { city: "x" } },
      ],
    },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "tu1", content: "sunny" }] },
  ],
};
const RESPONSES: Json = {
  model: "openclaw",
  instructions: "be brief",
  max_output_tokens: 100,
  reasoning: { effort: "low" },
  text: { format: { type: "json_schema", name: "x", schema: { type: "object" } } },
  tools: [{ type: "function", name: "weather", parameters: { type: "object" } }],
  input: [
    { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
    { type: "function_call", call_id: "c1", name: "weather", arguments: "{}" },
    { type: "function_call_output", call_id: "c1", output: "sunny" },
    { type: "item_reference", id: "msg_1" },
  ],
  previous_response_id: "resp_1",
};

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(1e308, -1, 0, 2 ** 53 + 1, "", "__proto__", [], {}, null, true),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("double" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("addKey" as const),
    at: fc.nat(),
    key: fc.constantFrom("type", "role", "content", "text", "id", "name", "constructor", "input"),
    value,
  }),
);

/** Every place in `json` (the path to it), the root first. */
function places(json: Json, path: (string | number)[] = []): (string | number)[][] {
  const children =
    json !== null && typeof json === "object"
      ? Object.entries(json).flatMap(([key, child]) =>
          places(child, [...path, Array.isArray(json) ? Number(key) : key]),
        )
      : [];
  return [path, ...children];
}

function applyEdit(body: Json, change: Edit): Json {
  const all = places(body);
  const path = all[change.at % all.length] ?? [];
  if (path.length === 0) return change.kind === "replace" ? change.value : body;
  let parent: Json = body;
  for (const step of path.slice(0, -1))
    parent = (parent as Record<string | number, Json>)[step] ?? null;
  const last = path[path.length - 1] ?? 0;
  const holder = parent as Record<string | number, Json>;
  if (change.kind === "replace") holder[last] = change.value;
  else if (change.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete holder[last];
  } else if (change.kind === "double") {
    const copy = structuredClone(holder[last] ?? null);
    if (Array.isArray(parent)) parent.splice(Number(last), 0, copy);
    else holder[last] = [holder[last] ?? null, copy];
  } else {
    const target = holder[last];
    if (target !== null && typeof target === "object" && !Array.isArray(target))
      target[change.key] = change.value;
  }
  return body;
}

function edited(seed: Json): fc.Arbitrary<unknown> {
  return fc
    .array(edit, { minLength: 1, maxLength: 4 })
    .map((edits) => JSON.parse(JSON.stringify(edits.reduce(applyEdit, structuredClone(seed)))));
}

const limits = { maxMessages: 16 };
const lookup = (id: string) =>
  id === "msg_1"
    ? {
        item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "x" }] },
      }
    : undefined;
const history = (id: string) =>
  id === "resp_1" ? [{ type: "message", role: "user", content: "earlier" }] : undefined;

function acceptedOrNamed(body: unknown, parse: () => unknown): "accepted" | "refused" {
  try {
    parse();
    return "accepted";
  } catch (error) {
    if (!(error instanceof GatewayHttpError)) throw error;
    expect(error.status).toBe(400);
    expect(error.message.length).toBeGreaterThan(10);
    // Only a body that is no object at all has no field to name.
    const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
    if (isObject) expect(error.param).toEqual(expect.any(String));
    // The message names that field (a wrong type names its object: thinking, tools[2]), else
    // the body as a whole.
    expect(error.message).toContain(error.param?.replace(/\.type$/, "") ?? "the request body");
    return "refused";
  }
}

describe("an edited request body", () => {
  for (const [name, seed, parse] of [
    ["Messages", MESSAGES, (body: unknown) => parseMessagesRequest(body, limits)],
    [
      "Responses",
      RESPONSES,
      (body: unknown) => parseResponsesRequest(body, lookup, history, limits),
    ],
  ] as const) {
    it(`(${name}) is accepted or refused with a 400, never a crash`, () => {
      const seen = { accepted: 0, refused: 0 };
      fc.assert(
        fc.property(edited(seed), (body) => {
          seen[
            acceptedOrNamed(body, () => {
              checkNesting(body);
              parse(body);
            })
          ]++;
        }),
        { numRuns: 1500, seed: 20261202 },
      );
      expect(seen.accepted).toBeGreaterThan(100);
      expect(seen.refused).toBeGreaterThan(100);
    });
  }
});
