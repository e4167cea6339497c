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

export function messageText(content: unknown): string {
  return textOf(content);
}
