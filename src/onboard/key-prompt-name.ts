/** A built-in choice's key as the onboarding prompt asks for it, with where it will be checked. */
import { ENDPOINTS, endpointBaseUrl } from "../auth/index.js";
import type { Env } from "../config/index.js";
import { displayUrl } from "../util/display-url.js";
import { urlHost } from "../util/url-host.js";
import type { BuiltinChoice } from "./choices.js";

/**
 * `Moonshot API key, international (api.moonshot.ai)`: the key, its platform and the host the
 * key check sends it to, which is the override variable's (OPENCLAW_MOONSHOT_AI_BASE_URL and the
 * like) when one is set, so that a key for a proxy or test server is not asked for as
 * api.moonshot.ai's. Kimi Code has one platform: `Kimi Code API key (subscription for coding
 * agents)`, or its key and the override's host.
 */
export function keyPromptName(
  choice: Pick<BuiltinChoice, "keyName" | "platform" | "endpoint">,
  env: Env,
): string {
  const entry = ENDPOINTS[choice.endpoint];
  const overridden = Boolean(env[entry.overrideVar]?.trim());
  const baseUrl = endpointBaseUrl(choice.endpoint, env);
  const host = overridden ? urlHost(baseUrl) || displayUrl(baseUrl) : entry.address;
  if (choice.endpoint === "kimi-code")
    return `${choice.keyName} (${overridden ? host : choice.platform})`;
  return `${choice.keyName}, ${choice.platform} (${host})`;
}
