/**
 * How a hint names the setting that holds a provider's base URL: its config key, with the
 * `file:line` that writes it when a config file does. One wording for every message that asks
 * the reader to check the address.
 */
import type { ResolvedModel } from "./types.js";

type BaseUrlOwner = Pick<ResolvedModel, "provider" | "baseUrlAt">;

/** `models.providers.<id>.baseUrl`: the key, whoever holds it. */
export function baseUrlKey(model: BaseUrlOwner): string {
  return `models.providers.${model.provider}.baseUrl`;
}

/** The place to show as an error's `where`: the line when a file holds it, else the key. */
export function baseUrlWhere(model: BaseUrlOwner): string {
  return model.baseUrlAt ?? baseUrlKey(model);
}

/** The key followed by its line in parentheses, for a sentence: "check models.providers.x.baseUrl (f:3)". */
export function baseUrlSetting(model: BaseUrlOwner): string {
  const key = baseUrlKey(model);
  return model.baseUrlAt ? `${key} (${model.baseUrlAt})` : key;
}
