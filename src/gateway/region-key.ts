/**
 * One environment key read by two providers (MOONSHOT_API_KEY: the built-in `moonshot` and
 * `moonshot-cn`). A Moonshot key works in one region only, so at the start's discovery the other
 * region answers 401 every time, and its models could never answer a request. Which provider
 * refused the key another accepted, or that every one refused it, is read from the discovery's
 * outcomes here; pure: no key is read, only where it came from and its fingerprint. A provider
 * of one's own whose apiKey is `${MOONSHOT_API_KEY}` reads the variable as much as a built-in one
 * does, and is named by the place that says so. Which platform a key is of is said between
 * Moonshot's and Kimi's hosts only: a provider elsewhere (an OpenAI-compatible relay) that refuses
 * the key is told it needs a key of its own, or, when no provider took that key, that the key its
 * variable holds is not one it takes, with where its apiKey names the variable. A built-in Moonshot
 * or Kimi Code provider at an address of its own (a mirror) is not such a provider: its key is
 * made at Moonshot's or Kimi's, and its refusal is said as one at Moonshot's own hosts is.
 */
import { keyEndpointOf, onboardCommandFor, platformName } from "../auth/index.js";
import {
  apiKeyVariableWords,
  ownKeyNeededWords,
  ownKeyRefusedWords,
  type RefusalWords,
  takesKeyMadeForItsHost,
} from "../auth/key-variable.js";
import type { Catalog } from "../catalog/index.js";
import type { Env } from "../config/env.js";
import { type CallerKeyLookup, callerRefusedKeyFix } from "../runtime/caller-key-lookup.js";
import { urlHost } from "../util/url-host.js";
import type { GatewayModel, ModelDirectory } from "./model-directory.js";
import type { DiscoveryOutcome, DiscoveryTarget } from "./model-discovery.js";

/** A provider asked with an environment key (variable and fingerprint) and what it answered. */
export interface AskedWithEnvKey {
  target: DiscoveryTarget & { envKey: NonNullable<DiscoveryTarget["envKey"]> };
  outcome: DiscoveryOutcome;
}

/**
 * `other-region`: `refused` answered 401 to the key `accepted` listed its models with, both at
 * Moonshot's or Kimi's hosts: the key belongs to the accepted one's platform. `own-key-needed`: the
 * same, `refused` at another host, which wants a key of its own (`status`: its 401, or its 403
 * about the key). `own-key-refused`: `refused` at another host answered `status` to the key of
 * `variable` and no provider accepted it: the key there is not one it takes; `readAlsoBy`, the
 * other providers of the config that read `variable` too (asked this round or not), whose key one
 * made for the relay put there would displace.
 * `refused-by-all`: every provider at Moonshot's or Kimi's hosts reading that variable refused it.
 */
export type RegionKeyVerdict =
  | ({ kind: "other-region" } & RefusedWhereAccepted)
  | ({ kind: "own-key-needed"; status: number } & RefusedWhereAccepted)
  | {
      kind: "own-key-refused";
      variable: string;
      refused: AskedWithEnvKey["target"];
      status: number;
      readAlsoBy: string[];
    }
  | { kind: "refused-by-all"; variable: string; refused: AskedWithEnvKey["target"][] };

/**
 * What a discovery's verdicts are read against besides its outcomes. `catalog`: the served
 * config's, whose providers are one's own (takesKeyMadeForItsHost); `targets`: every provider of
 * that config the discovery asks, asked this round or before, with where its key comes from
 * (who else reads a variable); `acceptedBefore`: providers that listed their models earlier with
 * such a key (a reload asks only the providers it changed).
 */
export interface DiscoveryConfig {
  catalog: Pick<Catalog, "providers">;
  targets: readonly DiscoveryTarget[];
  acceptedBefore: readonly DiscoveryTarget[];
}

/** A provider that refused the key of `variable` which `accepted` listed its models with. */
interface RefusedWhereAccepted {
  variable: string;
  refused: AskedWithEnvKey["target"];
  accepted: DiscoveryTarget;
}

/**
 * The status `outcome` refused the key with, if it did: a 401; at another host (a relay), a 403
 * about the key too, as some relays answer a key they did not issue (isRejection).
 */
function refusedKey(outcome: DiscoveryOutcome, elsewhere: boolean): number | undefined {
  if (outcome.kind !== "failed") return undefined;
  if (outcome.status === 401 || (elsewhere && outcome.keyRefused === true)) return outcome.status;
  return undefined;
}

/** Whether `target` sends its keys to Moonshot's or Kimi's hosts (the tests' stand-ins included). */
function atPlatformHost(target: DiscoveryTarget, env: Env): boolean {
  return keyEndpointOf(target.endpoint.baseUrl, env) !== undefined;
}

/**
 * The verdicts of one discovery. `asked`: this round's targets with an environment key and their
 * outcomes; `config`: what they are read against (DiscoveryConfig). Only a 401 counts (and a
 * relay's 403 about the key): a timeout or a 5xx says nothing of a key.
 * `env`: where the Moonshot and Kimi Code endpoints are (their override variables).
 */
export function regionKeyVerdicts(
  asked: readonly AskedWithEnvKey[],
  env: Env,
  config: DiscoveryConfig,
): RegionKeyVerdict[] {
  const accepted = [
    ...config.acceptedBefore,
    ...asked.filter(({ outcome }) => outcome.kind === "listed").map(({ target }) => target),
  ];
  const verdicts: RegionKeyVerdict[] = [];
  const refusedByVariable = new Map<string, AskedWithEnvKey["target"][]>();
  for (const { target, outcome } of asked) {
    const elsewhere = !atPlatformHost(target, env);
    const status = refusedKey(outcome, elsewhere);
    if (status === undefined) continue;
    const sameKey = (other: DiscoveryTarget) =>
      other.provider !== target.provider &&
      other.envKey?.variable === target.envKey.variable &&
      other.envKey.fingerprint === target.envKey.fingerprint;
    // A relay's refusal says the key is not its own, nothing of which Moonshot platform it is of:
    // it is not counted among the refusals of the variable either.
    const accepter = elsewhere ? accepted.find(sameKey) : undefined;
    if (accepter !== undefined) {
      verdicts.push({
        kind: "own-key-needed",
        variable: target.envKey.variable,
        refused: target,
        status,
        accepted: accepter,
      });
      continue;
    }
    if (elsewhere && takesKeyMadeForItsHost(config.catalog, target.provider)) {
      verdicts.push({
        kind: "own-key-refused",
        variable: target.envKey.variable,
        refused: target,
        status,
        readAlsoBy: readersOf(target, config.targets),
      });
      continue;
    }
    // A built-in Moonshot or Kimi Code provider at an address of its own (a mirror) refused a key
    // made at Moonshot's or Kimi's: counted as a refusal there is, a 401 alone.
    if (status !== 401) continue;
    const sameKeyAt = accepted.find((other) => sameKey(other) && atPlatformHost(other, env));
    if (sameKeyAt !== undefined) {
      verdicts.push({
        kind: "other-region",
        variable: target.envKey.variable,
        refused: target,
        accepted: sameKeyAt,
      });
      continue;
    }
    const group = refusedByVariable.get(target.envKey.variable) ?? [];
    group.push(target);
    refusedByVariable.set(target.envKey.variable, group);
  }
  for (const [variable, refused] of refusedByVariable) {
    if (refused.length > 1) verdicts.push({ kind: "refused-by-all", variable, refused });
  }
  return verdicts;
}

/** The providers other than `target` among `targets` that read its variable, each named once. */
function readersOf(
  target: AskedWithEnvKey["target"],
  targets: readonly DiscoveryTarget[],
): string[] {
  const readers = targets
    .filter(
      (other) =>
        other.provider !== target.provider && other.envKey?.variable === target.envKey.variable,
    )
    .map((other) => other.provider);
  return [...new Set(readers)];
}

/** "the international platform (api.moonshot.ai)", or the provider and its host when unknown. */
function platformOf(target: DiscoveryTarget, env: Env): string {
  return platformName(target.provider, target.endpoint.baseUrl, env);
}

/** Whose gateway a verdict is said for, so that its fix reaches the gateway's keys. */
export interface VerdictWords {
  /**
   * What a shell needs before `openclaw` to read the gateway's state dir and config
   * (`OPENCLAW_STATE_DIR=… `; "" when they are the shell's own).
   */
  commandPrefix: string;
  /** A program's own resolveKey, which every key came from whatever source it named. */
  ownLookup?: CallerKeyLookup;
  /** The function a program gave its config to as an object (`startGateway`), which no command reads. */
  configObject?: string;
}

/** The words of a gateway on the shell's own config file (the CLI's). */
export const SHELL_VERDICT_WORDS: VerdictWords = { commandPrefix: "" };

/** What ends the fix of a refused environment key, and where that key is said to come from. */
function refusalWords(words: VerdictWords): RefusalWords {
  return {
    ...(words.ownLookup ? { readBy: `returned by ${words.ownLookup.name}` } : {}),
    afterFix: words.configObject
      ? `then call ${words.configObject} again: it reads its config object and env when called`
      : `then check it with: ${words.commandPrefix}openclaw models status --probe`,
  };
}

/** The fix of `target`'s refused key when the program's own lookup returned it. */
function ownLookupFix(lookup: CallerKeyLookup, target: AskedWithEnvKey["target"]): string {
  const source = { kind: "env", variable: target.envKey.variable } as const;
  return callerRefusedKeyFix(lookup)({ provider: target.provider }, source);
}

/**
 * What the gateway says of a verdict, and what to do. Names variables and hosts, never a key.
 * `words`: whose gateway it is said for (VerdictWords).
 */
export function regionKeyMessage(
  verdict: RegionKeyVerdict,
  env: Env,
  words: VerdictWords = SHELL_VERDICT_WORDS,
): { message: string; hint: string } {
  const { ownLookup } = words;
  if (verdict.kind === "own-key-needed" || verdict.kind === "own-key-refused") {
    const { refused, status } = verdict;
    const refusing = { provider: refused.provider, baseUrl: refused.endpoint.baseUrl, status };
    const said = refusalWords(words);
    const { lead, hint } =
      verdict.kind === "own-key-needed"
        ? ownKeyNeededWords(refused.envKey, refusing, "its", verdict.accepted.provider, said)
        : ownKeyRefusedWords(refused.envKey, refusing, "its", verdict.readAlsoBy, said);
    return {
      message: `${lead}; /v1/models lists its configured models as they are`,
      hint: ownLookup ? ownLookupFix(ownLookup, refused) : hint,
    };
  }
  if (verdict.kind === "other-region") {
    const { refused, accepted, variable } = verdict;
    const where = platformOf(refused, env);
    const byApiKey = apiKeyVariableWords(refused.envKey, "its", where);
    const onboard = onboardCommandFor(refused.endpoint.baseUrl, env);
    // Onboarding the other region points the configured provider at it (one region at a time):
    // said as a switch, not as a second key beside the first. A provider whose apiKey names the
    // variable is not one onboarding stores a key for: that setting is what to change.
    const hint = ownLookup
      ? ownLookupFix(ownLookup, refused)
      : byApiKey
        ? byApiKey.hint
        : onboard
          ? `to use ${where} instead, run with a key made there: ${words.commandPrefix}${onboard}`
          : `to use ${where}, set ${refused.provider}'s apiKey in models.providers.${refused.provider}`;
    const through = byApiKey ? `, read through ${byApiKey.through}` : "";
    return {
      message: `${variable} is a key of ${platformOf(accepted, env)}: ${refused.provider} refused it (401)${through}, and its models are left out of /v1/models; requests naming them are still forwarded`,
      hint,
    };
  }
  const names = verdict.refused
    .map((target) => {
      const host = urlHost(target.endpoint.baseUrl) ?? target.endpoint.baseUrl;
      const through = apiKeyVariableWords(target.envKey, "its", platformOf(target, env))?.through;
      return `${target.provider} (${host}${through ? `; ${through}` : ""})`;
    })
    .join(", ");
  return {
    message: `${verdict.variable} is refused by both ${names} (401): no request with it can be answered`,
    hint: `check the key in the console of the platform it came from and ${
      ownLookup
        ? `have ${ownLookup.name} return the right one; ${ownLookup.asksAgain}`
        : words.configObject
          ? `set it again, then call ${words.configObject} again: it reads its config object and env when called`
          : `set it again; ${words.commandPrefix}openclaw models status shows where each key is looked for`
    }`,
  };
}

/** Why a refused provider's model is not in /v1/models (GET /v1/models/{id} answers it). */
export function refusedRegionReason(
  model: GatewayModel,
  variable: string,
  accepter: string,
): string {
  return `${model.id} is left out of /v1/models: ${model.ownedBy} refused ${variable} (401), a key ${accepter} accepted; requests naming it are still forwarded, and get the provider's answer`;
}

/**
 * `directory` without the models of providers that refused a key their sibling accepted. `find`
 * still resolves them: a request naming one is forwarded and gets the region-aware 401.
 */
export function withoutRefusedProviders(
  directory: ModelDirectory,
  refused: ReadonlyMap<string, { variable: string; accepter: string }>,
): ModelDirectory {
  if (refused.size === 0) return directory;
  const hidden = (model: GatewayModel) => model.chain === undefined && refused.has(model.ownedBy);
  const kept = directory.list().filter((model) => !hidden(model));
  return {
    ...directory,
    list: () => kept,
    notServed(model) {
      const why = refused.get(model.ownedBy);
      if (why === undefined || model.chain !== undefined) return directory.notServed?.(model);
      return refusedRegionReason(model, why.variable, why.accepter);
    },
  };
}
