import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { THINKING_LEVELS, type ThinkingLevel } from "../../providers/types.js";
import { MAX_TIMER_MS } from "../../util/timer-limit.js";

/** `--thinking` of `command` (`agent` or `chat`), checked; its example is that command's. */
export function parseThinking(
  value: string | undefined,
  command: "agent" | "chat" = "agent",
): ThinkingLevel | undefined {
  if (value === undefined) return undefined;
  const level = value.trim().toLowerCase();
  if ((THINKING_LEVELS as readonly string[]).includes(level)) return level as ThinkingLevel;
  throw new UsageError(
    `--thinking must be one of ${THINKING_LEVELS.join(", ")} (got "${value}")`,
    command === "chat"
      ? "example: openclaw chat --thinking high"
      : "example: openclaw agent -m 'why is the sky blue?' --thinking high",
  );
}

interface AgentFlags {
  message?: string;
  model?: string;
  sessionId?: string;
  thinking?: string;
  hideReasoning?: boolean;
  image?: string[];
  tools?: boolean;
  webSearch?: boolean;
  maxRounds?: string;
  timeout?: string;
  json?: boolean;
}

export function registerAgent(program: Command): void {
  program
    .command("agent")
    .description("send one message to a model and stream the answer (tools optional)")
    .requiredOption("-m, --message <text>", 'the message; "-" reads it from stdin')
    .option(
      "--model <ref|alias>",
      "model ref or alias (default: the configured primary + fallbacks)",
    )
    .option("--session-id <id>", "continue (or start) this session; history is kept on disk")
    .option("--thinking <level>", "thinking: off, on, low, medium, high or max")
    .option("--hide-reasoning", "do not print the model's reasoning")
    // Every --image is kept, so that a second one is refused rather than replacing the first.
    .option(
      "--image <file>",
      "attach an image (png, jpeg, webp, gif) for vision models",
      (value: string, before: string[] | undefined) => [...(before ?? []), value],
    )
    .option("--tools", "let the model read files and list directories in the working directory")
    .option(
      "--web-search",
      "let the model search the web (Moonshot's built-in $web_search; thinking is turned off for it, so a model that always thinks, such as kimi-code/kimi-for-coding, cannot search)",
    )
    // The default is said in the text: commander would show "8" quoted, as a string.
    .option("--max-rounds <n>", "model calls allowed when tools are used (default: 8)")
    .option(
      "--timeout <seconds>",
      "give up on a model call after this long, retries and fallbacks included (default 600 per attempt; 0: no limit); a value over 120 also waits that long for a slow first token",
    )
    .option("--json", "print one JSON object (answer, usage, cost, model, fallbacks) instead")
    .addHelpText(
      "after",
      `
Examples:
  openclaw agent -m "Hello, Kimi"
  openclaw agent -m - --model moonshot/kimi-k2.5 < question.txt
  cat question.txt | openclaw agent -m - --thinking high --hide-reasoning
  openclaw config set 'models.providers.moonshot.models[0].input' \\
      '["text","image"]'
  openclaw agent -m "What is this?" --image photo.png --model moonshot/kimi-k2.5
  openclaw agent -m "What does package.json declare?" --tools
  openclaw agent -m "Any Moonshot news?" --web-search --model moonshot/kimi-k2.5
  openclaw agent -m "and then?" --session-id my-notes
  openclaw agent -m "ping" --json | jq .usage

--image needs a model whose config lists "image" in its "input". The docs' config and onboarding
list only "text", so the example first adds "image" to kimi-k2.5, the first model onboarding
writes for moonshot (models scan says which models the provider lists as taking images); a
refused --image says the command for the model asked for.
Reasoning is shown dimmed on a terminal (on stderr when stdout is piped); usage and cost are
printed on stderr at the end. Sessions live in <state>/agents/main/sessions/<id>.jsonl; when a
session outgrows the model's context window, its oldest turns are left out of the request
(system messages stay, a tool call always travels with its result).`,
    )
    .action(async (flags: AgentFlags) => {
      const { runAgentCommand } = await import("./agent-run.js");
      // A failure with --json that the run could not print itself is printed by main().
      await runAgentCommand({
        message: flags.message ?? "",
        model: flags.model,
        sessionId: flags.sessionId,
        thinking: parseThinking(flags.thinking),
        hideReasoning: flags.hideReasoning === true,
        image: checkImage(flags.image),
        tools: flags.tools === true,
        webSearch: flags.webSearch === true,
        maxRounds: roundsFor(flags),
        timeoutMs: parseTimeout(flags.timeout),
        json: flags.json === true,
      });
    });
}

/** The most --max-rounds takes. */
export const MAX_ROUNDS_ALLOWED = 100;

/**
 * An empty `--image` (`--image "$IMG"` with IMG unset) was taken as no image at all: the message
 * went without the picture and the answer came back as if it had been looked at. A second
 * `--image` replaced the first without a word, so the model saw one of the two pictures.
 */
function checkImage(values: readonly string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  if (values.some((value) => value.trim() === ""))
    throw new UsageError(
      "--image is empty: give the path of an image file",
      'example: openclaw agent -m "What is this?" --image photo.png (leave --image out to send text only)',
    );
  const [only, ...more] = values;
  if (more.length > 0)
    throw new UsageError(
      `--image is given ${values.length} times: a message takes one image`,
      "run openclaw agent once per picture; --session-id <id> keeps them in one conversation",
    );
  return only;
}

function parseRounds(value: string | undefined): number {
  const rounds = Number(value ?? "8");
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS_ALLOWED) {
    throw new UsageError(
      `--max-rounds must be a whole number from 1 to ${MAX_ROUNDS_ALLOWED} (got "${value}")`,
      "example: openclaw agent -m 'What does package.json declare?' --tools --max-rounds 12",
    );
  }
  return rounds;
}

/**
 * --max-rounds, which counts the model calls of a run that calls tools: without --tools or
 * --web-search the model has none to call, so the flag would do nothing, and is refused rather
 * than ignored (the user expected a limit, or forgot --tools).
 */
function roundsFor(flags: AgentFlags): number {
  const rounds = parseRounds(flags.maxRounds);
  if (flags.maxRounds !== undefined && flags.tools !== true && flags.webSearch !== true) {
    throw new UsageError(
      "--max-rounds limits the model calls of a run with tools, and this run has none: add --tools (or --web-search), or leave --max-rounds out",
      "example: openclaw agent -m 'What does package.json declare?' --tools --max-rounds 12",
    );
  }
  return rounds;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || value.trim() === "") {
    throw new UsageError(
      `--timeout must be a number of seconds, 0 for no limit (got "${value}")`,
      "example: openclaw agent -m hi --timeout 120   (left out: 600 s per attempt)",
    );
  }
  // 0 is no limit, as in gateway.timeouts: the longest a timer waits (first token included).
  if (seconds === 0) return MAX_TIMER_MS;
  // A fraction of a millisecond is still a limit, not none.
  const ms = Math.max(1, Math.round(seconds * 1000));
  if (ms > MAX_TIMER_MS) {
    // Node cannot wait longer: a bigger timer fires at once (with a TimeoutOverflowWarning).
    throw new UsageError(
      `--timeout must be at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds (about 24.8 days, the longest a timer can wait; got "${value}")`,
      "leave --timeout out for the default (600 s per attempt), or give fewer seconds",
    );
  }
  return ms;
}

/**
 * The `--json` object of `openclaw agent …` that failed before its run could print one (a
 * mistake commander found: no -m, a missing value, an unknown option, an extra argument): the
 * same keys as any failed run. `argv` is what the program was given, `agent` first.
 */
export async function agentFailureJson(
  argv: readonly string[],
  error: unknown,
): Promise<Record<string, unknown>> {
  const end = argv.indexOf("--");
  const own = end === -1 ? argv.slice(1) : argv.slice(1, end);
  const at = own.indexOf("--session-id");
  const given = own.find((arg) => arg.startsWith("--session-id="));
  const next = at >= 0 ? own[at + 1] : undefined;
  // `--session-id --json`: the flag is no session (the usage error says its value is missing).
  const sessionId = next?.startsWith("-")
    ? undefined
    : (next ?? given?.slice("--session-id=".length));
  const { failureJson } = await import("./agent-run.js");
  return failureJson(error, sessionId, []);
}
