/**
 * Which wire APIs can carry a video. OpenAI's chat format takes Moonshot's `video_url` part as it
 * is; Anthropic's Messages format has text, image and document blocks but no video, so a
 * `video_url` part sent over it (Kimi Code's Anthropic surface) would have nowhere to go. Pure.
 */
import type { ApiKind } from "./types.js";

/** Whether a model called over `api` can be sent a `video_url` part. */
export function apiTakesVideo(api: ApiKind): boolean {
  return api !== "anthropic-messages";
}
