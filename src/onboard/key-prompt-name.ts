/** A built-in choice's key as the onboarding prompt asks for it, with where it will be checked. */
import type { Env } from "../config/index.js";
import type { BuiltinChoice } from "./choices.js";
import { onboardEndpointAddress } from "./endpoint-names.js";

/**
 * `Moonshot API key, international (api.moonshot.ai)`: the key, its platform and where the key
 * check sends it (onboardEndpointAddress: the override variable's host when
 * OPENCLAW_MOONSHOT_AI_BASE_URL or the like is set, so that a key for a proxy or test server is not
 * asked for as api.moonshot.ai's; its base URL when another endpoint is on that host). Kimi Code has one platform: `Kimi Code API key (subscription for coding
 * agents)`, or its key and the override's address.
 */
export function keyPromptName(
  choice: Pick<BuiltinChoice, "keyName" | "platform" | "endpoint">,
  env: Env,
): string {
  const { address, overrideVar } = onboardEndpointAddress(choice.endpoint, env);
  if (choice.endpoint === "kimi-code")
    return `${choice.keyName} (${overrideVar === undefined ? choice.platform : address})`;
  return `${choice.keyName}, ${choice.platform} (${address})`;
}
