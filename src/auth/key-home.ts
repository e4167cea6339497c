/**
 * Where a rejected key belongs. Moonshot's two regions and Kimi Code issue keys that look alike
 * and are refused everywhere but at home, and people mix them up all the time; so when one of
 * these endpoints refuses a key, the others are asked (one `GET /models` each) and a key that
 * works elsewhere is named as such, with what to change.
 */
import type { Env } from "../config/index.js";
import {
  checkKey,
  type KeyCheckAlternative,
  type KeyCheckEndpoint,
  type KeyCheckResult,
} from "./key-check.js";
import { checkKeyShape } from "./key-shape.js";
import { type EndpointId, endpointOfBaseUrl, endpointTarget } from "./public-endpoints.js";

/** Kimi Code refuses clients it does not know, so it is asked as kimi-cli, like the docs' config. */
const KIMI_CODE_HEADERS = { "User-Agent": "KimiCLI/0.77" };

function endpoint(id: EndpointId, env: Env): KeyCheckEndpoint {
  const target = endpointTarget(id, env);
  return id === "kimi-code" ? { ...target, headers: KIMI_CODE_HEADERS } : target;
}

/**
 * The other public endpoints a key refused at `baseUrl` may belong to, each with what to do if it
 * does (in terms of the config's provider `provider`), and the provider each is (so that a key
 * that cannot be that provider's by its shape is not sent there). None when `baseUrl` is not one
 * of them.
 */
export function keyAlternatives(
  baseUrl: string,
  provider: string,
  env: Env,
): KeyCheckAlternative[] {
  const here = endpointOfBaseUrl(baseUrl, env);
  if (here === undefined) return [];
  const region = (id: "moonshot-ai" | "moonshot-cn"): KeyCheckAlternative => {
    const other = endpoint(id, env);
    return {
      ...other,
      relation: "region",
      provider: id === "moonshot-cn" ? "moonshot-cn" : "moonshot",
      advice: `set models.providers.${provider}.baseUrl to ${other.baseUrl} (this key belongs to that region)`,
    };
  };
  const moonshot = (id: "moonshot-ai" | "moonshot-cn"): KeyCheckAlternative => ({
    ...endpoint(id, env),
    relation: "provider",
    provider: id === "moonshot-cn" ? "moonshot-cn" : "moonshot",
    advice: `this is a Moonshot platform key: give ${provider} a Kimi Code key (sk-kimi-…, from kimi.com), and use this one for Moonshot (openclaw onboard --auth-choice ${id === "moonshot-cn" ? "moonshot-api-key-cn" : "moonshot-api-key"})`,
  });
  const kimiCode: KeyCheckAlternative = {
    ...endpoint("kimi-code", env),
    relation: "provider",
    provider: "kimi-code",
    advice: `this is a Kimi Code key: use it for provider kimi-code (openclaw onboard --auth-choice kimi-code-api-key), and give ${provider} a Moonshot platform key`,
  };
  if (here === "moonshot-ai") return [region("moonshot-cn"), kimiCode];
  if (here === "moonshot-cn") return [region("moonshot-ai"), kimiCode];
  return [moonshot("moonshot-ai"), moonshot("moonshot-cn")];
}

/** How long each of the other endpoints gets to answer. */
const PROBE_TIMEOUT_MS = 5_000;

/** What a key-home lookup finds: the endpoint that takes the key, and what to do about it. */
export interface KeyHome {
  status: Extract<KeyCheckResult["status"], "wrong_region" | "wrong_provider">;
  /** One sentence, naming where the key works; holds no key. */
  message: string;
  hint: string;
}

export type FindKeyHome = (
  baseUrl: string,
  provider: string,
  key: string,
) => Promise<KeyHome | undefined>;

/**
 * A lookup of where rejected keys belong, remembered per endpoint and key for the process (a
 * rejected key is usually sent again, and the answer does not change): undefined for a key no
 * other endpoint takes, or an endpoint that is not Moonshot's or Kimi Code's.
 */
export function createKeyHomeFinder(env: Env, check = checkKey): FindKeyHome {
  const found = new Map<string, Promise<KeyHome | undefined>>();
  return (baseUrl, provider, key) => {
    const alternatives = keyAlternatives(baseUrl, provider, env);
    if (alternatives.length === 0) return Promise.resolve(undefined);
    const memo = `${baseUrl}\u0000${provider}\u0000${key}`;
    let pending = found.get(memo);
    if (pending === undefined) {
      // Ask the others only: the caller has just been refused at `baseUrl`.
      pending = lookElsewhere(alternatives, key, check);
      if (found.size >= 64) found.clear();
      found.set(memo, pending);
    }
    return pending;
  };
}

async function lookElsewhere(
  alternatives: KeyCheckAlternative[],
  key: string,
  check: typeof checkKey,
): Promise<KeyHome | undefined> {
  for (const alternative of alternatives) {
    // A key that cannot be this provider's (a sk-kimi- key for Moonshot) is not sent there.
    if (alternative.provider !== undefined && checkKeyShape(alternative.provider, key)) continue;
    const result = await check({ target: alternative, key, timeoutMs: PROBE_TIMEOUT_MS }).catch(
      () => undefined,
    );
    if (result?.status !== "valid") continue;
    return {
      status: alternative.relation === "region" ? "wrong_region" : "wrong_provider",
      message: `the key works on ${alternative.label}`,
      hint: alternative.advice,
    };
  }
  return undefined;
}
