/**
 * What a name that names no model is told when it may be a model new to openclaw: `if "kimi-k9"
 * is a new model of moonshot, add it under models.providers.moonshot.models, or run: openclaw
 * models scan --provider moonshot --add`. The CLI's resolver (a ref or a bare id) and the
 * gateway's 404 say it in these words. Pure.
 */
import type { CatalogProvider } from "./types.js";

/** How the way to add the model is said where it is said. */
export interface NewModelWords {
  /**
   * For a config given as an object: where the edit goes and what then (no command reaches an
   * object); the command is said otherwise.
   */
  inConfigObject?: string;
  /** What a shell needs before `openclaw` to reach the config read (`OPENCLAW_STATE_DIR=… `). */
  commandPrefix?: string;
  /**
   * The provider's own `GET /models` was read and does not list the model: `models scan --add`
   * would not add it, so only the config path is named, for when the provider serves it.
   */
  notListed?: boolean;
}

/** How a model new to openclaw is added to `provider`. */
export function addModelHint(
  provider: Pick<CatalogProvider, "id" | "configPath">,
  words: NewModelWords = {},
): string {
  const models = `${provider.configPath ?? `models.providers.${provider.id}`}.models`;
  if (words.inConfigObject !== undefined) return `add it under ${models} ${words.inConfigObject}`;
  if (words.notListed)
    return `add it under ${models} once ${provider.id} serves it (its GET /models does not list it now)`;
  return `add it under ${models}, or run: ${words.commandPrefix ?? ""}openclaw models scan --provider ${provider.id} --add`;
}

/**
 * Whether `name` could be a model's id (`kimi-k2.6`, `moonshot-v1-8k`, `Qwen3:32b`): no space nor
 * other sign no id has. A display name (`Kimi K2.6`) is not one, and is not advised to be added
 * as a new model under that id.
 */
export function idShaped(name: string): boolean {
  return /^[A-Za-z0-9][\w.:@+-]*$/.test(name);
}

/** `if "kimi-k9" is a new model of moonshot, add it …`; `name` as the message quotes it. */
export function newModelAdvice(
  name: string,
  provider: Pick<CatalogProvider, "id" | "configPath">,
  words: NewModelWords = {},
): string {
  return `if ${name} is a new model of ${provider.id}, ${addModelHint(provider, words)}`;
}

/** `text` with its first letter a capital, for the advice said after a question. */
export function sentenceStart(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
