/**
 * Each provider's key tried against its own endpoint (one `GET /models`), as `models status
 * --probe` and `doctor --probe` do. A key Moonshot or Kimi Code rejects is also tried on the
 * other public endpoints (the other region, the other provider), so a mix-up is named as such.
 */
import {
  type CheckKeyFn,
  type Credit,
  checkKey,
  createKeyResolver,
  createTargetKeyResolver,
  creditPath,
  creditSourceOfProvider,
  endpointOfBaseUrl,
  type KeyCheckResult,
  keyEndpointOf,
  lookUpCredit,
  NEXT_COMMAND,
  onboardCommandFor,
  platformName,
  probeCredit,
  replaceKeyFix,
} from "../auth/index.js";
import { keyAlternativesUnder } from "../auth/key-home.js";
import {
  apiKeyVariableWords,
  type EnvKey,
  envKeyOf,
  ownKeyNeededWords,
  ownKeyRefusedWords,
  takesKeyMadeForItsHost,
} from "../auth/key-variable.js";
import { keyCheckEndpointOfModel } from "../auth/model-key-endpoint.js";
import { baseUrlSetting, builtInBaseUrl, PROXY_VARIABLES } from "../catalog/base-url-setting.js";
import { chosenProviders } from "../catalog/borrowed-key.js";
import { type Catalog, type ResolvedModel, resolveModel } from "../catalog/index.js";
import type { Env } from "../config/index.js";
import { loopbackRefusedHintForUrl } from "../providers/connect-failure.js";
import { sideRequestUrl } from "../providers/endpoint-url.js";
import { type ProxySettings, proxySettingsFromEnv } from "../providers/proxy.js";
import { userAgentHint } from "../providers/user-agent-hint.js";
import { detourStanding } from "../runtime/detour-standing.js";
import { keySourcePlacer } from "../runtime/key-source-place.js";
import { refusedKeyConfig } from "../runtime/refused-key-config.js";
import { displayUrl } from "../util/display-url.js";

import type { ModelsStatus, ViewContext } from "./models-view.js";

export interface KeyProbe {
  provider: string;
  result: KeyCheckResult;
  /** What the key has left (balance or plan quota), when it works on a Moonshot or Kimi Code endpoint. */
  credit?: Credit;
  /**
   * Why the balance or plan quota could not be read, for a Moonshot or Kimi Code provider (by its
   * id) at an address of its own, a proxy or a mirror: where it was asked and what came back.
   */
  creditUnreadable?: { kind: "balance" | "quota"; url: string; reason: string };
  /**
   * The provider that accepted this one's environment key, when this one refused it and the
   * config chooses none of this one's models: the other Moonshot region, which only shares the
   * variable. Told as a warning, not a failure: nothing the user chose depends on it.
   */
  keyBelongsTo?: string;
}

/** A probe with where its key came from, before `sharedKeyVerdicts` reads them together. */
interface ProbeWithKey {
  probe: KeyProbe;
  baseUrl: string;
  envKey: EnvKey | undefined;
}

/**
 * A provider that refused an environment key which another provider reading the same variable
 * accepted, and that the config does not choose (the built-in `moonshot-cn` beside `moonshot` on
 * one MOONSHOT_API_KEY): its probe says which platform the key is of, and how to use this one.
 * Said between Moonshot's and Kimi's hosts only: a provider elsewhere (an OpenAI-compatible relay
 * given `${MOONSHOT_API_KEY}`) that refuses it is told it needs a key of its own, chosen or not;
 * one of the user's own refusing a variable's key that no provider took, that the key there is not
 * one it takes (put one made for it there, unless another provider reads that variable too), as
 * the gateway's start says it.
 */
function sharedKeyVerdicts(probes: ProbeWithKey[], catalog: Catalog, env: Env): KeyProbe[] {
  const chosen = chosenProviders(catalog);
  const atPlatformHost = (baseUrl: string) => keyEndpointOf(baseUrl, env) !== undefined;
  return probes.map(({ probe, baseUrl, envKey }) => {
    const refused = probe.result.status === "invalid" || probe.result.status === "wrong_region";
    if (!refused || envKey === undefined) return probe;
    const accepters = probes.filter(
      (other) =>
        other.probe.provider !== probe.provider &&
        other.probe.result.status === "valid" &&
        other.envKey?.variable === envKey.variable &&
        other.envKey.fingerprint === envKey.fingerprint,
    );
    if (!atPlatformHost(baseUrl)) {
      const status = probe.result.httpStatus;
      if (status === undefined) return probe;
      // A failure still: the provider's requests fail until it has a key it takes. Worded as the
      // gateway's start words it, with the status the provider answered (a 401 or a 403).
      const refusing = { provider: probe.provider, baseUrl, status };
      const owner = `${probe.provider}'s`;
      const accepter = accepters[0];
      // A built-in Moonshot or Kimi Code provider at an address of its own (a mirror) keeps the
      // rejected key's advice: its key is made at Moonshot's or Kimi's, not at that address.
      if (accepter === undefined && !takesKeyMadeForItsHost(catalog, probe.provider)) return probe;
      const readAlsoBy = probes
        .filter(
          (other) =>
            other.probe.provider !== probe.provider && other.envKey?.variable === envKey.variable,
        )
        .map((other) => other.probe.provider);
      const { lead, hint } =
        accepter === undefined
          ? ownKeyRefusedWords(envKey, refusing, owner, readAlsoBy)
          : ownKeyNeededWords(envKey, refusing, owner, accepter.probe.provider);
      return { ...probe, result: { ...probe.result, message: lead, hint } };
    }
    if (chosen.has(probe.provider)) return probe;
    const accepter = accepters.find((other) => atPlatformHost(other.baseUrl));
    if (accepter === undefined) return probe;
    const onboard = onboardCommandFor(baseUrl, env);
    const platform = platformName(probe.provider, baseUrl, env);
    // A provider whose apiKey names the variable is not one onboarding stores a key for: that
    // setting is what to change. Else onboarding the other region points the configured provider
    // at it: a switch of region, said by the platform as the gateway says it (that command
    // writes `moonshot`, not moonshot-cn).
    const byApiKey = apiKeyVariableWords(envKey, `${probe.provider}'s`, platform);
    const hint = byApiKey
      ? byApiKey.hint
      : onboard
        ? `to use ${platform} instead, run with a key made there: ${onboard}`
        : `to use ${probe.provider}, set models.providers.${probe.provider}.apiKey`;
    const through = byApiKey ? `, read through ${byApiKey.through}` : "";
    return {
      ...probe,
      keyBelongsTo: accepter.probe.provider,
      result: {
        ...probe.result,
        message: `${envKey.variable} is a key of ${platformName(accepter.probe.provider, accepter.baseUrl, env)}, which ${accepter.probe.provider} uses: ${platform} refused it (401)${through}; your config chooses none of ${probe.provider}'s models`,
        hint,
      },
    };
  });
}

/** Probes, in parallel, the providers given (those with a usable key); others are skipped. */
export async function probeProviderKeys(input: {
  catalog: Catalog;
  env: Env;
  agentDir: string;
  providers: string[];
  checkKey: CheckKeyFn;
  /** The proxies to reach the endpoints through; the process environment's by default. */
  proxy?: ProxySettings;
}): Promise<KeyProbe[]> {
  const proxy = input.proxy ? { proxy: input.proxy } : {};
  const resolveKey = createKeyResolver({ agentDir: input.agentDir, env: input.env });
  const findTargetKey = createTargetKeyResolver({ agentDir: input.agentDir, env: input.env });
  const open: Catalog = { ...input.catalog, allowlist: undefined };
  const probes = input.providers.map(async (providerId): Promise<ProbeWithKey | undefined> => {
    const first = input.catalog.providers.get(providerId)?.models[0];
    if (!first) return undefined;
    let model: ReturnType<typeof resolveModel>;
    try {
      model = resolveModel(open, `${providerId}/${first.id}`);
    } catch {
      return undefined; // the key status already says why this provider cannot be used
    }
    const key = resolveKey(model);
    if (!key) return undefined;
    const target = keyCheckEndpointOfModel(model);
    const checked = await input.checkKey({
      target,
      key: key.value,
      alternatives: keyAlternativesUnder(model.baseUrl, providerId, input.env, {
        modelId: model.id,
        ...(model.baseUrlAt !== undefined ? { baseUrlAt: model.baseUrlAt } : {}),
        ...refusedKeyConfig(input.catalog),
      }),
      ...proxy,
    });
    // A refused client is told as a request's refusal is: the User-Agent this model sent, and
    // where one that wins goes (a model's own header wins over the provider's).
    // A rejected key: where it was read from and the onboard command, as a refused request says.
    const result =
      checked.status === "unreachable" && checked.genericUnreachableHint
        ? withHint(
            checked,
            unreachableHint(target.label, input.catalog, model, checked.connectCode),
          )
        : checked.status === "forbidden_client"
          ? { ...checked, hint: userAgentHint({ model }) }
          : checked.status === "invalid"
            ? {
                ...checked,
                hint: `${checked.hint ? `${checked.hint}; ` : ""}${replaceKeyFix(
                  model,
                  key.source,
                  input.env,
                  undefined,
                  undefined,
                  NEXT_COMMAND,
                  // After onboarding China's choice: moonshot/<id> named, not that command again.
                  detourStanding(
                    input.catalog,
                    model,
                    undefined,
                    input.env,
                    (keyTarget) => findTargetKey(keyTarget)?.source,
                    key.source,
                  ),
                )}`,
              }
            : checked;
    // A key that works where it is configured: what it has left, from the endpoint's account API.
    // A Moonshot or Kimi Code provider at an address of its own (a proxy, a mirror) is asked at
    // that address, where its key already goes: told why when the answer is no balance.
    const works = result.status === "valid" && result.acceptedBy?.baseUrl === target.baseUrl;
    const known = endpointOfBaseUrl(model.baseUrl, input.env);
    const byId = known ? undefined : creditSourceOfProvider(providerId);
    let credit: Credit | undefined;
    let creditUnreadable: KeyProbe["creditUnreadable"];
    if (works && known)
      credit = await probeCredit(target, known, key.value, undefined, input.proxy);
    else if (works && byId) {
      const lookup = await lookUpCredit(target, byId, key.value, undefined, input.proxy);
      if (lookup && "credit" in lookup) credit = lookup.credit;
      else if (lookup)
        creditUnreadable = {
          kind: byId === "kimi-code" ? "quota" : "balance",
          // The URL asked, as it was asked: a base URL's query after the path, its login (a
          // user or a password, sent as a header) left out, a key-named query value masked.
          url: displayUrl(sideRequestUrl(model.baseUrl, model.api, creditPath(byId))),
          reason: lookup.unreadable,
        };
    }
    return {
      probe: {
        provider: providerId,
        // Shown (`models status --probe --json`): the base URL's password and key-named query
        // values masked, as the label beside it and the provider's own baseUrl are.
        result: result.acceptedBy
          ? {
              ...result,
              acceptedBy: { ...result.acceptedBy, baseUrl: displayUrl(result.acceptedBy.baseUrl) },
            }
          : result,
        ...(credit ? { credit } : {}),
        ...(creditUnreadable ? { creditUnreadable } : {}),
      },
      baseUrl: model.baseUrl,
      envKey: envKeyOf(key, keySourcePlacer(input.catalog.source)),
    };
  });
  const done = (await Promise.all(probes)).filter(
    (probe): probe is ProbeWithKey => probe !== undefined,
  );
  return sharedKeyVerdicts(done, input.catalog, input.env);
}

/**
 * What to check when a probe could not reach an endpoint: asking again (`models status --probe`,
 * which the key check's own hint names) would only probe again. A built-in address is right as
 * it is: the network is what to check, then the key that points it elsewhere.
 */
function unreachableHint(
  url: string,
  catalog: Catalog,
  model: ResolvedModel,
  code: string | undefined,
): string {
  const refused = loopbackRefusedHintForUrl(
    code,
    url,
    `the base URL (${baseUrlPlace(catalog, model)})`,
  );
  if (refused !== undefined) return `the key was not verified; ${refused}`;
  const builtIn = builtInBaseUrl(model);
  if (builtIn)
    return `the key was not verified; ${builtIn.said}, so check the network and any proxy (${PROXY_VARIABLES}) between this machine and it; ${builtIn.elsewhere}`;
  return `the key was not verified; check the base URL ${url} (${baseUrlPlace(catalog, model)}), then the network and any proxy (${PROXY_VARIABLES}) between this machine and it`;
}

/**
 * Where `model`'s base URL is set: its dotted path, with `file:line` when the config file holds
 * it, after the variables it names when it names some.
 */
function baseUrlPlace(catalog: Catalog, model: ResolvedModel): string {
  if (model.baseUrlOrigin?.kind === "variable") return baseUrlSetting(model);
  const provider = catalog.providers.get(model.provider);
  const path = `${provider?.configPath ?? `models.providers.${model.provider}`}.baseUrl`;
  return model.baseUrlAt !== undefined ? `${path}, ${model.baseUrlAt}` : path;
}

/**
 * The providers of a `models status` that have a usable key, probed through the proxy of the
 * shell or the config's `env` block (a bad proxy variable is shown by the status itself).
 */
export function probeStatusKeys(
  context: ViewContext,
  status: ModelsStatus,
  check: CheckKeyFn = checkKey,
): Promise<KeyProbe[]> {
  let proxy: ProxySettings | undefined;
  try {
    proxy = proxySettingsFromEnv(context.env);
  } catch {
    // status.proxyProblem says it; each probe then reports the endpoint as unreachable
  }
  return probeProviderKeys({
    ...(proxy ? { proxy } : {}),
    catalog: context.catalog,
    env: context.env,
    agentDir: context.agentDir,
    providers: status.providers.filter((provider) => provider.active).map((p) => p.provider),
    checkKey: check,
  });
}

/**
 * Why the default cannot work after all: the key of the model that answers it was rejected when
 * probed, or a proxy on the way refused its login (no request gets through it either). An
 * endpoint merely not reached may answer later: not a failure.
 */
export function defaultKeyRejected(
  status: ModelsStatus,
  probes: KeyProbe[] | undefined,
): { provider: string; message: string; hint: string | undefined } | undefined {
  // The model that answers the default: the primary, or the fallback in place of one left out.
  const answering = status.chain[0] ?? status.default;
  if (!probes || !answering) return undefined;
  const provider = answering.slice(0, answering.indexOf("/"));
  const probe = probes.find((entry) => entry.provider === provider);
  const outcome = probe?.result.status;
  if (!probe || outcome === "valid" || outcome === "unreachable") return undefined;
  const whose =
    answering === status.default
      ? "the default model's provider"
      : `the provider of ${answering}, which answers the default`;
  return {
    provider,
    message:
      outcome === "proxy_auth"
        ? `requests to ${provider} (${whose}) cannot get through the proxy: ${probe.result.message}`
        : `the key for ${provider} (${whose}) was not accepted: ${probe.result.message}`,
    hint: probe.result.hint,
  };
}

/** `checked` with `hint` in place of its generic one (the flag saying so is not shown in --json). */
function withHint(checked: KeyCheckResult, hint: string): KeyCheckResult {
  const { genericUnreachableHint: _replaced, ...rest } = checked;
  return { ...rest, hint };
}
