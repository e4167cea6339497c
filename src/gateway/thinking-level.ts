/**
 * The thinking level a chat-completions request asks for, from Moonshot's `thinking` and OpenAI's
 * `reasoning_effort` together, and how a note names what was asked. Pure.
 */
import type { ThinkingLevel } from "../providers/types.js";
import { clippedJson } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

/** The thinking level a request asks for, how a note names that, and what a note says beside. */
interface AskedThinking {
  level: ThinkingLevel;
  asked: string;
  note?: string;
}

/** How a note names the `reasoning_effort` a request gave: `reasoning effort "low"`. */
function effortAsked(effort: unknown): string {
  return `reasoning effort ${JSON.stringify(effort)}`;
}

/**
 * The level `thinking` and `reasoning_effort` ask for together. Clients built on the AI SDK send
 * both when a model's options hold Moonshot's `thinking` and the user picks a reasoning variant
 * (Kilo Code, opencode). An effort that agrees with `thinking` enabled says how deep (Kimi K3
 * takes it as its own); one that disagrees (`thinking` disabled with an effort, enabled with
 * "none") gives way to `thinking`, Moonshot's own switch, and a note says so rather than drop it
 * unsaid.
 */
export function thinkingLevel(body: Obj): AskedThinking | undefined {
  const thinking = body.thinking;
  const given = thinking !== undefined && thinking !== null;
  const thinkingType = isRecord(thinking) ? thinking.type : undefined;
  if (given && thinkingType !== "enabled" && thinkingType !== "disabled") {
    throw badRequest(`thinking must be {"type":"enabled"} or {"type":"disabled"}`, "thinking.type");
  }
  const effort = body.reasoning_effort;
  let effortLevel: ThinkingLevel | undefined;
  if (effort !== undefined && effort !== null) {
    effortLevel = levelOfEffort(effort);
    if (effortLevel === undefined) {
      throw badRequest(`reasoning_effort must be one of ${EFFORTS}`, "reasoning_effort");
    }
  }
  if (!given) {
    // Nearly every request asks neither: no text is made for one that does not.
    return effortLevel === undefined
      ? undefined
      : { level: effortLevel, asked: effortAsked(effort) };
  }
  // The whole object, so that a note about it names its options too (`keep: "all"`).
  const thinkingAsked = `thinking ${clippedJson(thinking)}`;
  const switched: ThinkingLevel = thinkingType === "enabled" ? "on" : "off";
  if (effortLevel === undefined || effortLevel === switched) {
    return { level: switched, asked: thinkingAsked };
  }
  if (switched === "on" && effortLevel !== "off") {
    return { level: effortLevel, asked: `${thinkingAsked} with ${effortAsked(effort)}` };
  }
  return {
    level: switched,
    asked: thinkingAsked,
    note: `${effortAsked(effort)} not used: ${thinkingAsked} turns thinking ${switched}, and it wins (send one of the two)`,
  };
}

/** The efforts OpenAI's `reasoning_effort` (and OpenRouter's `reasoning.effort`) take. */
export const EFFORTS = "none, minimal, low, medium, high, xhigh, max";

/** The thinking level a reasoning effort asks for, or undefined for a value no API defines. */
export function levelOfEffort(effort: unknown): ThinkingLevel | undefined {
  switch (effort) {
    case "none":
      return "off";
    case "minimal":
    case "low":
      return "low";
    case "medium":
      return "medium";
    case "high":
      return "high";
    case "xhigh":
    case "max":
      return "max";
    default:
      return undefined;
  }
}
