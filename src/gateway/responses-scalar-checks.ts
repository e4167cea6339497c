/**
 * The fields of a Responses request the chat request's validation would check under other
 * names, checked under theirs: `store`, `parallel_tool_calls`, `max_output_tokens`,
 * `truncation`, `metadata`, `include`, `safety_identifier` and `reasoning` (`stream_options`
 * is checked as on chat completions, `streamOptionsNote`). Pure.
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";
import { checkMetadata } from "./metadata-field.js";
import { checkSafetyIdentifier } from "./platform-field-types.js";

type Obj = Record<string, unknown>;

/** `reasoning.effort` values, as chat completions' `reasoning_effort` takes them. */
const EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];
const SUMMARIES = ["auto", "concise", "detailed"];

/**
 * The values OpenAI's `include` takes. Those naming items this gateway never makes (file search
 * results, computer screenshots) have nothing to add and are taken; any other value is refused,
 * so that a misspelt `reasoning.encrypted_content` is not an answer without it.
 */
const INCLUDABLE = [
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
  "message.input_image.image_url",
  "web_search_call.action.sources",
  "web_search_call.results",
  "file_search_call.results",
  "computer_call_output.output.image_url",
  "code_interpreter_call.outputs",
];

/** `include`: an array of the values OpenAI takes. */
function checkInclude(include: unknown): void {
  if (include === undefined || include === null) return;
  if (!Array.isArray(include)) {
    throw badRequest(
      `include must be an array of strings, such as ["reasoning.encrypted_content"]; got ${typeof include === "string" ? `the string ${quoted(include)}` : describe(include)}`,
      "include",
      "invalid_type",
    );
  }
  include.forEach((value, i) => {
    if (typeof value === "string" && INCLUDABLE.includes(value)) return;
    throw badRequest(
      `include[${i}] must be one of ${INCLUDABLE.join(", ")}; got ${quoted(value)}`,
      `include[${i}]`,
      typeof value === "string" ? "invalid_value" : "invalid_type",
    );
  });
}

/** The fields the chat request's validation would check under other names, checked here under theirs. */
export function checkScalars(body: Obj): void {
  const given = (field: string) => body[field] !== undefined && body[field] !== null;
  for (const field of ["store", "parallel_tool_calls"]) {
    if (given(field) && typeof body[field] !== "boolean")
      throw badRequest(`${field} must be a boolean`, field, "invalid_type");
  }
  const max = body.max_output_tokens;
  if (given("max_output_tokens") && (typeof max !== "number" || !Number.isInteger(max) || max < 1))
    throw badRequest("max_output_tokens must be a positive integer", "max_output_tokens");
  if (given("truncation") && body.truncation !== "disabled" && body.truncation !== "auto") {
    throw badRequest(
      `truncation must be "disabled" or "auto", got ${quoted(body.truncation)}`,
      "truncation",
    );
  }
  checkMetadata(body.metadata);
  checkInclude(body.include);
  checkSafetyIdentifier(body.safety_identifier);
  const reasoning = body.reasoning;
  if (reasoning === undefined || reasoning === null) return;
  if (!isRecord(reasoning))
    throw badRequest("reasoning must be an object", "reasoning", "invalid_type");
  const effort = reasoning.effort;
  if (effort !== undefined && effort !== null && !EFFORTS.includes(effort as string)) {
    throw badRequest(
      `reasoning.effort must be one of ${EFFORTS.join(", ")}; got ${quoted(effort)}`,
      "reasoning.effort",
    );
  }
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (summary !== undefined && summary !== null && !SUMMARIES.includes(summary as string)) {
    throw badRequest(
      `reasoning.summary must be one of ${SUMMARIES.join(", ")}; got ${quoted(summary)}`,
      "reasoning.summary",
    );
  }
}
