/**
 * `openclaw agent`, the part that runs: loaded lazily by agent.ts so that `--help` stays fast.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  type AgentEvent,
  type AgentResult,
  createToolRegistry,
  loadSession,
  newSessionId,
  openSessionWriter,
  runSessionTurn,
  type SessionWriter,
  sessionPath,
  workspaceTools,
} from "../../agent/index.js";
import { isOpenClawError, OpenClawError, UsageError } from "../../errors.js";
import { ProviderError } from "../../providers/errors.js";
import { assistantText } from "../../providers/index.js";
import type { ContentPart, ThinkingLevel, ToolCall, UserMessage } from "../../providers/types.js";
import { openRuntime } from "../../runtime/index.js";
import { printJson } from "../output.js";
import { createStreamRenderer, summaryLine, usageReported } from "./agent-render.js";

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

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
};
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** An image file as an `image_url` part with a data URL. */
export async function imagePart(file: string): Promise<ContentPart> {
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!type) {
    throw new UsageError(
      `--image ${file}: unsupported image type`,
      `use one of ${Object.keys(IMAGE_TYPES).join(", ")}`,
    );
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new OpenClawError("image_unreadable", `--image ${file}: no such file`, {
      hint: "check the path (relative paths start from the current directory)",
      exitCode: 2,
    });
  }
  if (size > MAX_IMAGE_BYTES) {
    throw new UsageError(`--image ${file}: ${size} bytes is more than the 20 MB allowed`);
  }
  const data = await readFile(file);
  return {
    type: "image_url",
    image_url: { url: `data:${type};base64,${data.toString("base64")}` },
  };
}

interface Fallback {
  from: string;
  to: string;
  errorClass: string;
  message: string;
}

export async function runAgentCommand(input: AgentCommandInput): Promise<void> {
  const text = input.message === "-" ? await readStdin() : input.message;
  if (text.trim() === "") {
    throw new UsageError("the message is empty", 'pass text with -m "…", or -m - to read stdin');
  }
  const content: UserMessage["content"] = input.image
    ? [{ type: "text", text }, await imagePart(input.image)]
    : text;
  const userMessage: UserMessage = { role: "user", content };

  const opened = openRuntime();
  const sessionId = input.sessionId ?? newSessionId();
  const file = sessionPath(opened.stateDir, opened.agentId, sessionId);
  const previous = loadSession(file, sessionId);

  // The session file is written from the moment the provider accepted the request, so a
  // request refused up front (unknown model, image for a text model) leaves no trace.
  let writer: SessionWriter | undefined;
  const session = () => {
    writer ??= openSessionWriter(file, sessionId, opened.agentId);
    return writer;
  };

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error("cancelled by Ctrl-C"));
  };
  process.on("SIGINT", onSigint);

  const renderer = input.json
    ? undefined
    : createStreamRenderer({
        showReasoning: !input.hideReasoning,
        thinkingAsked: input.thinking !== undefined,
      });
  const fallbacks: Fallback[] = [];
  const toolRuns: { name: string; arguments: string; id: string; isError: boolean }[] = [];
  let reasoning = "";
  const started = Date.now();
  const onEvent = (event: AgentEvent) => {
    if (event.type === "reasoning") reasoning += event.delta;
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
        ...(input.model !== undefined ? { model: input.model } : {}),
        history: previous.messages,
        user: userMessage,
        ...(input.tools
          ? {
              tools: createToolRegistry(
                // Where openclaw keeps keys stays out of the model's reach, even inside the cwd.
                workspaceTools(process.cwd(), [opened.stateDir, opened.loaded.path]),
              ),
            }
          : {}),
        ...(input.thinking ? { thinking: input.thinking } : {}),
        ...(input.webSearch ? { webSearch: true } : {}),
        maxRounds: input.maxRounds,
        ...(input.timeoutMs !== undefined ? { timeouts: { totalMs: input.timeoutMs } } : {}),
        signal: controller.signal,
        promptCacheKey: sessionId,
        record: (message) => session().appendMessage(message),
        recordUsage: (run) => session().appendUsage(run),
      },
      onEvent,
    );
  } catch (error) {
    renderer?.finish();
    if (input.json) {
      printJson({
        ok: false,
        sessionId,
        error: isOpenClawError(error) ? error.toJSON() : { message: String(error) },
        fallbacks,
      });
    }
    if (error instanceof ProviderError && error.errorClass === "cancelled") {
      throw new OpenClawError("cancelled", "cancelled", { exitCode: 1 });
    }
    throw error;
  } finally {
    process.off("SIGINT", onSigint);
    writer?.close();
  }

  if (input.json) {
    printJson(jsonOutput(result, sessionId, reasoning, fallbacks, toolRuns));
    return;
  }
  renderer?.finish();
  process.stderr.write(`${summaryLine(result, Date.now() - started)} · session ${sessionId}\n`);
}

function jsonOutput(
  result: AgentResult,
  sessionId: string,
  reasoning: string,
  fallbacks: Fallback[],
  toolRuns: { name: string; arguments: string; id: string; isError: boolean }[],
): Record<string, unknown> {
  const last = result.results.at(-1);
  const toolCalls: ToolCall[] | undefined = result.message.tool_calls;
  return {
    ok: true,
    sessionId,
    requestedModel: result.results[0]?.requestedModel,
    model: result.model,
    text: assistantText(result.message),
    reasoning: result.message.reasoning_content ?? (reasoning === "" ? undefined : reasoning),
    message: result.message,
    finishReason: last?.finishReason,
    usage: result.usage,
    // "none" or "some": the provider left usage out, so the figures above count only what it sent.
    ...(usageReported(result) !== "all" ? { usageReported: usageReported(result) } : {}),
    cost: result.cost,
    fallback: result.fallbackFrom ? { from: result.fallbackFrom, to: result.model } : null,
    fallbacks,
    failedAttempts: result.failedAttempts,
    rounds: result.rounds,
    roundsExhausted: result.roundsExhausted,
    toolRuns,
    webSearches: result.results.flatMap((run) => run.webSearches ?? []),
    ...(toolCalls ? { pendingToolCalls: toolCalls } : {}),
    traceId: last?.traceId,
    latencyMs: result.results.reduce((sum, run) => sum + run.latencyMs, 0),
  };
}
