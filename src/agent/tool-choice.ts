/**
 * `runAgent`'s `toolChoice`: checked against the tools the run has before anything is sent, and
 * sent as the runtime sends any request's `tool_choice` (thinking off for a forced choice the
 * caller asked no thinking level for; sent as "auto", with an adjustment, where it cannot be
 * kept because the model thinks: Moonshot refuses forced tool use while thinking).
 */
import { OpenClawError } from "../errors.js";
import type { ToolChoice } from "../providers/types.js";
import { listedNames, quoted } from "../util/client-value.js";
import type { ToolRegistry } from "./tools.js";

/** Whether `choice` makes the model call a tool: "required", or a function named. */
function forcesTool(choice: ToolChoice): boolean {
  return choice === "required" || typeof choice === "object";
}

/**
 * Refuses a choice the run could not honour: a forced one with no tools to call, or a function
 * the tools do not have (the model would be made to call a tool that cannot run).
 */
export function checkAgentToolChoice(choice: ToolChoice, tools: ToolRegistry | undefined): void {
  const names = tools?.names() ?? [];
  if (forcesTool(choice) && names.length === 0) {
    throw new OpenClawError(
      "request.invalid",
      `toolChoice ${typeof choice === "object" ? `names function ${quoted(choice.function.name)}` : '"required"'} but the run has no tools`,
      {
        where: "toolChoice",
        hint: "pass tools: createToolRegistry([...]), or leave toolChoice out",
      },
    );
  }
  if (typeof choice === "object" && !names.includes(choice.function.name)) {
    throw new OpenClawError(
      "request.invalid",
      `toolChoice names function ${quoted(choice.function.name)}, which is not among the run's tools (${listedNames(names, "none")})`,
      { where: "toolChoice.function.name", hint: "name one of the run's tools" },
    );
  }
}

/**
 * The choice sent on model call `round` (1 for the first): a forced choice on the first call
 * only, "auto" after it. Forced on every call, the model could never answer: each answer would
 * have to be another tool call, until the round limit. "auto" and "none" hold for every call.
 */
export function toolChoiceForRound(choice: ToolChoice, round: number): ToolChoice {
  return round > 1 && forcesTool(choice) ? "auto" : choice;
}
