/**
 * When onboarding stores a key for another provider than the one that needs it. Both Moonshot
 * choices write provider `moonshot` (`moonshot-api-key-cn` with the .cn baseUrl), as OpenClaw's
 * do: a keyless `moonshot-cn/kimi-k2.5` stays keyless after `openclaw onboard --auth-choice
 * moonshot-api-key-cn`, and the model that now works is `moonshot/kimi-k2.5`. Advice for such a
 * provider says both ways: its variable makes it usable as it is, onboard makes the other ref work.
 */
import type { Env } from "../config/index.js";
import { andList } from "../util/and-list.js";
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

/** The onboarding command that sets up a key for an endpoint when the provider named there is another one (`moonshot-cn` → `moonshot` at api.moonshot.cn). */
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
 * The `openclaw onboard --auth-choice …` that stores `provider`'s own key (at `baseUrl`, a public
 * endpoint); undefined when onboarding knows none, or its choice stores another provider's key
 * (a detour): then only the bare `openclaw onboard` fits.
 */
export function ownOnboardCommand(provider: string, baseUrl: string, env: Env): string | undefined {
  if (onboardDetour(provider, baseUrl, env) !== undefined) return undefined;
  return onboardCommandFor(baseUrl, env);
}

/**
 * A provider the user configured or chose a model of that would take the key a detour's export
 * sets: it reads the same variable, and nothing ahead of it holds a key (the built-in `moonshot`,
 * or one whose `apiKey` is `"${MOONSHOT_API_KEY}"`), at another endpoint than the key's.
 */
export interface VariableSharer {
  /** Its id. */
  provider: string;
  /** Where it would send the key: `the international platform (api.moonshot.ai)`. */
  platform: string;
  /** Its endpoint is another public one: the key certainly does not work there. */
  refuses: boolean;
}

/** What the other providers make of a detour, as the advice has to say it. */
export interface DetourStanding {
  /**
   * The provider the detour's command writes reaches this endpoint with a key already
   * (`moonshot` at api.moonshot.cn after `--auth-choice moonshot-api-key-cn`): the command was run.
   */
  onboarded: boolean;
  /** The providers that would also take the key the detour's export sets. */
  sharers: readonly VariableSharer[];
  /**
   * Where the provider the command writes is now, when the user configured it or chose a model
   * of it at another endpoint (`the international platform (api.moonshot.ai)`): the command
   * moves it from there, so that is said too.
   */
  movesFrom?: string;
}

/** No other provider in the way: the advice as it is when nothing else was set up. */
export const NO_DETOUR_STANDING: DetourStanding = { onboarded: false, sharers: [] };

/**
 * `export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is`:
 * the way that keeps the ref asked for. `modelId` undefined names all of the provider's models.
 * With `sharers`, said with what else it changes: the variable is their key too.
 */
export function detourExport(
  detour: OnboardDetour,
  variable: string,
  provider: string,
  modelId: string | undefined,
  sharers: readonly VariableSharer[] = [],
): string {
  return `export ${variable}=<key from ${detour.console}> to use ${provider}/${modelId ?? "*"} as it is${sharedVariableCaveat(sharers)}`;
}

/**
 * `, but moonshot reads that variable too and would send that key to the international platform
 * (api.moonshot.ai), where it does not work`: a Moonshot key works in one region only.
 */
export function sharedVariableCaveat(sharers: readonly VariableSharer[]): string {
  if (sharers.length === 0) return "";
  const platforms = [...new Set(sharers.map((sharer) => sharer.platform))];
  const refused = sharers.every((sharer) => sharer.refuses) ? ", where it does not work" : "";
  return `, but ${andList(sharers.map((sharer) => sharer.provider))} ${sharers.length > 1 ? "read" : "reads"} that variable too and would send that key to ${andList(platforms)}${refused}`;
}

/**
 * The way that makes the other provider's ref work: the onboard command
 * (see detourOnboard), or, when it was run already, that ref itself (see detourReady).
 */
export function detourOtherRef(
  detour: OnboardDetour,
  standing: DetourStanding,
  modelId: string | undefined,
  prefix = "",
): string {
  if (standing.onboarded) return detourReady(detour, modelId);
  return detourOnboard(detour, modelId, prefix, standing.movesFrom);
}

/**
 * `run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider
 * moonshot on the China platform (api.moonshot.cn): then use moonshot/kimi-k2.5`. `prefix`: the
 * words before the command (`OPENCLAW_STATE_DIR=/that/dir `). `movesFrom`: where that provider
 * is now, when the user relies on it elsewhere (`…, which moves provider moonshot from the
 * international platform (api.moonshot.ai) to the China platform (api.moonshot.cn) and stores
 * the key for it: …`).
 */
export function detourOnboard(
  detour: OnboardDetour,
  modelId: string | undefined,
  prefix = "",
  movesFrom?: string,
): string {
  const does = movesFrom
    ? `moves provider ${detour.provider} from ${movesFrom} to ${detour.platform} and stores the key for it`
    : `stores the key for provider ${detour.provider} on ${detour.platform}`;
  return `run: ${prefix}${detour.command}, which ${does}: then use ${detour.provider}/${modelId ?? "<model>"}`;
}

/**
 * `use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform
 * (api.moonshot.cn)`: after the onboarding, the ref that works now, not the command again.
 */
export function detourReady(detour: OnboardDetour, modelId: string | undefined): string {
  return `use ${detour.provider}/${modelId ?? "<model>"} instead: provider ${detour.provider} already has a key for ${detour.platform}`;
}
