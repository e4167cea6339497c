/** Only JSON's own whitespace (space, tab, line feed, carriage return), or nothing at all. */
const JSON_WHITESPACE_ONLY = /^[ \t\n\r]*$/;

/**
 * Whether `args` holds no arguments: nothing, or whitespace alone (a stray line break or space
 * some providers' tokenization leaves), which clients' `JSON.parse` refuses just as it does `""`.
 */
export function hasNoArguments(args: string): boolean {
  return JSON_WHITESPACE_ONLY.test(args);
}

/**
 * A finished tool call's `arguments` as a client is given them: `{}` appended for a call the
 * upstream sent no arguments for (a tool without parameters), as OpenAI itself sends it, since
 * clients `JSON.parse` them (the `openai` SDK's helpers, LangChain, the Agents SDK, agents' tool
 * loops) and `""` throws there. Only appended, so that whitespace already streamed as fragments
 * stays the start of the whole. Any other text goes as it came.
 */
export function finishedArguments(args: string): string {
  return hasNoArguments(args) ? `${args}{}` : args;
}
