/**
 * An assistant turn's refusal, as OpenAI's chat completions give it back and clients replay it:
 * a `refusal` string beside `content: null`, or `{"type": "refusal", "refusal": …}` parts in the
 * content. It is what the assistant said, and Moonshot has neither form: it goes upstream as the
 * turn's text. Refused before, as "content is required" or a part type "text" was expected for;
 * beside text content, it was left out of the conversation the model saw. Pure.
 */
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

function isRefusalPart(part: unknown): part is Obj {
  return typeof part === "object" && part !== null && (part as Obj).type === "refusal";
}

/** The text parts a content array's refusal parts stand for; `at` names the array. */
function refusalPartsAsText(parts: unknown[], at: string): unknown[] {
  return parts.map((part, index) => {
    if (!isRefusalPart(part)) return part;
    if (typeof part.refusal !== "string") {
      const field = `${at}[${index}].refusal`;
      throw badRequest(`${field} must be a string`, field, "invalid_type");
    }
    return { type: "text", text: part.refusal };
  });
}

/**
 * Moves `message`'s refusal (the `refusal` field, or refusal parts of its content) into its text
 * content, in place; `path` is the message's place (`messages[1]`) for a refusal's error.
 */
export function takeRefusal(message: Obj, path: string): void {
  if (Array.isArray(message.content) && message.content.some(isRefusalPart))
    message.content = refusalPartsAsText(message.content, `${path}.content`);
  const refusal = message.refusal;
  delete message.refusal;
  if (refusal === undefined || refusal === null) return;
  if (typeof refusal !== "string") {
    throw badRequest(`${path}.refusal must be a string or null`, `${path}.refusal`, "invalid_type");
  }
  if (refusal === "") return;
  const content = message.content;
  if (content === undefined || content === null || content === "") message.content = refusal;
  else if (typeof content === "string") message.content = `${content}\n${refusal}`;
  else if (Array.isArray(content)) message.content = [...content, { type: "text", text: refusal }];
}
