/**
 * `openclaw agent`, the part that runs: loaded lazily by agent.ts so that `--help` stays fast.
 */

import { open, stat } from "node:fs/promises";
import {
  type AgentEvent,
  type AgentResult,
  assertNotSessionFileName,
  createToolRegistry,
  loadSession,
  type ModelSource,
  newSessionId,
  openSessionWriter,
  partialOf,
  rememberModel,
  runSessionTurn,
  type SessionWriter,
  sessionModel,
  sessionPath,
  workspaceTools,
} from "../../agent/index.js";
import { NEXT_COMMAND } from "../../auth/index.js";
import { planBilledModels } from "../../auth/plan-billed-models.js";
import { type Catalog, resolveModelChain } from "../../catalog/index.js";
import type { LoadedConfig } from "../../config/index.js";
import { isOpenClawError, OpenClawError, UsageError } from "../../errors.js";
import { retiredRunWarnings } from "../../onboard/retired-chain.js";
import { ProviderError } from "../../providers/errors.js";
import { assistantText } from "../../providers/index.js";
import type { ContentPart, ThinkingLevel, ToolCall, UserMessage } from "../../providers/types.js";
import { cutAnswerAdvice } from "../../runtime/cut-answer.js";
import { openRuntime, type RunFailure, runFailureOf } from "../../runtime/index.js";
import type { RunResult } from "../../runtime/types.js";
import { roundUsdFields } from "../../util/usd.js";
import { appendCutRow, cutRequestFollower, cutRequestUsage } from "../chat-cancelled-usage.js";
import { runWarnings } from "../disabled-providers.js";
import { droppedToolCallRows, droppedToolCallWarning } from "../dropped-tool-call-data.js";
import { MODEL_FLAG, modelArgumentError } from "../model-argument.js";
import {
  fitSeparated,
  printJson,
  printWarning,
  style,
  terminalWidth,
  wrapText,
  writeShown,
} from "../output.js";
import { runFailureAlong } from "../run-failure-along.js";
import { unansweredNote } from "../unanswered-message.js";
import { historyForModel } from "./agent-images.js";
import {
  afterFallbacks,
  createStreamRenderer,
  finishNotice,
  printNotice,
  roundsExhaustedError,
  summaryLine,
  timeoutForCli,
  toolCallsCutError,
  unpricedModels,
  usageReported,
} from "./agent-render.js";
import { explainImageRefusal } from "./image-refusal.js";
import { outputLimitOf } from "./output-limit.js";
import { billingOfRequests } from "./plan-billed.js";
import { lockSessionSayingWait } from "./session-lock-wait.js";

export interface AgentCommandInput {
  message: string;
  model: string | undefined;
  sessionId: string | undefined;
  thinking: ThinkingLevel | undefined;
  hideReasoning: boolean;
  image: string | undefined;
  tools: boolean;
  webSearch?: boolean;
  maxRounds: number;
  /** Whole-call timeout per model call. */
  timeoutMs?: number | undefined;
  json: boolean;
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

async function readStdin(signal: AbortSignal): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write(
      `${style.dim("reading the message from stdin; end it with Ctrl-D", process.stderr)}\n`,
    );
  }
  const chunks: Buffer[] = [];
  // Ctrl-C while reading: stdin is closed so that the process can end.
  const onAbort = () => process.stdin.destroy();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  signal.throwIfAborted();
  // The newline that ends the last line is not part of the message.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** An image file as an `image_url` part with a data URL. */
export async function imagePart(file: string): Promise<ContentPart> {
  // Its first bytes, not its name, say what a file is: a missing file is told as missing, and a
  // picture saved without an extension (or with another one) is sent as what it is.
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    throw unreadableImage(file, error);
  }
  if (info.isDirectory()) {
    throw new UsageError(
      `--image ${file}: is a directory, not an image file`,
      "give the path of one image file",
    );
  }
  if (!info.isFile()) {
    throw new UsageError(
      `--image ${file}: is not a regular file`,
      "give the path of one image file",
    );
  }
  if (info.size > MAX_IMAGE_BYTES) {
    // Said in MB as the limit is, with no hint it left the person without a next step.
    const megabytes = (info.size / (1024 * 1024)).toFixed(1);
    throw new UsageError(
      `--image ${file}: the file is ${megabytes} MB (${info.size} bytes), more than the ${MAX_IMAGE_BYTES / (1024 * 1024)} MB an image may be`,
      "make it smaller (a lower resolution, or saved as JPEG) and attach that",
    );
  }
  let data: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadableImage(file, error);
  }
  const actual = sniffImage(data);
  if (!actual) {
    throw new UsageError(
      `--image ${file}: the file is not a PNG, JPEG, GIF or WebP image (its first bytes say otherwise)`,
      "attach a picture file; convert other formats to PNG or JPEG first",
    );
  }
  // The bytes decide the type: a PNG named .jpg is sent as the PNG it is.
  return {
    type: "image_url",
    image_url: { url: `data:${actual};base64,${data.toString("base64")}` },
  };
}

function unreadableImage(file: string, error: unknown): OpenClawError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new OpenClawError("image_unreadable", `--image ${file}: no such file`, {
      hint: "check the path (relative paths start from the current directory)",
      exitCode: 2,
    });
  }
  if (code === "EACCES" || code === "EPERM") {
    return new OpenClawError("image_unreadable", `--image ${file}: permission denied`, {
      hint: "make the file readable for this user (chmod u+r), or copy it somewhere readable",
      exitCode: 2,
    });
  }
  if (code === "EISDIR") {
    return new UsageError(
      `--image ${file}: is a directory, not an image file`,
      "give the path of one image file",
    );
  }
  return new OpenClawError(
    "image_unreadable",
    `--image ${file}: cannot read it (${code ?? (error as Error).message})`,
    { hint: "check the file and its permissions", exitCode: 2 },
  );
}

/** The image type the file's first bytes announce, or undefined for anything else. */
export function sniffImage(data: Buffer): string | undefined {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

interface Fallback {
  from: string;
  to: string;
  errorClass: string;
  message: string;
}

/** The signals that stop a run: the partial answer is saved, the lock released, then it exits. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * The keys of the `--json` object that hold the model's own words, printed as it wrote them; the
 * rest (refs, messages) has a key pasted as a provider's name masked, as everywhere.
 */
const MODEL_WORDS = ["text", "reasoning", "message", "pendingToolCalls", "toolRuns"] as const;

export async function runAgentCommand(input: AgentCommandInput): Promise<void> {
  // Installed before anything that waits (stdin, the session lock, the model), so that Ctrl-C or
  // a SIGTERM anywhere says "cancelled" (and prints the --json object) instead of dying silently.
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (controller.signal.aborted) {
      process.stderr.write(`\n${cancelledLine(stoppedBy ?? signal)}\n`);
      process.exit(STOP_SIGNALS[stoppedBy ?? signal]);
    }
    stoppedBy = signal;
    controller.abort(new Error(signal === "SIGINT" ? "cancelled by Ctrl-C" : "stopped by SIGTERM"));
  };
  const onSigint = () => onSignal("SIGINT");
  const onSigterm = () => onSignal("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  const cancelled: Cancelled = (json, keptIn) => {
    if (input.json) printJson(json, { asWritten: MODEL_WORDS });
    else {
      process.stderr.write(`${cancelledLine(stoppedBy ?? "SIGINT")}\n`);
      // Without --session-id the id was made up for this run and shown only in the footer a
      // stopped run never prints: the answer kept on disk could not be found again.
      if (keptIn !== undefined) process.stderr.write(`${keptInSessionLine(keptIn)}\n`);
    }
    process.exitCode = STOP_SIGNALS[stoppedBy ?? "SIGINT"];
  };
  try {
    await runAgent(input, controller.signal, cancelled);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    // Stopped before the model was called (reading stdin, waiting for the session lock).
    const reason = `${stoppedBy === "SIGTERM" ? "stopped by SIGTERM" : "cancelled by Ctrl-C"} before the model was called`;
    cancelled(
      failureJson(
        new OpenClawError("cancelled", reason, { hint: "nothing was sent to the model" }),
        input.sessionId,
        [],
        { cancelled: true },
      ),
    );
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
  }
}

function cancelledLine(signal: StopSignal): string {
  return signal === "SIGINT" ? "cancelled" : "cancelled (SIGTERM)";
}

/** Where a stopped run's partial answer went, and the command that continues it. */
function keptInSessionLine(sessionId: string): string {
  const err = process.stderr;
  return style.dim(
    wrapText(
      `the answer so far is kept in session ${sessionId}: openclaw agent -m "go on" --session-id ${sessionId} continues it`,
      terminalWidth(err),
    ),
    err,
  );
}

/**
 * The hint of an answer cut off mid-stream: what to do, where the part received went, and, when
 * it was saved (`keptIn`), the session and the command that continue it. Without --session-id
 * that id was made up for the run and printed nowhere else, so asking again started afresh.
 */
function cutAnswerHint(advice: string, shown: boolean, keptIn: string | undefined): string {
  const where = shown ? "shown above" : undefined;
  if (keptIn === undefined)
    return where ? `${advice}; what was received so far is ${where}` : advice;
  const kept = `kept in session ${keptIn}: openclaw agent -m "go on" --session-id ${keptIn} continues it`;
  return `${advice}; what was received so far is ${where ? `${where} and ` : ""}${kept}`;
}

/** Prints a stopped run's end; `keptIn` names the session that holds what had arrived. */
type Cancelled = (json: Record<string, unknown>, keptIn?: string) => void;

async function runAgent(
  input: AgentCommandInput,
  signal: AbortSignal,
  cancelled: Cancelled,
): Promise<void> {
  const text = input.message === "-" ? await readStdin(signal) : input.message;
  if (text.trim() === "") {
    // With -m -, telling them to use -m - is no help: what they piped in was empty.
    throw input.message === "-"
      ? new UsageError(
          `the message read from stdin (-m -) is ${text === "" ? "empty" : "only blank space"}`,
          'pipe the text in (openclaw agent -m - < question.txt), or pass it with -m "…"',
        )
      : new UsageError("the message is empty", 'pass text with -m "…", or -m - to read stdin');
  }
  const content: UserMessage["content"] = input.image
    ? [{ type: "text", text }, await imagePart(input.image)]
    : text;
  const userMessage: UserMessage = { role: "user", content };

  // A run without --session-id starts a new session, which leaving out --model puts on the
  // default; a session resumed stays on its model without the flag.
  const opened = openRuntime(
    {},
    {
      nextReader: NEXT_COMMAND,
      askForDefault:
        input.sessionId === undefined
          ? "leave out --model (or give --model openclaw/default) for the default chain"
          : "run it with --model openclaw/default for the default chain",
      askByName: MODEL_FLAG,
    },
  );
  let chainResolves = true;
  try {
    resolveModelChain(opened.catalog, input.model);
  } catch (error) {
    chainResolves = false;
    // A --model that names nothing is a usage mistake (exit 2); told before any lock is waited for.
    const mistake = modelArgumentError(error, input.model);
    if (input.model !== undefined && mistake !== error) throw mistake;
  }
  const sessionId = input.sessionId ?? newSessionId();
  const file = sessionPath(opened.stateDir, opened.agentId, sessionId);
  assertNotSessionFileName(opened.stateDir, opened.agentId, sessionId, "--session-id");
  // One run at a time per session: two at once would interleave their turns in the file.
  const lock = await lockSessionSayingWait(file, sessionId, signal);
  let previous: ReturnType<typeof loadSession>;
  try {
    previous = loadSession(file, sessionId);
  } catch (error) {
    lock.release();
    throw error;
  }
  // Without --model, the model the session was put on, so that a resumed conversation stays on it.
  const chosen = sessionModel(opened.catalog, sessionId, input.model, previous.model);
  if (chosen.source === "session") chainResolves = true;
  const prepared = historyForModel(
    opened.catalog,
    chosen.model,
    previous.messages,
    input.image !== undefined,
  );
  // With --json they are the object's `warnings` and `notes`, not said on stderr as well.
  // A provider the config disables is said once, unless the run is about to fail on it anyway.
  const unanswered = unansweredNote(previous.messages, sessionId, "this message");
  const said = {
    warnings: [
      ...(chosen.warning ? [chosen.warning] : []),
      ...(chainResolves ? runWarnings(opened.catalog, chosen.model, opened.missingKey) : []),
      // A retired id to run: said before the request, not found out by its 404.
      ...(chainResolves
        ? retiredRunWarnings(
            opened.catalog,
            chosen.model,
            chosen.source === "session" ? { session: sessionId } : {},
          )
        : []),
      ...previous.warnings,
    ],
    notes: [
      // Sent again as the file holds it: said so, or the model answering two questions surprises.
      ...(unanswered ? [unanswered] : []),
      ...prepared.notes,
    ],
  };
  if (!input.json) {
    for (const warning of said.warnings) {
      printWarning(warning);
    }
    for (const note of said.notes) {
      process.stderr.write(
        `${style.dim(wrapText(note, terminalWidth(process.stderr)), process.stderr)}\n`,
      );
    }
  }

  // The session file is written from the moment the model started to answer, so a request
  // refused up front (unknown model, image for a text model) leaves no trace.
  let writer: SessionWriter | undefined;
  const openFile = () => openSessionWriter(file, sessionId, opened.agentId);
  const session = () => {
    if (writer === undefined) {
      writer = openFile();
      // A --model given is the session's model from now on; kept with its first words, as they are.
      rememberModel(writer, input.model, previous.model);
    }
    return writer;
  };

  const renderer = input.json
    ? undefined
    : createStreamRenderer({
        showReasoning: !input.hideReasoning,
        thinkingAsked: input.thinking !== undefined,
      });
  const fallbacks: Fallback[] = [];
  const toolRuns: { name: string; arguments: string; id: string; isError: boolean }[] = [];
  // The requests that finished, kept so that a run failing in a later round still tells what
  // its earlier rounds left out (the result that would say it is never returned).
  const finishedRequests: RunResult[] = [];
  let reasoning = "";
  // Whether any of the answer reached the terminal (reasoning counts only when it is shown).
  let shown = false;
  const started = Date.now();
  const tools = input.tools
    ? // Where openclaw keeps keys stays out of the model's reach, even inside the cwd.
      createToolRegistry(workspaceTools(process.cwd(), [opened.stateDir, opened.loaded.path]))
    : undefined;
  // What a Ctrl-C would cut, for the session's usage row of that request (as chat keeps one).
  const cutFollower = cutRequestFollower(
    prepared.history,
    userMessage,
    runChain(opened.catalog, chosen.model),
  );
  const onEvent = (event: AgentEvent) => {
    cutFollower.onEvent(event);
    if (event.type === "reasoning") reasoning += event.delta;
    if (event.type === "result") finishedRequests.push(event.result);
    if (!input.json && (event.type === "text" || event.type === "reasoning")) {
      if (event.delta !== "" && (event.type === "text" || !input.hideReasoning)) shown = true;
    }
    if (event.type === "fallback") {
      fallbacks.push({
        from: event.from,
        to: event.to,
        errorClass: event.error.errorClass,
        message: event.error.message,
      });
    }
    if (event.type === "tool_result") {
      toolRuns.push({
        id: event.toolCall.id,
        name: event.toolCall.function.name,
        arguments: event.toolCall.function.arguments,
        isError: event.isError,
      });
    }
    renderer?.onEvent(event);
  };

  let result: AgentResult;
  try {
    result = await runSessionTurn(
      {
        runtime: opened.runtime,
        ...(chosen.model !== undefined ? { model: chosen.model } : {}),
        history: prepared.history,
        user: userMessage,
        ...(tools ? { tools } : {}),
        ...(input.thinking ? { thinking: input.thinking } : {}),
        ...(input.webSearch ? { webSearch: true } : {}),
        maxRounds: input.maxRounds,
        ...(input.timeoutMs !== undefined ? { timeouts: { totalMs: input.timeoutMs } } : {}),
        signal,
        promptCacheKey: sessionId,
        record: (message, meta) => {
          cutFollower.onRecord(message, meta);
          session().appendMessage(message, meta);
        },
        recordUsage: (run) => session().appendUsage(run),
      },
      onEvent,
    );
  } catch (thrown) {
    renderer?.finish();
    const wasCancelled =
      signal.aborted || (thrown instanceof ProviderError && thrown.errorClass === "cancelled");
    const partial = partialOf(thrown);
    let error = timeoutForCli(
      afterFallbacks(thrown, fallbacks.length > 0, prepared.imageSkipped),
      "agent",
    );
    // An image the model's config refuses: the hint gets the config set command to copy, and
    // what the provider's model list says of the model.
    if (isOpenClawError(error) && error.code === "image_not_supported") {
      error = await explainImageRefusal(
        error,
        { ...opened, config: opened.loaded.config, env: opened.loaded.env },
        chosen.model,
      );
    }
    // Where the part received before the cut went: above on the terminal (when some of it was
    // shown), in the JSON's fields with --json.
    // What to do stays the failure's own ("ask again", or "top up" where asking again fails too).
    const advice = error instanceof ProviderError ? cutAnswerAdvice(error.hint) : undefined;
    if (error instanceof ProviderError && advice !== undefined) {
      error = error.retold({
        message: error.message,
        hint: input.json
          ? `${advice}; what was received so far is in the JSON's text and reasoning fields (partial is true)`
          : cutAnswerHint(advice, shown, writer ? sessionId : undefined),
      });
    }
    // A run refused before its first request (no default model, no key, a model cooling) names
    // no session unless one was given: the id made up for it would name nothing on disk.
    const started = writer !== undefined || requestSent(thrown);
    const json = failureJson(error, started ? sessionId : input.sessionId, fallbacks, {
      ...said,
      partial,
      cancelled: wasCancelled,
      model: thrown instanceof ProviderError ? `${thrown.provider}/${thrown.model}` : undefined,
      run: runFailureOf(thrown),
      finishedRequests,
    });
    // Said before the error (or the cancelled line), as a finished run says it before its footer.
    const dropped = droppedToolCallWarning(finishedRequests, { failedAfter: true });
    if (dropped && !input.json) printWarning(dropped);
    if (wasCancelled) {
      // Billed all the same: the cut request's usage goes into the session's rows, estimated when
      // its provider reported none, cut before any answer too (the turn's message is then not
      // kept: the model never answered it).
      appendCutRow(
        cutRequestUsage(cutFollower.cut(tools?.definitions(), thrown)),
        writer,
        openFile,
      );
      // The session file is opened with the first words of the answer: then they are kept in it.
      cancelled(withCancelledHint(json, signal, partial), writer ? sessionId : undefined);
      return;
    }
    if (input.json) {
      printJson(json, { asWritten: MODEL_WORDS });
    }
    throw error;
  } finally {
    writer?.close();
    lock.release();
  }

  const last = result.results.at(-1);
  const limit = outputLimitOf(opened.catalog, result.model, last);
  // A cut tool-call turn is told as the failure below, not as a note beside it.
  const notice = result.toolCallsCut
    ? undefined
    : finishNotice(last?.finishReason, result.model, limit, result.message);
  // A filtered answer, or none at all (the round limit stopped the tools, or the output limit
  // cut their calls), is not the model's answer: the run fails (exit 1), so that a script does
  // not take it for one.
  const failure = notice?.fails
    ? new OpenClawError("content_filtered", notice.text, {
        ...(notice.hint ? { hint: notice.hint } : {}),
      })
    : result.roundsExhausted
      ? roundsExhaustedError(result, { maxRounds: input.maxRounds, sessionId })
      : result.toolCallsCut
        ? toolCallsCutError(result, limit, sessionId)
        : undefined;
  if (input.json) {
    printJson(
      {
        ...jsonOutput(
          result,
          sessionId,
          reasoning,
          fallbacks,
          toolRuns,
          chosen.source,
          opened.loaded,
        ),
        ...said,
        ...(notice ? { notice: notice.text } : {}),
        ...(failure
          ? {
              ok: false,
              error: {
                code: failure.code,
                message: failure.message,
                where: failure.where ?? null,
                hint: failure.hint ?? null,
              },
              // The failure shape: what came before the stop is not a whole answer.
              partial: assistantText(result.message) !== "",
            }
          : {}),
      },
      { asWritten: MODEL_WORDS },
    );
  } else {
    renderer?.finish();
    const dropped = droppedToolCallWarning(result.results);
    if (dropped) printWarning(dropped);
    if (notice) printNotice(notice);
    const footer = `${summaryLine(result, Date.now() - started, opened.loaded)} · session ${sessionId}`;
    writeShown(process.stderr, `${fitSeparated(footer, terminalWidth(process.stderr))}\n`);
  }
  if (failure) {
    if (input.json) process.exitCode = 1;
    else throw failure;
  }
}

/**
 * The models a run of `model` may go to, the first first; none when it resolves to none, which
 * the run itself then says.
 */
function runChain(
  catalog: Catalog,
  model: string | undefined,
): ReturnType<typeof resolveModelChain> {
  try {
    return resolveModelChain(catalog, model);
  } catch (error) {
    if (isOpenClawError(error)) return [];
    throw error;
  }
}

/**
 * A cancelled run's `--json` object with a hint for the person who stopped it, instead of the
 * library's (whose caller aborted a signal): how it was stopped and where what came is kept.
 */
function withCancelledHint(
  json: Record<string, unknown>,
  signal: AbortSignal,
  partial: { text: string; reasoning: string } | undefined,
): Record<string, unknown> {
  const how = signal.reason instanceof Error ? signal.reason.message : "cancelled";
  const kept =
    partial && (partial.text !== "" || partial.reasoning !== "")
      ? "what had arrived is in text and reasoning, and kept in the session"
      : "nothing of the answer had arrived";
  const hint = `${how}: nothing more was sent to the model; ${kept}`;
  return { ...json, error: { ...(json.error as Record<string, unknown>), hint } };
}

/** Whether the run that threw `error` (or the error it retells) sent a request to a model. */
function requestSent(error: unknown): boolean {
  return runFailureAlong(error)?.model !== undefined;
}

/** The `--json` object of a run that failed: the same keys every time, null where unknown. */
export function failureJson(
  error: unknown,
  sessionId: string | undefined,
  fallbacks: Fallback[],
  extra: {
    partial?: { text: string; reasoning: string } | undefined;
    cancelled?: boolean;
    model?: string | undefined;
    /** How the run went, when `error` is a retelling of the error the run threw. */
    run?: RunFailure | undefined;
    /** What the session file and the history said (empty when the run stopped before). */
    warnings?: readonly string[];
    notes?: readonly string[];
    /** The run's requests that finished before the failure (tool rounds before it). */
    finishedRequests?: readonly RunResult[];
  } = {},
): Record<string, unknown> {
  const described = isOpenClawError(error)
    ? error.toJSON()
    : {
        code: "internal",
        message: error instanceof Error ? error.message : String(error),
        where: null,
        hint: "this looks like a bug in openclaw; run again with OPENCLAW_DEBUG=1 and report the output",
      };
  // The run's own list names every model tried (and skipped), as a success's failedAttempts do.
  const run = extra.run ?? runFailureOf(error);
  const failedAttempts = run
    ? []
    : error instanceof ProviderError
      ? [
          {
            model: `${error.provider}/${error.model}`,
            errorClass: error.errorClass,
            message: error.message,
          },
        ]
      : [];
  return {
    ok: false,
    sessionId: sessionId ?? null,
    error: extra.cancelled ? { ...described, code: "cancelled" } : described,
    model: extra.model ?? null,
    text: extra.partial?.text ? extra.partial.text : null,
    reasoning: extra.partial?.reasoning ? extra.partial.reasoning : null,
    partial: Boolean(extra.partial && (extra.partial.text || extra.partial.reasoning)),
    fallback: fallbacks.length > 0 ? { from: fallbacks[0]?.from, to: fallbacks.at(-1)?.to } : null,
    fallbacks,
    warnings: extra.warnings ?? [],
    notes: extra.notes ?? [],
    failedAttempts: run
      ? run.failedAttempts
      : [
          ...fallbacks.map((f) => ({
            model: f.from,
            errorClass: f.errorClass,
            message: f.message,
          })),
          ...failedAttempts,
        ],
    // A request put right and sent again is no failed attempt: listed apart, as on success.
    corrections: run ? run.corrections : [],
    // What earlier rounds' tool calls left out: the same field as a finished run's.
    droppedToolCallData: droppedToolCallRows(extra.finishedRequests ?? []),
  };
}

function jsonOutput(
  result: AgentResult,
  sessionId: string,
  reasoning: string,
  fallbacks: Fallback[],
  toolRuns: { name: string; arguments: string; id: string; isError: boolean }[],
  requestedModelFrom: ModelSource,
  /** The config, to tell which providers bill by a plan (see plan-billed.ts). */
  loaded: LoadedConfig,
): Record<string, unknown> {
  const last = result.results.at(-1);
  const toolCalls: ToolCall[] | undefined = result.message.tool_calls;
  return {
    ok: true,
    sessionId,
    requestedModel: result.results[0]?.requestedModel,
    // Why that model: given with --model, the one the session was put on, or the default.
    requestedModelFrom,
    model: result.model,
    text: assistantText(result.message),
    // Null when there was none: a tool-call turn made with thinking off carries an empty one.
    reasoning: result.message.reasoning_content || (reasoning === "" ? null : reasoning),
    message: result.message,
    finishReason: last?.finishReason,
    usage: result.usage,
    // "none" or "some": the provider left usage out, so the figures above count only what it sent.
    ...(usageReported(result) !== "all" ? { usageReported: usageReported(result) } : {}),
    cost: roundUsdFields(result.cost),
    // The models whose tokens `cost` counts as 0 for want of prices, as usage --json names them:
    // the footer's "cost unknown", so that a script does not read the 0 as free.
    unpricedModels: unpricedModels(result),
    // Of those, the ones a Kimi Code plan pays for (the footer's "Kimi Code plan quota"): no price
    // is missing, the requests used the plan's quota. `billing` says the same of the whole run.
    planBilledModels: planBilledModels(unpricedModels(result), loaded),
    billing: billingOfRequests(result.results, loaded),
    fallback: result.fallbackFrom ? { from: result.fallbackFrom, to: result.model } : null,
    fallbacks,
    failedAttempts: result.failedAttempts,
    corrections: result.corrections,
    rounds: result.rounds,
    roundsExhausted: result.roundsExhausted,
    toolRuns,
    webSearches: result.results.flatMap((run) => run.webSearches ?? []),
    // Arguments streamed for calls after they were complete, left out: [] when none were.
    droppedToolCallData: droppedToolCallRows(result.results),
    ...(toolCalls ? { pendingToolCalls: toolCalls } : {}),
    traceId: last?.traceId,
    latencyMs: result.results.reduce((sum, run) => sum + run.latencyMs, 0),
  };
}
