/**
 * Anthropic's `output_config` on a Messages request. Its `effort` (low, medium, high, xhigh, max:
 * how much the model may spend, its thinking first; Claude Code sends "high" on every request)
 * is the thinking level chat's `reasoning_effort` asks for, which Kimi K3 takes as its own and
 * the K2 models as thinking on. Its other members (`format`) are not mapped: they are not sent,
 * and the client is told so.
 */
import { quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const EFFORTS = new Set(["low", "medium", "high", "xhigh", "max"]);

export interface OutputConfig {
  /** The `reasoning_effort` to send, when the effort decides the thinking level. */
  reasoningEffort?: string;
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
    if (key !== "effort" && config[key] !== null && config[key] !== undefined)
      leftOut.push(
        `output_config.${key} not sent: the gateway does not map it to the provider's request`,
      );
  const effort = config.effort;
  if (effort === undefined || effort === null) return { leftOut };
  if (typeof effort !== "string" || !EFFORTS.has(effort))
    throw badRequest(
      `output_config.effort must be one of low, medium, high, xhigh and max, got ${typeof effort === "string" ? quoted(effort) : JSON.stringify(effort)}`,
      "output_config.effort",
      "invalid_value",
    );
  const thinking = body.thinking;
  const switched =
    isRecord(thinking) && (thinking.type === "enabled" || thinking.type === "disabled");
  const choice = body.tool_choice;
  const forced = isRecord(choice) && (choice.type === "any" || choice.type === "tool");
  if (switched || forced) return { leftOut };
  return { reasoningEffort: effort, leftOut };
}
