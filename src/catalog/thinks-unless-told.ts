/**
 * kimi-k2.5 and the K2 models after it (kimi-k2.6, kimi-k2.7-code…) think unless told not to on
 * Moonshot's endpoints, whatever the config's `reasoning` says: the spec's own config calls
 * kimi-k2.5 `reasoning: false`. openclaw sends them thinking off when asked and keeps their
 * reasoning on tool calls whatever `reasoning` says, so `reasoning: false` on one changes only
 * that a thinking level other than off is not sent: the model thinks by default either way.
 */
import type { Compat } from "./types.js";

/** kimi-k2.5, kimi-k2.6, kimi-k2.7-code…: not kimi-k2-turbo-preview or kimi-k2-0905-preview. */
const K2_THINKS_UNLESS_TOLD = /^kimi-k2\.(?:[5-9]|\d{2,})(?![0-9])/i;

/** Whether `model` thinks unless told not to: a K2.5-or-later id on Moonshot's thinking switch. */
export function thinksUnlessToldNot(model: {
  id: string;
  compat: Pick<Compat, "thinkingFormat">;
}): boolean {
  return model.compat.thinkingFormat === "moonshot" && K2_THINKS_UNLESS_TOLD.test(model.id);
}
