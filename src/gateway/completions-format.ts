/**
 * Runtime results and events in OpenAI's legacy text-completions format (`object:
 * "text_completion"`): a whole answer, and the `data:` chunks of a streamed one, each the same
 * object with a piece of the text. As for chat chunks, a chunk is a prefix made once per answer
 * plus the JSON of its text alone.
 */
import type { AssistantMessage, FinishReason, Usage } from "../providers/types.js";
import type { LegacyLogprobs } from "./completions-logprobs.js";
import { openaiFinishReason, openaiUsage } from "./openai-format.js";

/** A completion's id (`cmpl-…`), from its request's id (`chatcmpl-…`): the same number. */
export function completionIdOf(requestId: string): string {
  return `cmpl-${requestId.startsWith("chatcmpl-") ? requestId.slice("chatcmpl-".length) : requestId}`;
}

/** An answer's text alone: its content, never its reasoning (a completion is text only). */
export function answerText(message: AssistantMessage): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => part.text).join("") : "";
}

/** A choice; `logprobs` when they were asked (`logprobs: N`), else null. */
function choiceJson(text: string, finish: string, logprobs?: LegacyLogprobs): string {
  const rated = logprobs === undefined ? "null" : JSON.stringify(logprobs);
  return `{"text":${JSON.stringify(text)},"index":0,"logprobs":${rated},"finish_reason":${finish}}`;
}

/** The non-streamed answer. */
export function textCompletionBody(options: {
  id: string;
  created: number;
  model: string;
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  logprobs?: LegacyLogprobs;
}): string {
  const finish = JSON.stringify(openaiFinishReason(options.finishReason));
  return `{"id":${JSON.stringify(options.id)},"object":"text_completion","created":${options.created},"model":${JSON.stringify(options.model)},"choices":[${choiceJson(options.text, finish, options.logprobs)}],"usage":${JSON.stringify(openaiUsage(options.usage))}}`;
}

/** Builds the `data: {...}\n\n` lines of one streamed completion. */
export class TextCompletionEncoder {
  private prefix: string;
  private readonly id: string;
  private readonly created: number;
  /** As on chat chunks: `"usage":null` on each chunk before the usage chunk, when it was asked. */
  private readonly chunkEnd: string;

  constructor(id: string, created: number, model: string, includeUsage: boolean) {
    this.id = id;
    this.created = created;
    this.prefix = this.prefixFor(model);
    this.chunkEnd = includeUsage ? '],"usage":null}\n\n' : "]}\n\n";
  }

  private prefixFor(model: string): string {
    return `data: {"id":${JSON.stringify(this.id)},"object":"text_completion","created":${this.created},"model":${JSON.stringify(model)},"choices":[`;
  }

  /** The model is known only once the upstream answered (a fallback may have taken over). */
  setModel(model: string): void {
    this.prefix = this.prefixFor(model);
  }

  /** A piece of the text ("" writes nothing), with its tokens' `logprobs` when they were asked. */
  text(delta: string, logprobs?: LegacyLogprobs): string {
    return delta === ""
      ? ""
      : `${this.prefix}${choiceJson(delta, "null", logprobs)}${this.chunkEnd}`;
  }

  finish(reason: FinishReason): string {
    return `${this.prefix}${choiceJson("", JSON.stringify(openaiFinishReason(reason)))}${this.chunkEnd}`;
  }

  /** The last chunk before [DONE] when `stream_options.include_usage` asked for it. */
  usage(usage: Usage): string {
    return `${this.prefix}],"usage":${JSON.stringify(openaiUsage(usage))}}\n\n`;
  }

  done(): string {
    return "data: [DONE]\n\n";
  }
}
