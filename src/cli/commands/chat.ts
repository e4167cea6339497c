import { type Command, Option } from "commander";
import { UsageError } from "../../errors.js";
import { shellWord } from "../../util/shell-word.js";
import { parseThinking } from "./agent.js";

interface ChatFlags {
  model?: string;
  sessionId?: string;
  thinking?: string;
  hideReasoning?: boolean;
  tools?: boolean;
  webSearch?: boolean;
  message?: string | true;
}

export function registerChat(program: Command): void {
  program
    .command("chat")
    .description("chat with a model in the terminal, streaming, with /model, /think and /usage")
    .option(
      "--model <ref|alias>",
      "model ref or alias (default: the configured primary + fallbacks)",
    )
    .option("--session-id <id>", "continue (or start) this session")
    .option("--thinking <level>", "thinking: off, on, low, medium, high or max")
    .option("--hide-reasoning", "do not print the model's reasoning")
    .option("--tools", "let the model read files and list directories in the working directory")
    .option("--web-search", "let the model search the web (Moonshot's built-in $web_search)")
    // `agent`'s -m, which chat has no use for: accepted only to say what to do instead of
    // commander's bare "unknown option '-m'" (hidden from --help).
    .addOption(new Option("-m, --message [text]").hideHelp())
    .addHelpText(
      "after",
      `
Examples:
  openclaw chat
  openclaw chat --model moonshot/kimi-k2.5 --thinking off
  openclaw chat --session-id project-notes --tools
  openclaw chat --model moonshot/kimi-k2.5 --web-search

In the chat:
  /model [ref|alias]   show or switch the model
  /think [level]       set thinking; a bare /think toggles it on and off
  /search [on|off]     set web search; a bare /search toggles it
  /new [id]            start a new session (named id if given)
  /usage               tokens and cost so far
  /help                list commands
  /exit                leave
Ctrl-C cancels the answer being written (before any of it came, your message goes back on the
prompt); at the prompt, Ctrl-C twice leaves (exit 130; /exit and Ctrl-D exit 0). Piped in (openclaw chat < lines.txt), Ctrl-C or SIGTERM stops the whole run
(exit 130, 143). Closing the terminal saves the answer so far and ends the chat (SIGHUP, 129).`,
    )
    .action(async (flags: ChatFlags) => {
      if (flags.message !== undefined) throw messageOptionMistake(flags.message);
      const { runChat } = await import("./chat-run.js");
      await runChat({
        model: flags.model,
        sessionId: flags.sessionId,
        thinking: parseThinking(flags.thinking, "chat"),
        hideReasoning: flags.hideReasoning === true,
        tools: flags.tools === true,
        webSearch: flags.webSearch === true,
      });
    });
}

/** `openclaw chat -m "hi"`, as `agent` takes it: chat reads its messages at its prompt. */
function messageOptionMistake(message: string | true): UsageError {
  const quoted = message === true ? '"…"' : shellWord(message);
  return new UsageError(
    "chat takes no -m: it reads each message at its prompt, or one per line piped in",
    `for one message and its answer: openclaw agent -m ${quoted}; or run openclaw chat and type it at the prompt`,
  );
}
