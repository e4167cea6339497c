/**
 * Anthropic's `output_config` on a Messages request. Its `effort` (low, medium, high, xhigh, max:
 * how much the model may spend, its thinking first; Claude Code sends "high" on every request)
 * is the thinking level chat's `reasoning_effort` asks for, which Kimi K3 takes as its own and
 * the K2 models as thinking on. Its `format` (Anthropic's structured outputs, `{"type":
 * "json_schema", "schema"}`, which the Anthropic SDK's `messages.parse()` sends for any model) is
 * chat's `response_format` with that schema, as the Responses API's `text.format` is: left out, the
 * model never saw the schema. Other members are not sent, and the client is told so.
 */
import { clippedJson, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const EFFORTS = new Set(["low", "medium", "high", "xhigh", "max"]);
const MAPPED = new Set(["effort", "format"]);

/** The schema's name upstream: Anthropic's format has none, and chat's json_schema needs one. */
const SCHEMA_NAME = "output";

/** `output_config.format` as chat's `response_format`, or undefined when none is given. */
function jsonSchemaFormat(format: unknown): Record<string, unknown> | undefined {
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format) || format.type !== "json_schema")
    throw badRequest(
      `output_config.format must be {"type": "json_schema", "schema": {…}}, got ${clippedJson(format)}`,
      "output_config.format",
      "invalid_value",
    );
  if (!isRecord(format.schema))
    throw badRequest(
      "output_config.format.schema must be a JSON schema object",
      "output_config.format.schema",
      "invalid_type",
    );
  return { type: "json_schema", json_schema: { name: SCHEMA_NAME, schema: format.schema } };
}

export interface OutputConfig {
  /** The `reasoning_effort` to send, when the effort decides the thinking level. */
  reasoningEffort?: string;
  /** Chat's `response_format` for `output_config.format`. */
  responseFormat?: Record<string, unknown>;
  /** What the client is told was left out of it. */
  leftOut: string[];
}

/**
 * `output_config` as a thinking level and notes. The effort decides nothing when `thinking`
 * already switches thinking on or off, or when `tool_choice` forces a tool: Anthropic does not
 * think before a forced tool call, and a level sent with one would have it go as "auto".
 */
export function outputConfig(body: Record<string, unknown>): OutputConfig {
  const config = body.output_config;
  if (config === undefined || config === null) return { leftOut: [] };
  if (!isRecord(config))
    throw badRequest(
      `output_config must be an object such as {"effort":"high"}`,
      "output_config",
      "invalid_type",
    );
  const leftOut: string[] = [];
  for (const key in config)
    if (!MAPPED.has(key) && config[key] !== null && config[key] !== undefined)
      leftOut.push(
        `output_config.${key} not sent: the gateway does not map it to the provider's request`,
      );
  const responseFormat = jsonSchemaFormat(config.format);
  const withFormat = responseFormat === undefined ? { leftOut } : { responseFormat, leftOut };
  const effort = config.effort;
  if (effort === undefined || effort === null) return withFormat;
  if (typeof effort !== "string" || !EFFORTS.has(effort))
    throw badRequest(
      `output_config.effort must be one of low, medium, high, xhigh and max, got ${typeof effort === "string" ? quoted(effort) : clippedJson(effort)}`,
      "output_config.effort",
      "invalid_value",
    );
  const thinking = body.thinking;
  const switched =
    isRecord(thinking) && (thinking.type === "enabled" || thinking.type === "disabled");
  const choice = body.tool_choice;
  const forced = isRecord(choice) && (choice.type === "any" || choice.type === "tool");
  if (switched || forced) return withFormat;
  return { reasoningEffort: effort, ...withFormat };
}
