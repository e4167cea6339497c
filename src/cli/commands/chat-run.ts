/**
 * `openclaw chat`, the part that runs: a readline loop over the agent. Ctrl-C while an answer is
 * being written cancels that answer (the upstream request is aborted) and returns to the prompt;
 * at an empty prompt the first Ctrl-C warns and the second leaves.
 */

import { createInterface } from "node:readline";
import {
  assertNotSessionFileName,
  createToolRegistry,
  loadSession,
  lockSession,
  type ModelSource,
  newSessionId,
  openSessionWriter,
  rememberModel,
  runSessionTurn,
  type SessionLock,
  type SessionWriter,
  sessionModel,
  sessionPath,
  workspaceTools,
} from "../../agent/index.js";
import { NEXT_MESSAGE } from "../../auth/index.js";
import { type Catalog, namesDefaultChain, resolveModelChain } from "../../catalog/index.js";
import { isOpenClawError, UsageError } from "../../errors.js";
import { retiredRunWarnings } from "../../onboard/retired-chain.js";
import {
  levelNotSentToNonReasoning,
  thinkingLevelAsked,
} from "../../providers/build-chat-request.js";
import { ProviderError } from "../../providers/errors.js";
import type { ChatMessage, ThinkingLevel, UserMessage } from "../../providers/types.js";
import { THINKING_LEVELS } from "../../providers/types.js";
// Not in runtime/index.ts, which the package exports whole: a step of the CLI's own refusals.
import { withKeyStepOnRefusal } from "../../runtime/from-config.js";
import {
  addCost,
  addUsage,
  adviseKeyedModelWhenNoDefault,
  openRuntime,
  ZERO_COST,
  ZERO_USAGE,
} from "../../runtime/index.js";
import type { RunResult } from "../../runtime/types.js";
import { closestMatches } from "../../util/suggest.js";
import {
  allowlistRereader,
  keptAllowlistWarning,
  keptProvidersWarning,
} from "../chat-allowlist.js";
import {
  AlwaysThinkingModels,
  searchWithThinkerWarning,
  thinkingOffIgnoredLine,
} from "../chat-always-thinks.js";
import {
  appendCutRow,
  cancelledTurnUsage,
  cutRequestFollower,
  cutRequestUsage,
} from "../chat-cancelled-usage.js";
import { chatEntries } from "../chat-entries.js";
import { fitFooter } from "../chat-footer-fit.js";
import { standingNotesSaidOnce } from "../chat-standing-notes.js";
import { type ChatTotals, usageLine } from "../chat-usage-line.js";
import { runWarnings } from "../disabled-providers.js";
import { droppedToolCallWarning } from "../dropped-tool-call-data.js";
import { editLikeOtherTerminals } from "../dumb-terminal-keys.js";
import { MODEL_FLAG, modelArgumentError } from "../model-argument.js";
import {
  besideLabel,
  fitSeparated,
  labelledText,
  printError,
  printWarning,
  reflowProse,
  style,
  terminalWidth,
  wrapAfterLabel,
  wrapText,
} from "../output.js";
import { PromptOutput } from "../prompt-output.js";
import { insertBurstsAtCursor } from "../readline-bursts.js";
import { toleratingHungUpTerminal } from "../terminal-hangup.js";
import { unansweredNote } from "../unanswered-message.js";
import { historyForModel } from "./agent-images.js";
import {
  afterFallbacks,
  createStreamRenderer,
  finishNotice,
  namesPlanQuota,
  namesUnpriced,
  printNotice,
  roundsExhaustedError,
  summaryLine,
  timeoutForCli,
  toolCallsCutError,
  unpricedModels,
} from "./agent-render.js";
import { outputLimitOf } from "./output-limit.js";
import { lockSessionSayingWait } from "./session-lock-wait.js";

export interface ChatInput {
  model: string | undefined;
  sessionId: string | undefined;
  thinking: ThinkingLevel | undefined;
  hideReasoning: boolean;
  tools: boolean;
  webSearch?: boolean;
}

/** Why the chat is on its model: how it started, or a `/model` typed since. */
type ChatModelSource = ModelSource | "/model";

/** Why the chat is on its model, as its banner and a bare `/model` say it. */
const MODEL_SOURCE_WORDS: Record<ChatModelSource, string> = {
  "--model": "from --model",
  session: "remembered by the session",
  default: "default",
  // Kept by the session from its first answer on (at once when it holds a conversation already).
  "/model": "set by /model, remembered by the session",
};

/** The chat's commands, for a did-you-mean. */
const CHAT_COMMANDS = ["model", "think", "search", "new", "usage", "help", "exit"];

/** Every name a command answers to. */
const COMMAND_NAMES = new Set([...CHAT_COMMANDS, "quit", "thinking"]);

/**
 * A command typed with a Chinese input method's punctuation on, which turns "/" into "、" (or
 * the fullwidth "／"): `、help` is `/help`. Only a name the chat knows counts, so that a message
 * that begins with 、 still goes to the model.
 */
function asCommand(line: string): string {
  const typed = /^[、／]([^\s]+)/.exec(line)?.[1];
  return typed !== undefined && COMMAND_NAMES.has(typed.toLowerCase()) ? `/${line.slice(1)}` : line;
}

/** Quote pairs a person may put around a name with spaces: ASCII, and an input method's curly ones. */
const QUOTE_PAIRS = ['""', "''", "\u201c\u201d", "\u2018\u2019"];

/**
 * `/model "Kimi K2.5"`, quoted as the shell needs for `--model` and as the docs write it, names
 * the alias: the quotes around the whole argument are not part of the name.
 */
function withoutQuotes(arg: string): string {
  const pair = QUOTE_PAIRS.find((quotes) => arg.startsWith(quotes[0] as string));
  return pair && arg.length >= 2 && arg.endsWith(pair[1] as string) ? arg.slice(1, -1).trim() : arg;
}

const HELP = `commands:
  /model [ref|alias]   show the model, or switch to another one
  /think [level]       toggle thinking on/off, or set off|on|low|medium|high|max
  /search [on|off]     toggle web search, or set it (Moonshot's $web_search)
  /new [id]            start a new session, named id if given (the old one stays on disk)
  /usage               tokens and cost of this chat so far
  /help                this list
  /exit                leave (also Ctrl-D, or Ctrl-C twice at the prompt)
Ctrl-C while an answer is being written cancels it; before any of it came, your message
goes back on the prompt.
Several lines pasted at once are one message, sent by the Enter after them.
Piped in (openclaw chat < lines.txt), Ctrl-C or SIGTERM stops the whole run.`;

/**
 * Said after a /model that moves a conversation to another model: which one it was on, and that
 * the messages so far are the new model's history from the next message on.
 */
function conversationMovesLine(before: string, after: string, held: number): string {
  const messages = `${held} ${held === 1 ? "message" : "messages"}`;
  return `was ${before}: the conversation so far (${messages}) goes to ${after} with your next message`;
}

/**
 * Said as a chat on a session it named itself ends: how to go on with that session later, the
 * command on a line of its own to be copied.
 */
function continueLines(sessionId: string, held: number): string {
  const messages = `${held} ${held === 1 ? "message" : "messages"}`;
  return `session ${sessionId} (${messages}) is kept; to go on with it:\nopenclaw chat --session-id ${sessionId}`;
}

/** The exit code a signal that stops the chat gives (128 + its number, as a shell shows it). */
const STOP_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** What the chat says as it stops, by its exit code. */
function stoppedLine(code: number): string {
  if (code === STOP_CODES.SIGTERM) return "stopped (SIGTERM)";
  if (code === STOP_CODES.SIGHUP) return "stopped (SIGHUP: the terminal was closed)";
  return "cancelled";
}

/**
 * Takes the session's lock before the chat starts, saying so while another run holds it; Ctrl-C,
 * SIGTERM or SIGHUP during that wait stops here (130 / 143 / 129) with the line they give later.
 * Once the lock is taken its handlers stay until the caller, its own installed, calls
 * `stopListening`: with no handler in between, a signal would take its default action and kill
 * the chat with the session's lock left behind.
 */
async function lockBeforeChat(
  file: string,
  sessionId: string,
): Promise<{ lock: SessionLock; stopListening: () => void }> {
  const waiting = new AbortController();
  let code: number = STOP_CODES.SIGINT;
  const stop = (signal: "SIGINT" | "SIGTERM" | "SIGHUP") => {
    code = STOP_CODES[signal];
    waiting.abort(new Error(`stopped by ${signal}`));
  };
  const stopListening = () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    process.off("SIGHUP", stop);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  try {
    const lock = await lockSessionSayingWait(file, sessionId, waiting.signal);
    return { lock, stopListening };
  } catch (error) {
    stopListening();
    if (!waiting.signal.aborted) throw error;
    process.stderr.write(`${stoppedLine(code)}\n`);
    process.exit(code);
  }
}

/**
 * The model a name (a session's remembered one; none for the default) runs first, or undefined
 * when it no longer resolves.
 */
function primaryRefOf(catalog: Catalog, name: string | undefined): string | undefined {
  try {
    return resolveModelChain(catalog, name)[0]?.ref;
  } catch {
    return undefined;
  }
}

/**
 * The model a session's file says it is on, looked at before its lock is taken; what is wrong
 * with the file is said by the load that follows the lock.
 */
function rememberedModel(file: string, sessionId: string): string | undefined {
  try {
    return loadSession(file, sessionId).model;
  } catch {
    return undefined;
  }
}

export async function runChat(input: ChatInput): Promise<void> {
  let opened = openRuntime({}, { nextReader: NEXT_MESSAGE, askByName: MODEL_FLAG });
  let { catalog } = opened;
  // A model added to agents.defaults.models mid-chat can be chosen with /model, as a key stored
  // mid-chat is used: read again when the config changed, before each /model and each turn.
  // A change saved with a mistake is said once, with what is wrong and where. A provider's key,
  // baseUrl or headers (or the default chain) changed: a new runtime on the config as saved runs
  // the next message, the conversation kept (a key fixed after a refusal was used only after a
  // restart).
  const rereadAllowlist = allowlistRereader(() => catalog, opened.loaded, process.env, {
    onUnloadable: (error) => {
      const { warning, hint } = keptAllowlistWarning(error);
      printWarning(warning);
      if (hint) process.stderr.write(`${labelledText("hint", hint)}\n`);
    },
    onUnopenable: (error, loaded) => {
      const { warning, hint } = keptProvidersWarning(error, loaded, process.env);
      printWarning(warning);
      if (hint) process.stderr.write(`${labelledText("hint", hint)}\n`);
    },
    onRuntimePartsChanged: (parts) => {
      const reopened = openRuntime({}, { nextReader: NEXT_MESSAGE, askByName: MODEL_FLAG });
      const before = chain[0]?.ref;
      opened = reopened;
      catalog = reopened.catalog;
      try {
        chain = resolveModelChain(catalog, model);
      } catch {
        // The chat's model no longer resolves: the next message's run says why and what to do.
      }
      const now = chain[0]?.ref;
      const moved = now !== undefined && now !== before ? `; the chat is on ${now} now` : "";
      process.stderr.write(
        `${style.dim(wrapText(`config: ${parts.join(", ")} changed, used from now on${moved}`, terminalWidth(process.stderr)), process.stderr)}\n`,
      );
    },
  });
  let sessionId = input.sessionId ?? newSessionId();
  assertNotSessionFileName(opened.stateDir, opened.agentId, sessionId, "--session-id");
  // Without --model, a resumed session goes on with the model it was put on. Looked at before
  // the lock is waited for, so that a model that cannot run is told first, as a --model is.
  const chosen = sessionModel(
    catalog,
    sessionId,
    input.model,
    input.model === undefined && input.sessionId !== undefined
      ? rememberedModel(sessionPath(opened.stateDir, opened.agentId, sessionId), sessionId)
      : undefined,
  );
  let model = chosen.model;
  /** Why the chat is on its model, said by the banner and a bare /model. */
  let modelSource: ChatModelSource = chosen.source;
  // Fail before the first prompt when the model cannot be resolved.
  let chain: ReturnType<typeof resolveModelChain>;
  try {
    chain = adviseKeyedModelWhenNoDefault(catalog, opened.resolveKey, () =>
      withKeyStepOnRefusal(catalog, opened.missingKey, () => resolveModelChain(catalog, model)),
    );
  } catch (error) {
    // A --model that names nothing is a usage mistake (exit 2).
    throw modelArgumentError(error, input.model);
  }
  if (chosen.warning) printWarning(chosen.warning);
  for (const warning of runWarnings(catalog, model, opened.missingKey)) printWarning(warning);
  // A retired id to run (--model, the session's, a member of the default chain): said before the
  // first message, not found out by its 404.
  const onSession = chosen.source === "session" ? { session: sessionId } : {};
  for (const warning of retiredRunWarnings(catalog, model, onSession)) printWarning(warning);
  // With no key for any model of the chain, the first message would only fail, after the person
  // typed it: the run's own error (what is wrong, where, what to set) is given before the prompt.
  const keyProblems = chain.map((member) => opened.missingKey(member));
  if (keyProblems[0] && keyProblems.every((problem) => problem !== undefined)) throw keyProblems[0];
  let thinking = input.thinking;
  let webSearch = input.webSearch === true;
  /** Models that cannot stop thinking, by their config or their refusals in this chat. */
  const alwaysThinking = new AlwaysThinkingModels();
  /**
   * A note the config or /think causes (a params.temperature kimi-k2.5 does not take, a level
   * sent as on) is said once per model and text.
   */
  const sayStandingNote = standingNotesSaidOnce();
  /**
   * Said where web search is on with a model that always thinks: its turns are not sent to it,
   * but to the first later model of the chain that can stop thinking, or nowhere.
   */
  const warnSearchWithThinker = () => {
    const primary = chain[0];
    const why = alwaysThinking.why(primary);
    if (!webSearch || primary === undefined || why === undefined) return;
    const searcher = chain.slice(1).find((member) => alwaysThinking.why(member) === undefined);
    printWarning(searchWithThinkerWarning(primary.ref, why, searcher?.ref));
  };
  // --web-search with a model known to always think from the start (by its config).
  warnSearchWithThinker();
  // The session is this chat's while it runs: another run on it would interleave its turns.
  const locked = await lockBeforeChat(
    sessionPath(opened.stateDir, opened.agentId, sessionId),
    sessionId,
  );
  let lock: SessionLock | undefined = locked.lock;
  let messages: ChatMessage[];
  /** The model the session file says it is on: a model chosen since is written when it differs. */
  let remembered: string | undefined;
  try {
    const loaded = loadSession(sessionPath(opened.stateDir, opened.agentId, sessionId), sessionId);
    for (const warning of loaded.warnings) {
      printWarning(warning);
    }
    messages = loaded.messages;
    remembered = loaded.model;
  } catch (error) {
    locked.stopListening();
    lock.release();
    throw error;
  }
  let writer: SessionWriter | undefined;
  const openFile = () =>
    openSessionWriter(
      sessionPath(opened.stateDir, opened.agentId, sessionId),
      sessionId,
      opened.agentId,
    );
  const session = () => {
    if (writer === undefined) {
      writer = openFile();
      // The model chosen (--model, /model) is the session's from now on, kept with its first words.
      remembered = rememberModel(writer, model, remembered);
    }
    return writer;
  };
  const record = (message: ChatMessage, meta?: { interrupted?: true }) => {
    messages.push(message);
    session().appendMessage(message, meta);
  };
  // Where openclaw keeps keys stays out of the model's reach, even inside the cwd.
  const tools = input.tools
    ? createToolRegistry(workspaceTools(process.cwd(), [opened.stateDir, opened.loaded.path]))
    : undefined;
  // `unpriced`: the models whose tokens cost $0 for want of prices (said as unknown by /usage).
  // `cancelled`: turns cut short by Ctrl-C, counted too; `estimated`: some of it is the chat's
  // estimate of a request cut before its provider reported usage.
  let totals: ChatTotals = {
    usage: ZERO_USAGE,
    cost: ZERO_COST,
    answers: 0,
    unpriced: [],
    cancelled: 0,
    estimated: false,
  };
  let failedTurns = 0;
  let failedCommands = 0;
  /** Whether a footer said what Kimi Code's plan quota is and where to see what is left. */
  let planQuotaExplained = false;
  /** The models without prices whose unknown cost a footer explained. */
  let unpricedExplained: string[] = [];
  /** Why a piped run stopped before its last line (a /model that failed). */
  let stoppedBecause: string | undefined;

  const out = process.stdout;
  const interactive = Boolean(process.stdin.isTTY && out.isTTY);
  // Silenced while a line is being handled: keys typed meanwhile are not echoed into the answer.
  const promptOutput = new PromptOutput(out);
  if (interactive) toleratingHungUpTerminal(process.stdin);
  // Piped input gets no prompts: the output is then just the answers. Typed at a terminal with
  // the output redirected (`openclaw chat | tee log`), the prompt and the line being typed go to
  // the terminal on stderr, as the banner does, and the file holds the answers.
  const promptOnStderr = !interactive && process.stdin.isTTY && process.stderr.isTTY;
  /**
   * Where the chat speaks to the person (a command's reply, a cancel, Ctrl-C's warning): where the
   * prompt is, so on stderr when stdout is a file of answers. Piped in, stdout as before.
   */
  const toPerson = promptOnStderr ? process.stderr : out;
  const prompt = interactive
    ? `${style.cyan("you ›", out)} `
    : promptOnStderr
      ? `${style.cyan("you ›", process.stderr)} `
      : "";
  const rl = createInterface({
    input: process.stdin,
    output: interactive ? promptOutput : promptOnStderr ? process.stderr : out,
    terminal: interactive || promptOnStderr,
    prompt,
    historySize: 200,
  });
  // A phrase an input method commits in the middle of the line goes in at the cursor.
  if (interactive) insertBurstsAtCursor(rl);
  // On a dumb terminal Ctrl-D with text on the line keeps it, and Ctrl-C clears the line.
  if (interactive) editLikeOtherTerminals(rl, promptOutput);
  // On a terminal, several lines pasted at once are one message, sent by the Enter after them.
  const entries = interactive ? chatEntries(rl, process.stdin, out) : undefined;

  const fallbackRefs = () =>
    chain
      .slice(1)
      .map((m) => m.ref)
      .join(", ");
  const describeModel = () => {
    const primary = chain[0];
    const name = primary ? primary.ref : "?";
    return `${name}${chain.length > 1 ? ` (fallbacks: ${fallbackRefs()})` : ""}`;
  };
  /** The model and why the chat is on it, as the banner says: `… (from --model; fallbacks: …)`. */
  const describeModelAndSource = () => {
    const primary = chain[0];
    const name = primary ? primary.ref : "?";
    const fallbacks = chain.length > 1 ? `; fallbacks: ${fallbackRefs()}` : "";
    return `${name} (${MODEL_SOURCE_WORDS[modelSource]}${fallbacks})`;
  };
  const say = (text: string) => toPerson.write(`${text}\n`);
  /** A line of prose wrapped at spaces to the terminal, where the terminal would cut a word. */
  const sayWrapped = (text: string) => say(wrapText(text, terminalWidth(toPerson)));
  // Piped in, the output is the answers only, as REPLs do when read from a pipe: no banner (the
  // session id is in each answer's footer instead). Typed at a terminal whose output is
  // redirected, the banner still goes to the person, on stderr.
  const piped = !process.stdin.isTTY;
  if (!piped) {
    const headerStream = interactive ? out : process.stderr;
    // A conversation resumed with a --model other than the one it was on: the banner says which
    // it was on, since from the first answer the session keeps the new one.
    const wasOn =
      input.model !== undefined && messages.length > 0
        ? primaryRefOf(catalog, remembered)
        : undefined;
    const movedFrom =
      wasOn !== undefined && wasOn !== chain[0]?.ref ? `; the session was on ${wasOn}` : "";
    // Broken between its parts on a narrow terminal, as the footer is, not in the middle of a word.
    headerStream.write(
      `${style.dim(
        `${fitSeparated(
          // The fallbacks are a part of their own, the first to go to a line of their own.
          `openclaw chat · model ${chain[0]?.ref ?? "?"} (${MODEL_SOURCE_WORDS[modelSource]}${movedFrom})${chain.length > 1 ? ` · fallbacks ${fallbackRefs()}` : ""} · thinking ${thinking ?? "default"}${webSearch ? " · web search on" : ""} · session ${sessionId}${messages.length ? ` (${messages.length} ${messages.length === 1 ? "message" : "messages"})` : ""}`,
          terminalWidth(headerStream),
        )}\n${wrapText("/help for commands, /exit to leave", terminalWidth(headerStream))}`,
        headerStream,
      )}\n`,
    );
  }

  // Sent again with the next line as the file holds it: said so, whether or not a banner was.
  const unanswered = unansweredNote(messages, sessionId, "your next message");
  if (unanswered) {
    process.stderr.write(
      `${style.dim(wrapText(unanswered, terminalWidth(process.stderr)), process.stderr)}\n`,
    );
  }

  let current: AbortController | undefined;
  /** A message cancelled before any answer, put back on the next prompt. */
  let cancelledMessage: string | undefined;
  let exitArmed = false;
  let leaving = false;
  let leftByInterrupt = false;
  const onInterrupt = () => {
    if (current) {
      current.abort(new Error("cancelled by Ctrl-C"));
      return;
    }
    if (rl.line.length > 0 || (entries?.pending.length ?? 0) > 0) {
      // Clear what was typed (or pasted and not sent), like a shell does.
      toPerson.write("\n");
      rl.write(null, { ctrl: true, name: "u" });
      entries?.discardPending();
      rl.prompt();
      return;
    }
    if (exitArmed) {
      leaving = true;
      // Left by Ctrl-C, as a shell reports it (130); /exit and Ctrl-D leave with 0.
      leftByInterrupt = true;
      toPerson.write("\n");
      rl.close();
      return;
    }
    exitArmed = true;
    toPerson.write(
      `\n${style.dim(wrapText("(press Ctrl-C again or type /exit to leave)", terminalWidth(toPerson)), toPerson)}\n`,
    );
    rl.prompt();
  };
  rl.on("SIGINT", onInterrupt);
  // Piped in, there is no prompt to return to: Ctrl-C (or kill -INT) stops the whole run, as
  // SIGTERM does anywhere. The turn being written is cancelled and saved, then the chat exits.
  let stopCode: number | undefined;
  const stop = (code: number, reason: string) => {
    // A hangup comes more than once (the kernel, the shell and the terminal each send one): the
    // turn being cut short is still saved.
    if (stopCode !== undefined && code === STOP_CODES.SIGHUP) return;
    if (stopCode !== undefined) {
      process.stderr.write("\ncancelled\n");
      process.exit(stopCode);
    }
    stopCode = code;
    leaving = true;
    current?.abort(new Error(reason));
    rl.close();
  };
  const onProcessSigint = () => (piped ? stop(130, "cancelled by Ctrl-C") : onInterrupt());
  const onSigterm = () => stop(STOP_CODES.SIGTERM, "stopped by SIGTERM");
  // The terminal was closed: left to SIGHUP's default the chat died mid-answer, the turn unsaved
  // and the session's lock left behind. It stops as on SIGTERM: the turn is saved as cut short.
  const onSighup = () => stop(STOP_CODES.SIGHUP, "stopped by SIGHUP: the terminal was closed");
  process.on("SIGINT", onProcessSigint);
  process.on("SIGTERM", onSigterm);
  process.on("SIGHUP", onSighup);
  // Only now that the chat's own listen: a signal that came since the lock was taken is theirs.
  locked.stopListening();
  // The reader of stdout went away (`openclaw chat < lines.txt | head -1`): each line after it
  // would be a paid turn whose answer nobody reads. The turn being written is finished and saved;
  // no later line is sent.
  let outputClosed = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" || outputClosed) return;
    outputClosed = true;
    leaving = true;
    rl.close();
  };
  out.on("error", onOutputError);

  async function ask(text: string): Promise<void> {
    rereadAllowlist();
    const userMessage: UserMessage = { role: "user", content: text };
    const controller = new AbortController();
    current = controller;
    const renderer = createStreamRenderer({
      command: "chat",
      showReasoning: !input.hideReasoning,
      thinkingAsked: thinking !== undefined,
      sayAdjustment: sayStandingNote,
    });
    const started = Date.now();
    let fellBack = false;
    // A turn failing in a later round still says what its finished rounds left out.
    const finishedRequests: RunResult[] = [];
    const forModel = historyForModel(catalog, model, messages, false);
    for (const note of forModel.notes) {
      process.stderr.write(`${style.dim(note, process.stderr)}\n`);
    }
    // What a cancel would cut, for /usage to count a cancelled turn.
    const cutFollower = cutRequestFollower(forModel.history, userMessage, chain);
    const recordTurn = (message: ChatMessage, meta?: { interrupted?: true }) => {
      cutFollower.onRecord(message, meta);
      record(message, meta);
    };
    try {
      const result = await runSessionTurn(
        {
          runtime: opened.runtime,
          ...(model !== undefined ? { model } : {}),
          history: forModel.history,
          user: userMessage,
          ...(tools ? { tools } : {}),
          ...(thinking ? { thinking } : {}),
          ...(webSearch ? { webSearch: true } : {}),
          signal: controller.signal,
          promptCacheKey: sessionId,
          record: recordTurn,
          recordUsage: (run) => session().appendUsage(run),
        },
        (event) => {
          cutFollower.onEvent(event);
          if (event.type === "fallback") fellBack = true;
          if (event.type === "retry" && event.droppedThinking === "off")
            alwaysThinking.learnRefusal(event.model);
          if (event.type === "result") finishedRequests.push(event.result);
          renderer.onEvent(event);
        },
      );
      renderer.finish();
      const dropped = droppedToolCallWarning(result.results);
      if (dropped) printWarning(dropped);
      totals = {
        ...totals,
        usage: addUsage(totals.usage, result.usage),
        cost: addCost(totals.cost, result.cost),
        answers: totals.answers + 1,
        unpriced: [...new Set([...totals.unpriced, ...unpricedModels(result)])],
      };
      const limit = outputLimitOf(catalog, result.model, result.results.at(-1));
      // A cut tool-call turn is told as a failed turn below, not as a note.
      const notice = result.toolCallsCut
        ? undefined
        : finishNotice(
            result.results.at(-1)?.finishReason,
            result.model,
            limit,
            result.message,
            "chat",
          );
      if (notice) {
        printNotice(notice);
        if (notice.fails) failedTurns++;
      }
      // Piped in, no banner told the session: the footer does, as agent's does. What Kimi Code's
      // plan quota is and where to see what is left is said by the first footer that names it;
      // every answer repeating it broke each footer onto two lines.
      // So is why a model's cost is unknown (it has no prices, or the config prices it at 0).
      const wording = { planQuotaExplained, unpricedExplained };
      const footer = `${summaryLine(result, Date.now() - started, opened.loaded, wording)}${piped ? ` · session ${sessionId}` : ""}`;
      if (namesPlanQuota(result, opened.loaded)) planQuotaExplained = true;
      unpricedExplained = [...new Set([...unpricedExplained, ...namesUnpriced(result)])];
      process.stderr.write(
        `${style.dim(fitFooter(footer, terminalWidth(process.stderr)), process.stderr)}\n`,
      );
      // No answer: the model still asked for tools when the round limit stopped the turn.
      if (result.roundsExhausted) {
        failedTurns++;
        printError(roundsExhaustedError(result, undefined));
      }
      // No answer either: the output limit cut the model's tool calls, so none ran.
      if (result.toolCallsCut) {
        failedTurns++;
        printError(toolCallsCutError(result, limit, undefined, "chat"));
      }
    } catch (error) {
      renderer.finish();
      const dropped = droppedToolCallWarning(finishedRequests, { failedAfter: true });
      if (dropped) printWarning(dropped);
      if (
        controller.signal.aborted ||
        (error instanceof ProviderError && error.errorClass === "cancelled")
      ) {
        // Cancelled before any answer: nothing of it was kept, so the message goes back on the
        // prompt to be edited or sent again (one line: a pasted block is for ↑ to recall).
        // Not over a line typed or entered while the request waited: that one comes next.
        const putBack =
          (interactive || promptOnStderr) &&
          !cutFollower.answered() &&
          !text.includes("\n") &&
          rl.line === "" &&
          unseenEntries.length === 0;
        if (putBack) cancelledMessage = text;
        say(
          style.yellow(
            putBack
              ? "[cancelled before any answer: your message is back on the prompt]"
              : "[cancelled]",
            toPerson,
          ),
        );
        // Billed all the same: what the cancelled turn used goes into /usage, and the cut
        // request's part into the session's usage rows (marked estimated when it is), as its
        // finished requests' went. Cut before any answer, the request is in the rows too, though
        // the turn's message is not kept (the model never answered it).
        const cut = cutFollower.cut(tools?.definitions(), error);
        const used = cancelledTurnUsage(finishedRequests, cut);
        appendCutRow(cutRequestUsage(cut), writer, openFile);
        totals = {
          ...totals,
          usage: addUsage(totals.usage, used.usage),
          cost: addCost(totals.cost, used.cost),
          unpriced: [...new Set([...totals.unpriced, ...used.unpriced])],
          cancelled: totals.cancelled + 1,
          estimated: totals.estimated || used.estimated,
        };
      } else {
        failedTurns++;
        printError(timeoutForCli(afterFallbacks(error, fellBack), "chat"));
      }
    } finally {
      current = undefined;
    }
  }

  /**
   * Whether the model thinks while no level is set, for a bare /think to turn it the other way:
   * the last answer tells (it came with reasoning or not); before one, the config does. A Moonshot
   * model the config calls non-reasoning counts as thinking: kimi-k2.5 and later think unless
   * told not to, and "on" is never sent to such a model, so only "off" would change anything.
   */
  const thinksUnasked = (): boolean => {
    const last = messages.findLast((message) => message.role === "assistant");
    if (last?.role === "assistant") return Boolean(last.reasoning_content);
    const primary = chain[0];
    return (
      primary !== undefined && (primary.reasoning || primary.compat.thinkingFormat === "moonshot")
    );
  };

  /** A command that failed: an error line; piped in, the run fails too (exit 1 at the end). */
  const commandFailed = (error: unknown) => {
    failedCommands++;
    printError(error);
  };

  /**
   * `/new <id>`: an empty session of that name, checked as --session-id is. A session of that
   * name that already holds messages is refused (/new starts an empty one) with the command that
   * continues it; one in use by another run is refused at once. Either way the chat stays where
   * it was.
   */
  async function startNamedSession(id: string): Promise<void> {
    if (id === sessionId) {
      commandFailed(
        new UsageError(
          `this chat is already in session ${id}`,
          "/new alone starts a session with an id made up for it",
        ),
      );
      return;
    }
    let taken: SessionLock | undefined;
    try {
      const file = sessionPath(opened.stateDir, opened.agentId, id);
      assertNotSessionFileName(opened.stateDir, opened.agentId, id, "/new");
      taken = await lockSession(file, { sessionId: id, waitMs: 0 });
      const held = loadSession(file, id).messages.length;
      if (held > 0) {
        throw new UsageError(
          `session ${id} already holds ${held} ${held === 1 ? "message" : "messages"}: /new starts an empty session`,
          `pick another id, or continue that session with: openclaw chat --session-id ${id}`,
        );
      }
    } catch (error) {
      taken?.release();
      commandFailed(error);
      return;
    }
    writer?.close();
    writer = undefined;
    lock?.release();
    lock = taken;
    sessionId = id;
    messages = [];
    remembered = undefined;
    sayWrapped(`new session ${sessionId}`);
  }

  async function command(line: string): Promise<void> {
    const [name = "", ...rest] = line.slice(1).trim().split(/\s+/);
    const arg = rest.join(" ").trim();
    /**
     * A command that takes nothing, typed with something after it: refused, not run as if bare,
     * since what was typed meant something to the person (`/exit now` still leaves? `/usage
     * today`?) and doing something else silently is worse than saying so.
     */
    const refusesArgument = (command: string): boolean => {
      if (arg === "") return false;
      commandFailed(
        new UsageError(`/${command} takes no argument (got "${arg}")`, `type /${command} alone`),
      );
      return true;
    };
    switch (name.toLowerCase()) {
      case "help":
      case "?":
        if (refusesArgument("help")) return;
        // Laid out for the terminal as `chat --help` is: descriptions wrapped in their column.
        say(reflowProse(HELP, terminalWidth(toPerson)));
        return;
      case "exit":
      case "quit":
        if (refusesArgument(name.toLowerCase())) return;
        leaving = true;
        rl.close();
        return;
      case "model": {
        const name = withoutQuotes(arg);
        // Why it is on that model too, as the banner says (a resumed session's remembered one and
        // the default look alike otherwise), after a switch as when asked. Fitted to the terminal
        // as a `hint:` is: a long list of fallbacks goes on under itself.
        const tellModel = () =>
          say(
            besideLabel(
              "model: ",
              wrapAfterLabel(describeModelAndSource(), "model: ".length, terminalWidth(toPerson)),
            ),
          );
        if (arg === "") {
          tellModel();
          return;
        }
        try {
          rereadAllowlist();
          const before = chain[0]?.ref;
          const switched = withKeyStepOnRefusal(catalog, opened.missingKey, () =>
            resolveModelChain(catalog, name),
          );
          // A model none of whose chain has a key would fail every turn, and the session would
          // keep it: refused as at the start, with what to set, and the chat stays where it was.
          const keyless = switched.map((member) => opened.missingKey(member));
          if (keyless[0] && keyless.every((problem) => problem !== undefined)) throw keyless[0];
          chain = switched;
          model = name;
          modelSource = namesDefaultChain(name) ? "default" : "/model";
          // A session that already holds a conversation is put on it now: resumed, it stays on it.
          if (messages.length > 0) remembered = rememberModel(session(), model, remembered);
          tellModel();
          // A retired id: said now with what to type instead, not found out by the next turn's 404;
          // back on the default chain, each retired member of it, as the start says them.
          for (const warning of retiredRunWarnings(catalog, name, { switchWith: "/model" }))
            printWarning(warning);
          // Mid-conversation, what the switch changes: the words so far go to another model.
          const after = chain[0]?.ref;
          if (
            messages.length > 0 &&
            before !== undefined &&
            after !== undefined &&
            after !== before
          ) {
            sayWrapped(conversationMovesLine(before, after, messages.length));
          }
          warnSearchWithThinker();
        } catch (error) {
          commandFailed(error);
          // Piped in, the lines after it were meant for that model: none goes to another one.
          if (piped) {
            stoppedBecause = `stopped at "/model ${arg}", which failed, so that no line after it goes to ${describeModel()} instead`;
            leaving = true;
            rl.close();
          }
        }
        return;
      }
      case "think":
      case "thinking": {
        if (arg === "") {
          const thinks = thinking === undefined ? thinksUnasked() : thinking !== "off";
          thinking = thinks ? "off" : "on";
        } else if ((THINKING_LEVELS as readonly string[]).includes(arg.toLowerCase())) {
          thinking = arg.toLowerCase() as ThinkingLevel;
        } else {
          commandFailed(
            new UsageError(
              `thinking must be one of ${THINKING_LEVELS.join(", ")} (got "${arg}")`,
              "/think alone turns it on or off",
            ),
          );
          return;
        }
        const primary = chain[0];
        const why = thinking === "off" ? alwaysThinking.why(primary) : undefined;
        if (primary !== undefined && why !== undefined)
          sayWrapped(thinkingOffIgnoredLine(primary.ref, why));
        // A level the model is not sent (the config calls it non-reasoning): said as agent says
        // it with each request, not echoed as if it were set on the model; said here, it counts
        // as said, so the next turn does not say it again.
        else if (primary !== undefined && thinking !== "off" && !primary.reasoning) {
          const line = levelNotSentToNonReasoning(primary, thinkingLevelAsked(thinking));
          sayStandingNote(primary.id, line); // as a turn's start names it
          sayWrapped(line);
        } else say(`thinking: ${thinking}`);
        return;
      }
      case "search": {
        const value = arg.toLowerCase();
        if (value === "") webSearch = !webSearch;
        else if (value === "on" || value === "off") webSearch = value === "on";
        else {
          commandFailed(
            new UsageError(
              `web search is on or off (got "${arg}")`,
              "/search on, /search off, or /search alone to toggle",
            ),
          );
          return;
        }
        // Thinking is turned off for a search, except on a model that cannot stop: the warning
        // after this line says what happens then, so this one does not claim it.
        const thinksAnyway = chain[0] !== undefined && alwaysThinking.why(chain[0]) !== undefined;
        const on = thinksAnyway ? "on" : "on (thinking is turned off for it)";
        sayWrapped(`web search: ${webSearch ? on : "off"}`);
        warnSearchWithThinker();
        return;
      }
      case "new": {
        if (arg !== "") {
          await startNamedSession(withoutQuotes(arg));
          return;
        }
        writer?.close();
        writer = undefined;
        lock?.release();
        lock = undefined;
        sessionId = newSessionId();
        lock = await lockSession(sessionPath(opened.stateDir, opened.agentId, sessionId), {
          sessionId,
        });
        messages = [];
        remembered = undefined;
        // The id whole on a line of its own when it does not fit after the words, as in the header.
        sayWrapped(`new session ${sessionId}`);
        return;
      }
      case "usage": {
        if (refusesArgument("usage")) return;
        say(fitSeparated(usageLine(totals, opened.loaded, sessionId), terminalWidth(toPerson)));
        return;
      }
      default: {
        // A bare "/" names nothing: any command would be "closest" to it, so none is suggested.
        const [near] = name === "" ? [] : closestMatches(name, CHAT_COMMANDS, 1);
        commandFailed(
          new UsageError(
            name === "" ? "a command name is missing after /" : `unknown command /${name}`,
            // Which exist, named here: a person should not need a second command to find them.
            `${near ? `did you mean /${near}? ` : ""}the commands are ${CHAT_COMMANDS.map((command) => `/${command}`).join(", ")}`,
          ),
        );
      }
    }
  }

  /** Whether a line is being handled; lines entered meanwhile were typed ahead, unseen. */
  let busy = false;
  /**
   * For each line entered and not yet handled, in order, whether it went in unseen: its echo was
   * silenced, so it is shown with its prompt when its turn comes.
   */
  const unseenEntries: boolean[] = [];
  const noteEntry = () => {
    unseenEntries.push(busy || promptOutput.quiet);
    // Lines pasted at once without the terminal marking the paste (/help, /model …, /usage)
    // arrive before the first is handled: their echo waits for their turn, so that each output
    // follows its own line instead of all the lines coming first and the outputs after them.
    if (interactive) promptOutput.quiet = true;
  };
  if (entries) entries.onEntry(noteEntry);
  else rl.on("line", noteEntry);
  /** Ctrl-D (or the end of piped input) came: the lines already entered are still handled. */
  let inputEnded = false;
  rl.once("close", () => {
    inputEnded = true;
  });
  /** The prompt again, with what was typed (not yet entered) during the answer on it. */
  const promptAgain = () => {
    const putBack = cancelledMessage;
    cancelledMessage = undefined;
    // A line entered meanwhile comes next, shown with its prompt then; this one would be empty.
    if (unseenEntries.length > 0) return;
    // No prompt after Ctrl-D during an answer: prompting would resume the input readline has
    // let go of, and the chat would wait on it forever instead of leaving.
    if (inputEnded) return;
    busy = false;
    if (!promptOutput.quiet) {
      rl.prompt();
      if (putBack !== undefined) rl.write(putBack);
      return;
    }
    // Readline's idea of its line is cleared while silent, so that it redraws from here.
    const typed = rl.line;
    rl.write(null, { ctrl: true, name: "e" });
    rl.write(null, { ctrl: true, name: "u" });
    promptOutput.quiet = false;
    // Lines pasted meanwhile and not yet sent, shown as pasted at the prompt; the line being
    // edited goes on under them.
    const pasted = entries?.pending ?? [];
    if (pasted.length > 0) out.write(`${prompt}${pasted.join("\n")}\n`);
    rl.prompt();
    // What was typed while the request waited is newer than the message put back.
    if (typed !== "") rl.write(typed);
    else if (putBack !== undefined) rl.write(putBack);
  };

  rl.prompt();
  try {
    for await (const raw of entries ?? rl) {
      if (leaving) break;
      const unseen = unseenEntries.shift() === true;
      busy = true;
      if (interactive) {
        promptOutput.quiet = true;
        // Entered while the last answer (or the line before) was handled: shown now, as typed
        // at a prompt.
        if (unseen) out.write(`${style.cyan("you ›", out)} ${raw}\n`);
      }
      const line = raw.trim();
      exitArmed = false;
      if (line === "") {
        promptAgain();
        continue;
      }
      const entry = asCommand(line);
      if (entry.startsWith("/")) await command(entry);
      else await ask(line);
      if (leaving) break;
      promptAgain();
    }
  } catch (error) {
    // A command that could not go on (/new finding its new session taken): the chat ends here.
    if (!isOpenClawError(error)) throw error;
    commandFailed(error);
  } finally {
    entries?.close();
    process.off("SIGINT", onProcessSigint);
    process.off("SIGTERM", onSigterm);
    process.off("SIGHUP", onSighup);
    out.off("error", onOutputError);
    writer?.close();
    lock?.release();
    rl.close();
  }
  if (stopCode !== undefined) {
    process.stderr.write(`${stoppedLine(stopCode)}\n`);
    process.exitCode = stopCode;
    return;
  }
  // The closing lines are prose, wrapped at spaces as the lines above them are.
  const tell = (text: string) =>
    process.stderr.write(`${wrapText(text, terminalWidth(process.stderr))}\n`);
  if (outputClosed) {
    tell(
      "stopped: the output was closed (its reader, such as head, left), so no line after it was sent",
    );
  }
  // Ctrl-D left the prompt's line open: ended, so that what is said next starts a line.
  if (!leaving && (interactive || promptOnStderr)) toPerson.write("\n");
  if (leftByInterrupt) process.exitCode = 130;
  // A session whose id the chat made up was named only by the banner, long scrolled away: how to
  // go on with it is said as the chat ends. Piped in, each answer's footer names it already.
  if (!piped && messages.length > 0 && sessionId !== input.sessionId) {
    process.stderr.write(
      `${style.dim(wrapText(continueLines(sessionId, messages.length), terminalWidth(process.stderr)), process.stderr)}\n`,
    );
  }
  // Piped in, a script reads the exit code: a turn that failed is a failure.
  if (!process.stdin.isTTY) {
    if (stoppedBecause) tell(stoppedBecause);
    if (failedTurns > 0) tell(`${failedTurns} of the turns failed`);
    // The /model that stopped the run is told above; other commands that failed are counted.
    const otherCommands = failedCommands - (stoppedBecause ? 1 : 0);
    if (otherCommands > 0) {
      tell(
        `${otherCommands} ${stoppedBecause ? "other " : ""}${otherCommands === 1 ? "command" : "commands"} failed (see the errors above)`,
      );
    }
    if (stoppedBecause || failedTurns > 0 || failedCommands > 0) process.exitCode = 1;
  }
}
