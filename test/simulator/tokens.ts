/** A cheap, deterministic token estimate: about four characters per token, like the real tokenizer on English. */

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    let out = "";
    for (const part of content) {
      if (part && typeof part === "object" && "text" in part && typeof part.text === "string") {
        out += part.text;
      } else {
        out += "[image]";
      }
    }
    return out;
  }
  return "";
}

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateMessagesTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let total = 0;
  for (const message of messages) {
    if (!message || typeof message !== "object") continue;
    const m = message as Record<string, unknown>;
    total += 4 + estimateTextTokens(textOf(m.content));
    if (typeof m.reasoning_content === "string") total += estimateTextTokens(m.reasoning_content);
    if (Array.isArray(m.tool_calls)) total += estimateTextTokens(JSON.stringify(m.tool_calls));
  }
  return total;
}

/**
 * Tokens of a chat request's input: its messages and the definitions of the tools it offers,
 * which the model reads as part of the prompt (so they count in `prompt_tokens`, at the
 * token-count endpoint and against the context window, as on the real API).
 */
export function estimatePromptTokens(body: Record<string, unknown>): number {
  const tools = Array.isArray(body.tools) && body.tools.length > 0 ? body.tools : undefined;
  return (
    estimateMessagesTokens(body.messages) + (tools ? estimateTextTokens(JSON.stringify(tools)) : 0)
  );
}

export function messageText(content: unknown): string {
  return textOf(content);
}
