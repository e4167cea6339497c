/**
 * The `transports` option of startGateway, openRuntime and createRuntime, checked when the call
 * is made: plain JavaScript passes an API name misspelled (`"openai-completion"`), which was
 * ignored without a word and the built-in transport served instead, or an object that is no
 * transport (no `stream` function), which failed every request with `transport.stream(...) is not
 * a function` as a network error with no hint. Code `usage`, `where` `transports["<api>"]`.
 */
import { API_KINDS } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { describeGiven } from "./call-options.js";
import { isRecord } from "./is-record.js";
import { closestMatches } from "./suggest.js";

const SHAPE =
  '{ stream(call) { … }, api: "openai-completions" }, as createOpenAICompletionsTransport() returns it';

/** Whether `value[field]` is a function, reading it once (a getter may throw: then it is not). */
function hasFunction(value: object, field: string): boolean {
  try {
    return typeof (value as Record<string, unknown>)[field] === "function";
  } catch {
    return false;
  }
}

/** Throws for a `transports` entry named after no API, or holding what is no transport. */
export function checkTransportsOption(call: string, given: unknown): void {
  if (!isRecord(given)) return; // what is no object: the option-type check says it
  for (const [api, transport] of Object.entries(given)) {
    const where = `transports[${JSON.stringify(api)}]`;
    if (!(API_KINDS as readonly string[]).includes(api)) {
      const near = closestMatches(api, [...API_KINDS], 1)[0];
      throw new OpenClawError(
        "usage",
        `${call}'s ${where} names no API${near ? ` (did you mean "${near}"?)` : ""}: a transport is given by the API it speaks`,
        { where, hint: `the APIs are ${API_KINDS.map((kind) => `"${kind}"`).join(", ")}` },
      );
    }
    if (transport === undefined) continue;
    const problem =
      typeof transport !== "object" || transport === null
        ? `is ${describeGiven(transport)}`
        : !hasFunction(transport, "stream")
          ? "has no stream function"
          : "run" in transport && transport.run !== undefined && !hasFunction(transport, "run")
            ? "has a run that is no function"
            : undefined;
    if (problem)
      throw new OpenClawError("usage", `${call}'s ${where} ${problem}: it is no transport`, {
        where,
        hint: `give a transport, ${SHAPE}, or leave it out for the built-in one`,
      });
  }
}
