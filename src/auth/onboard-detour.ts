/**
 * When onboarding stores a key for another provider than the one that needs it. Both Moonshot
 * choices write provider `moonshot` (`moonshot-api-key-cn` with the .cn baseUrl), as OpenClaw's
 * do: a keyless `moonshot-cn/kimi-k2.5` stays keyless after `openclaw onboard --auth-choice
 * moonshot-api-key-cn`, and the model that now works is `moonshot/kimi-k2.5`. Advice for such a
 * provider says both ways: its variable makes it usable as it is, onboard makes the other ref work.
 */
import type { Env } from "../config/index.js";
import type { EndpointId } from "./public-endpoints.js";
import {
  endpointBaseUrl,
  endpointOfBaseUrl,
  onboardCommandFor,
  platformName,
  publicEndpointOf,
} from "./public-endpoints.js";

/** The provider each endpoint's onboard choice writes (src/onboard/choices.ts agrees). */
export const ONBOARD_PROVIDERS: Record<EndpointId, string> = {
  "moonshot-ai": "moonshot",
  "moonshot-cn": "moonshot",
  "kimi-code": "kimi-code",
};

/** Where a person makes a key for each endpoint. */
const KEY_CONSOLES: Record<EndpointId, string> = {
  "moonshot-ai": "platform.moonshot.ai",
  "moonshot-cn": "platform.moonshot.cn",
  "kimi-code": "kimi.com/code",
};

export interface OnboardDetour {
  /** `openclaw onboard --auth-choice moonshot-api-key-cn` */
  command: string;
  /** The provider that command stores the key for: `moonshot`. */
  provider: string;
  /** Where it points that provider: `the China platform (api.moonshot.cn)`. */
  platform: string;
  /** Where a key for this endpoint is made: `platform.moonshot.cn`. */
  console: string;
}

/**
 * The detour onboarding takes for `provider` at `baseUrl`: its command, and the provider that
 * command stores the key for instead. Undefined when the command stores this provider's own key
 * (`moonshot` at either region) or onboarding knows no command for the endpoint.
 */
export function onboardDetour(
  provider: string,
  baseUrl: string,
  env: Env,
): OnboardDetour | undefined {
  const endpoint = endpointOfBaseUrl(baseUrl, env) ?? publicEndpointOf(baseUrl);
  const command = onboardCommandFor(baseUrl, env);
  if (endpoint === undefined || command === undefined) return undefined;
  const written = ONBOARD_PROVIDERS[endpoint];
  if (written === provider) return undefined;
  return {
    command,
    provider: written,
    platform: platformName(written, endpointBaseUrl(endpoint, env), env),
    console: KEY_CONSOLES[endpoint],
  };
}

/**
 * `export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is`:
 * the way that keeps the ref asked for. `modelId` undefined names all of the provider's models.
 */
export function detourExport(
  detour: OnboardDetour,
  variable: string,
  provider: string,
  modelId: string | undefined,
): string {
  return `export ${variable}=<key from ${detour.console}> to use ${provider}/${modelId ?? "*"} as it is`;
}

/**
 * `run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider
 * moonshot on the China platform (api.moonshot.cn): then use moonshot/kimi-k2.5`. `prefix`: the
 * words before the command (`OPENCLAW_STATE_DIR=/that/dir `).
 */
export function detourOnboard(
  detour: OnboardDetour,
  modelId: string | undefined,
  prefix = "",
): string {
  return `run: ${prefix}${detour.command}, which stores the key for provider ${detour.provider} on ${detour.platform}: then use ${detour.provider}/${modelId ?? "<model>"}`;
}
