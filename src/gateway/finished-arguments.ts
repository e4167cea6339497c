/**
 * A finished tool call's `arguments` as a client is given them: `"{}"` for a call the upstream
 * sent no arguments for (a tool without parameters), as OpenAI itself sends, since clients
 * `JSON.parse` them (the `openai` SDK's helpers, LangChain, the Agents SDK, agents' tool loops)
 * and `""` throws there. Any other text goes as it came.
 */
export function finishedArguments(args: string): string {
  return args === "" ? "{}" : args;
}
