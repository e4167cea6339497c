/**
 * The chat body's further fields (a model's `params`, a caller's `extraBody`, as the
 * openai-completions path sends them) said in Anthropic Messages terms on an
 * `api: "anthropic-messages"` request: `top_k` as it is, `user` (else `safety_identifier`) as
 * `metadata.user_id`, `parallel_tool_calls: false` as `tool_choice.disable_parallel_tool_use`,
 * OpenAI's fields that the Messages format has no room for left out with a note, and any other
 * field passed on as it is, as the chat path passes it. Pure: edits the body being built.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { clippedJson } from "../util/client-value.js";
import { finiteNumber } from "../util/finite-number.js";

type Json = Record<string, unknown>;

/**
 * Chat fields the Messages request says in its own way (built in anthropic-request.ts) or that
 * mean nothing there and were never a caller's ask: `store`, `metadata` (OpenAI's stored
 * completions) and `prompt_cache_key` (Kimi Code caches prompts on its own; the Messages format
 * has no such field), left out without a note.
 */
const SAID_OTHERWISE = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "tools",
  "tool_choice",
  "thinking",
  "reasoning_effort",
  "store",
  "metadata",
  "prompt_cache_key",
  "user",
  "safety_identifier",
  "top_k",
  "parallel_tool_calls",
]);

/**
 * OpenAI chat fields with no room in the Messages format, each with what the caller can do
 * instead, and whether a value asks for nothing (then it goes without a note).
 */
const NO_ROOM: ReadonlyMap<string, { instead: string; asksNothing: (value: unknown) => boolean }> =
  new Map([
    ["frequency_penalty", { instead: "", asksNothing: (value) => value === 0 }],
    ["presence_penalty", { instead: "", asksNothing: (value) => value === 0 }],
    [
      "logit_bias",
      {
        instead: "",
        asksNothing: (value) =>
          typeof value === "object" && value !== null && Object.keys(value).length === 0,
      },
    ],
    ["logprobs", { instead: "; the answer carries none", asksNothing: (value) => value === false }],
    ["top_logprobs", { instead: "; the answer carries none", asksNothing: (value) => value === 0 }],
    ["seed", { instead: "", asksNothing: () => false }],
    ["n", { instead: "; one answer is given", asksNothing: (value) => value === 1 }],
    [
      "response_format",
      {
        instead: "; ask for the format in the prompt",
        asksNothing: (value) =>
          typeof value === "object" && value !== null && (value as Json).type === "text",
      },
    ],
    ["prediction", { instead: "; the answer is written in full", asksNothing: () => false }],
    ["verbosity", { instead: "; ask for the length in the prompt", asksNothing: () => false }],
  ]);

/** Moves `chat`'s further fields into the Messages `body`, noting in `adjustments` what is left out. */
export function sendExtraFields(
  model: ResolvedModel,
  chat: Readonly<Json>,
  body: Json,
  thinking: boolean,
  adjustments: string[],
): void {
  const topK = finiteNumber(chat.top_k);
  if (topK !== undefined) {
    if (thinking) {
      adjustments.push(
        "top_k not sent: Anthropic's format takes no sampling values while the model thinks",
      );
    } else body.top_k = topK;
  } else if (chat.top_k !== undefined) body.top_k = chat.top_k;

  const user = typeof chat.user === "string" && chat.user !== "" ? chat.user : undefined;
  const endUser =
    user ?? (typeof chat.safety_identifier === "string" ? chat.safety_identifier : undefined);
  if (endUser !== undefined && endUser !== "") body.metadata = { user_id: endUser };

  if (chat.parallel_tool_calls === false && body.tools !== undefined) {
    const choice = (body.tool_choice as Json | undefined) ?? { type: "auto" };
    if (choice.type !== "none") body.tool_choice = { ...choice, disable_parallel_tool_use: true };
  }

  for (const key of Object.keys(chat)) {
    if (SAID_OTHERWISE.has(key) || key in body) continue;
    const value = chat[key];
    const noRoom = NO_ROOM.get(key);
    if (noRoom === undefined) {
      body[key] = value;
      continue;
    }
    if (noRoom.asksNothing(value)) continue;
    adjustments.push(
      `${key} ${clippedJson(value)} not sent: ${model.ref} is called over Anthropic's Messages format (api "anthropic-messages"), which has no such field${noRoom.instead}`,
    );
  }
}
