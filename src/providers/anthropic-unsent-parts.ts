/**
 * The content parts Anthropic's Messages format has no block for, refused before a request is
 * built. The request turns a user's text and `image_url` parts into text and image blocks, and
 * any other message's text parts into text; a part of another kind (a `video_url`, an
 * `input_audio`, a part from another API) had nowhere to go and was left out, so the model
 * answered a prompt that had lost part of itself. The runtime refuses a video for such a model
 * first; this is the transport's own word for a caller that calls it directly. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import type { ChatMessage } from "./types.js";

/** Whether a `role`'s message can carry a part of `type` over Anthropic's format. */
function hasBlockFor(role: unknown, type: unknown): boolean {
  return type === "text" || (role === "user" && type === "image_url");
}

function typeOf(part: unknown): unknown {
  return typeof part === "object" && part !== null ? (part as { type?: unknown }).type : undefined;
}

function kindWords(type: unknown): string {
  return typeof type === "string"
    ? `a ${JSON.stringify(type.slice(0, 40))} part`
    : "a part without a type";
}

function unsentPart(
  model: ResolvedModel,
  role: unknown,
  type: unknown,
  where: string,
): OpenClawError {
  const over = `${model.ref} is called over Anthropic's Messages format (provider ${model.provider}, api "anthropic-messages")`;
  if (type === "video_url")
    return new OpenClawError(
      "video_not_supported",
      `${where} is a "video_url" part, but ${over}, which has no video block: the model would answer without the video`,
      {
        where,
        hint: `send the video to a model of an OpenAI-format provider (api "openai-completions") whose "input" lists "video", such as moonshot/kimi-k2.5, or leave the part out`,
      },
    );
  const blocks =
    role === "user" ? `"text" and "image_url" parts of a user message` : `"text" parts`;
  return new OpenClawError(
    "request.part_unsupported",
    `${where} is ${kindWords(type)}, but ${over}, which takes only ${blocks}: the model would answer without it`,
    {
      where,
      hint:
        role === "user"
          ? 'give the part as text ({type: "text", text: "…"}) or as an image ({type: "image_url", image_url: {url: "data:image/png;base64,…"}}), or leave it out'
          : 'give the part as text ({type: "text", text: "…"}); only a user message carries images',
    },
  );
}

/**
 * Throws OpenClawError (`video_not_supported` for a video, else `request.part_unsupported`)
 * naming the first part of `messages` (`messages[2].content[1]`, the caller's own indices) that
 * Anthropic's format has no block for in its message's role.
 */
export function refuseUnsentParts(model: ResolvedModel, messages: readonly ChatMessage[]): void {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as ChatMessage;
    const content: unknown = message.content;
    if (!Array.isArray(content)) continue;
    for (let j = 0; j < content.length; j++) {
      const type = typeOf(content[j]);
      if (!hasBlockFor(message.role, type))
        throw unsentPart(model, message.role, type, `messages[${i}].content[${j}]`);
    }
  }
}
