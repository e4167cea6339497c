/**
 * A custom OpenAI-compatible provider's entry in `models.providers` (the `lab` of many tests):
 * `models` at `baseUrl`, by default 127.0.0.1:9, where nothing listens (for tests in which it is
 * never called, or must not be reached), with `apiKey` only when one is given; the rest of
 * `fields` (authHeader, headers, api) as given. Its keys keep the order a person writes them in,
 * so a config file written from it reads, and is numbered, as one written out by hand.
 */
import type { ModelConfig, ProviderConfig } from "../../src/index.js";

export const NOWHERE_BASE_URL = "http://127.0.0.1:9/v1";

export function customProvider(
  models: ModelConfig[],
  { baseUrl = NOWHERE_BASE_URL, apiKey, ...fields }: Omit<ProviderConfig, "models"> = {},
): ProviderConfig {
  return {
    baseUrl,
    ...(apiKey === undefined ? {} : { apiKey }),
    api: "openai-completions",
    ...fields,
    models,
  };
}
