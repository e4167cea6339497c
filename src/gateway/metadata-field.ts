/**
 * OpenAI's `metadata` (chat completions and the Responses API alike): an object of at most 16
 * string values, keys up to 64 characters and values up to 512. Checked as OpenAI checks it, so
 * a client's mistake is its 400 here rather than a provider's refusal said as the gateway's.
 */
import { describe, shortened } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const MAX_KEYS = 16;
const MAX_KEY_LENGTH = 64;
const MAX_VALUE_LENGTH = 512;

/** Throws the 400 for a `metadata` OpenAI would refuse; null or left out is no metadata. */
export function checkMetadata(metadata: unknown): void {
  if (metadata === undefined || metadata === null) return;
  if (!isRecord(metadata)) {
    throw badRequest(
      `metadata must be an object of up to ${MAX_KEYS} string values, such as {"session": "abc"}, got ${describe(metadata)}`,
      "metadata",
      "invalid_type",
    );
  }
  const keys = Object.keys(metadata);
  if (keys.length > MAX_KEYS) {
    throw badRequest(
      `metadata has ${keys.length} keys; at most ${MAX_KEYS} are allowed`,
      "metadata",
    );
  }
  for (const key of keys) {
    const value = metadata[key];
    if (key.length > MAX_KEY_LENGTH) {
      throw badRequest(
        `metadata key ${JSON.stringify(key.slice(0, MAX_KEY_LENGTH))}… is longer than ${MAX_KEY_LENGTH} characters`,
        "metadata",
      );
    }
    if (typeof value !== "string") {
      throw badRequest(
        `metadata.${shortened(key)} must be a string, got ${describe(value)} (metadata values are strings: send numbers and flags as text)`,
        `metadata.${shortened(key)}`,
        "invalid_type",
      );
    }
    if (value.length > MAX_VALUE_LENGTH) {
      throw badRequest(
        `metadata.${shortened(key)} is longer than ${MAX_VALUE_LENGTH} characters`,
        `metadata.${shortened(key)}`,
      );
    }
  }
}
