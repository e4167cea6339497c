/**
 * Onboarding as two steps: `prepareOnboarding` validates the input, finds the key, checks it
 * (unless skipped) and computes the new config and credential store without writing anything;
 * `commitOnboarding` writes both files together (both change or neither does).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  AUTH_STORE_FILE,
  type AuthProfile,
  type AuthProfileStore,
  authStorePath,
  type CheckKeyFn,
  type Credit,
  type CreditSource,
  checkKey,
  checkKeyShape,
  creditExhausted,
  creditUsedUpAdvice,
  defaultProfileId,
  describeCredit,
  ENDPOINTS,
  endpointBaseUrl,
  isApiKeyProfile,
  type KeyCheckAlternative,
  type KeyCheckEndpoint,
  type KeyCheckResult,
  type KeyShapeProblem,
  keyEndpointOf,
  maskKey,
  probeCredit,
  readAuthStore,
  serializeAuthStore,
  storeBackup,
  withApiKeyProfile,
} from "../auth/index.js";
import { customEnvVar } from "../auth/key-variable.js";
import {
  type BuiltinProvider,
  buildCatalog,
  builtinProvider,
  formatRef,
  isReservedProviderId,
  resolveRef,
} from "../catalog/index.js";
import {
  agentDir as agentDirOf,
  configTextOver,
  type Env,
  includedOrigin,
  loadConfig,
  readConfigFileForEdit,
  resolveConfigIncludes,
  resolveStateDir,
  tryExpandTemplate,
  type ValueOrigin,
  validateEditedConfig,
} from "../config/index.js";
import type { ModelConfig } from "../config/types.js";
import { OpenClawError, UsageError } from "../errors.js";
import { modelsListRequest } from "../providers/models-list-request.js";
import { commitFiles, fileOnTheWay, withWriteLocksAsync } from "../util/atomic-files.js";
import { baseUrlProblem } from "../util/base-url-problem.js";
import { displayUrl } from "../util/display-url.js";
import type { LockHolder } from "../util/file-lock.js";
import { shellWord } from "../util/shell-word.js";
import { closestMatches } from "../util/suggest.js";
import { unwritableReason } from "../util/writable.js";
import { type AllowlistChange, allowlistChange, modelsReliedOn } from "./allowlist-change.js";
import {
  type AuthChoice,
  BUILTIN_CHOICES,
  type BuiltinChoice,
  type EndpointId,
  isAuthChoice,
  keyEnvVar,
} from "./choices.js";
import { customBaseUrlProblem, shownBaseUrl } from "./custom-base-url.js";
import { checkWithoutKey, type KeylessCheckFn } from "./endpoint-check.js";
import { namedApart, onboardEndpointTarget } from "./endpoint-names.js";
import { type EnvKeyPlace, envKeyPlace, envKeyPlaceText } from "./env-key-place.js";
import { hasComments } from "./json5-comments.js";
import {
  keepListedModels,
  providerModelPath,
  retiredLeftOutChange,
  unlistedModelsWarnings,
  withoutUnlisted,
} from "./listed-models.js";
import { applyProviderSetup, type ConfigPlan, type ProviderSetup } from "./plan.js";
import { type UnreachableAdviceInput, unreachableAdvice } from "./unreachable-advice.js";

export type SecretInputMode = "plaintext" | "ref";

export interface CustomProviderInput {
  baseUrl?: string;
  modelId?: string;
  providerId?: string;
}

export interface OnboardRequest {
  authChoice: string;
  /** The key typed or passed by flag; when absent the provider's environment variable is used. */
  key?: string;
  /** Which flag the key came from, for messages (`--moonshot-api-key`). */
  keyOrigin?: string;
  /**
   * How the key is stored. Unset: the key itself (`plaintext`), except a key read from the
   * config's env block, which stays there, its one place: the profile refers to its variable.
   */
  secretInputMode?: SecretInputMode;
  custom?: CustomProviderInput;
  skipHealth?: boolean;
  /**
   * With `skipHealth`: the key check had refused the key, and the person said to save it anyway
   * (the terminal's "Save the key anyway?"), so warnings say that rather than name --skip-health.
   */
  savedAfterRefusal?: boolean;
  /** Process environment; defaults to process.env. */
  env?: Env;
  agentId?: string;
  /** Milliseconds for each key-check request. */
  checkTimeoutMs?: number;
  /** Replaces the network key check (tests of the pure flow). */
  checkKeyFn?: CheckKeyFn;
  /** Replaces the check of an endpoint set up without a key (tests of the pure flow). */
  checkWithoutKeyFn?: KeylessCheckFn;
  /** Replaces the balance / quota lookup (by default skipped when `checkKeyFn` is swapped). */
  creditFn?: typeof probeCredit;
  /**
   * Stops the key check and the balance lookup (Ctrl-C), ending their requests: prepareOnboarding
   * rejects with its reason, nothing written.
   */
  signal?: AbortSignal;
  /**
   * Called once, just before the key check's first request (never with `skipHealth` or for
   * `skip`): everything refused without the network (the key's shape, a missing key, the custom
   * endpoint's flags) has been refused by then, so a "Checking the key…" line started here never
   * shows before such a refusal.
   */
  onKeyCheckStart?: () => void;
  /**
   * The environment variable to read the key from in place of the provider's own: the prompts
   * set it when a switch to the other provider carries over the key found in the first one's
   * variable (a Moonshot key in $KIMI_API_KEY), so that it is stored, and said, as a key read
   * from its variable is (a reference when it is in the config's env block).
   */
  keyVariable?: string;
}

export interface OnboardSummary {
  authChoice: AuthChoice;
  provider: string | undefined;
  baseUrl: string | undefined;
  /**
   * The variable the base URL was taken from (`OPENCLAW_MOONSHOT_AI_BASE_URL`, …), when one
   * redirected a built-in endpoint; absent for the public address and a custom endpoint's.
   */
  baseUrlVariable?: string;
  profile: string | undefined;
  secretInputMode: SecretInputMode;
  /**
   * True when the key was read from the config's env block and left there, the profile holding a
   * reference to its variable (no --secret-input-mode was given).
   */
  keyKeptInConfig?: boolean;
  /** Masked key (`sk-…0001`), never the value. */
  key: string | undefined;
  /**
   * Where a key read from its variable was set: `$MOONSHOT_API_KEY` (the shell), or
   * `env.MOONSHOT_API_KEY at <file>:<line>` (the config's env block); absent for a key given by
   * flag or typed.
   */
  keyFrom?: string;
  /** In ref mode: the environment variable the profile points to. */
  keyRef: string | undefined;
  primary: string | undefined;
  previousPrimary: string | undefined;
  /**
   * Set when the provider was already configured and a default model set: that default (and its
   * fallbacks) stay, and this is the provider's model that was not made the default.
   */
  primaryNotMade?: string;
  fallbacks: string[];
  aliasesAdded: Record<string, string>;
  modelsAdded: string[];
  /**
   * The built-in models not written because the key check's `GET /models` does not list them
   * (retired, or not for this key; a warning says so), or, when the list could not be read, because
   * the built-in list marks them retired (a change says so).
   */
  modelsLeftOut: string[];
  changes: string[];
  check: {
    status: KeyCheckResult["status"] | "skipped";
    message: string;
    hint?: string;
    /** What a working key has left, when its endpoint says. */
    credit?: Credit;
  };
  warnings: string[];
  configPath: string;
  authStorePath: string;
  /** True once written; false when nothing needed to change or nothing was written yet. */
  written: boolean;
}

export interface PreparedOnboarding {
  summary: OnboardSummary;
  /** Set when there is something to write. */
  files:
    | {
        configPath: string;
        /** Undefined when the config's content does not change: the file is left as it is. */
        configText: string | undefined;
        storePath: string;
        /** Undefined when the credential store does not change. */
        storeText: string | undefined;
      }
    | undefined;
  /** The full key-check result (for the interactive flow's region switch). */
  checkResult: KeyCheckResult | undefined;
  /**
   * The custom model id is not among the models the endpoint lists (a warning says so); with the
   * listed ids closest to it, for the interactive flow to offer.
   */
  modelNotListed?: { modelId: string; closeMatches: string[] };
  /**
   * Plans the files again on their content at the time: commitOnboarding calls it holding the
   * files' locks, so that a change another process made meanwhile (another onboarding, a config
   * set) is kept. Absent for `--auth-choice skip`.
   */
  replan?: () => PlannedFiles;
}

/**
 * The key check says the key will not work where it is going: onboarding stops. Carries the
 * check's own result, so that the interactive flow can offer what fits (the other region) instead
 * of the hint for the command line.
 */
export class KeyCheckFailed extends OpenClawError {
  readonly check: KeyCheckResult;
  readonly target: string;

  /** The endpoint was asked without a key (none was given) and refused: it wants one. */
  readonly keyless: boolean;

  constructor(check: KeyCheckResult, target: string, keyless = false) {
    super(keyless ? "onboard.key_required" : `onboard.key_${check.status}`, check.message, {
      hint: `${check.hint ?? "check the key"}; nothing was written (use --skip-health to ${keyless ? "save it without a key" : "store it"} anyway)`,
      where: target,
    });
    this.check = check;
    this.target = target;
    this.keyless = keyless;
  }
}

/** Key-check outcomes that mean the key will not work where it is going: onboarding stops. */
const FATAL_CHECKS = new Set<KeyCheckResult["status"]>([
  "invalid",
  "wrong_region",
  "wrong_provider",
  "header_invalid",
]);

function builtinData(id: string): BuiltinProvider {
  const found = builtinProvider(id);
  if (!found) throw new Error(`built-in provider ${id} is missing from the catalog`);
  return found;
}

function modelConfigs(provider: BuiltinProvider): ModelConfig[] {
  return provider.models.map((model) => ({
    id: model.id,
    name: model.name,
    reasoning: model.reasoning,
    input: [...model.input],
    cost: { ...model.cost },
    contextWindow: model.contextWindow,
    maxTokens: model.maxTokens,
    ...(model.headers ? { headers: { ...model.headers } } : {}),
    ...(model.compat ? { compat: { ...model.compat } } : {}),
  }));
}

function modelHeaders(provider: BuiltinProvider): Record<string, string> {
  return { ...provider.headers, ...provider.models[0]?.headers };
}

/** Where else to try a key the target rejects, and what to tell the person if it works there. */
function alternativesFor(choice: BuiltinChoice, env: Env): KeyCheckAlternative[] {
  const endpoint = (id: EndpointId): KeyCheckEndpoint => ({
    ...onboardEndpointTarget(id, env),
    ...(id === "kimi-code" ? { headers: modelHeaders(builtinData("kimi-code")) } : {}),
  });
  const moonshotAdvice = (cn: boolean) =>
    `run again with --auth-choice ${cn ? "moonshot-api-key-cn" : "moonshot-api-key"} (for keys from platform.moonshot.${cn ? "cn" : "ai"})`;
  const kimiAdvice = "run again with --auth-choice kimi-code-api-key --kimi-code-api-key <key>";
  // Each names its provider, so that a key that cannot be that provider's by its shape (a sk-kimi-
  // key for Moonshot) is not sent there, nor told to run a command that refuses it.
  const moonshot = "moonshot";
  const kimi = "kimi-code";
  if (choice.endpoint === "moonshot-ai") {
    return [
      {
        ...endpoint("moonshot-cn"),
        relation: "region",
        advice: moonshotAdvice(true),
        provider: moonshot,
      },
      { ...endpoint("kimi-code"), relation: "provider", advice: kimiAdvice, provider: kimi },
    ];
  }
  if (choice.endpoint === "moonshot-cn") {
    return [
      {
        ...endpoint("moonshot-ai"),
        relation: "region",
        advice: moonshotAdvice(false),
        provider: moonshot,
      },
      { ...endpoint("kimi-code"), relation: "provider", advice: kimiAdvice, provider: kimi },
    ];
  }
  return [
    {
      ...endpoint("moonshot-ai"),
      relation: "provider",
      advice: moonshotAdvice(false),
      provider: moonshot,
    },
    {
      ...endpoint("moonshot-cn"),
      relation: "provider",
      advice: moonshotAdvice(true),
      provider: moonshot,
    },
  ];
}

/**
 * A custom endpoint at a Moonshot region (by its host, whatever the provider's id): a key it
 * refuses is tried at the other region, as the built-in choices' keys are, so that a key of the
 * other platform is said to be one. Nothing for any other endpoint.
 */
function customRegionAlternatives(baseUrl: string, env: Env): KeyCheckAlternative[] {
  const region = keyEndpointOf(baseUrl, env);
  if (region !== "moonshot-ai" && region !== "moonshot-cn") return [];
  const other = onboardEndpointTarget(
    region === "moonshot-ai" ? "moonshot-cn" : "moonshot-ai",
    env,
  );
  return [
    {
      ...other,
      relation: "region",
      provider: "moonshot",
      advice: `run again with --custom-base-url ${other.baseUrl} (this key belongs to that region)`,
    },
  ];
}

/** Fails early, before any network call, when the state directory cannot hold files. */
function assertWritableLocation(file: string): void {
  const reason = unwritableReason(file);
  if (reason === undefined) return;
  // A file where a directory is needed: moving it is the fix, as doctor and the library say.
  const blocking = fileOnTheWay(file);
  throw new OpenClawError("fs.unwritable", `cannot write ${file}: ${reason}`, {
    where: file,
    hint: blocking
      ? `move or remove the file ${blocking} (a directory is needed there), or point OPENCLAW_STATE_DIR at another directory; nothing was written`
      : reason.endsWith("is not writable")
        ? "fix the directory's permissions or point OPENCLAW_STATE_DIR elsewhere; nothing was written"
        : "point OPENCLAW_STATE_DIR at a writable directory; nothing was written",
  });
}

function normaliseCustom(input: CustomProviderInput | undefined) {
  const baseUrlText = input?.baseUrl?.trim();
  if (!baseUrlText) {
    throw new UsageError(
      "custom-api-key needs --custom-base-url",
      'e.g. --custom-base-url "https://llm.example.com/v1"',
    );
  }
  const typed = customBaseUrlProblem(baseUrlText);
  if (typed) {
    throw new UsageError(
      `--custom-base-url ${typed.message}`,
      typed.suggested
        ? `use: --custom-base-url ${shellWord(shownBaseUrl(typed.suggested))}`
        : `${typed.pastedKey ? "the key goes in --custom-api-key; " : ""}give the full address of the OpenAI-compatible API, e.g. "https://llm.example.com/v1"`,
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrlText);
  } catch {
    throw new UsageError(
      `--custom-base-url is not a URL: "${baseUrlText}"`,
      'give the full address of the OpenAI-compatible API, e.g. "https://llm.example.com/v1"',
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(
      `--custom-base-url must start with http:// or https://, got "${url.protocol}"`,
      'e.g. "https://llm.example.com/v1"',
    );
  }
  const urlProblem = baseUrlProblem(url);
  if (urlProblem) throw new UsageError(`--custom-base-url: ${urlProblem.message}`, urlProblem.hint);
  const modelId = input?.modelId?.trim();
  if (!modelId || /\s/.test(modelId)) {
    throw new UsageError(
      modelId
        ? `--custom-model-id must not contain spaces: "${modelId}"`
        : "custom-api-key needs --custom-model-id",
      "the model id exactly as the endpoint expects it, e.g. --custom-model-id llama-3.1-70b",
    );
  }
  const providerId = (input?.providerId?.trim() || "custom").toLowerCase();
  const problem = customProviderIdProblem(providerId);
  if (problem === "shape") {
    throw new UsageError(
      `--custom-provider-id must be letters, digits, "-" or "_": "${providerId}"`,
      "e.g. --custom-provider-id my-llm",
    );
  }
  if (problem === "builtin") {
    throw new UsageError(
      `--custom-provider-id "${providerId}" is a built-in provider`,
      `use --auth-choice ${providerId.startsWith("moonshot") ? "moonshot-api-key" : "kimi-code-api-key"} for it, or pick another id`,
    );
  }
  if (problem === "reserved") {
    throw new UsageError(
      `--custom-provider-id "${providerId}" is reserved: "openclaw" and "openclaw/…" name the default model and its fallbacks, so refs such as openclaw/${modelId} would not be this provider's`,
      "pick another id, e.g. --custom-provider-id my-llm",
    );
  }
  return { baseUrl: baseUrlText.replace(/\/+$/, ""), modelId, providerId };
}

/**
 * Why a custom provider id cannot be used (it is compared lower-cased): `shape` when it is not
 * letters, digits, "-" and "_" (starting with a letter or digit), `builtin` when it names a
 * built-in provider, `reserved` for `openclaw` (its refs would read as the default chain's
 * name); undefined when it can. The interactive prompt asks again on the same rule.
 */
export function customProviderIdProblem(id: string): "shape" | "builtin" | "reserved" | undefined {
  const providerId = id.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(providerId)) return "shape";
  if (builtinProvider(providerId)) return "builtin";
  if (isReservedProviderId(providerId)) return "reserved";
  return undefined;
}

/**
 * What onboarding checks before it asks anything: the config loads (a JSON5 mistake is reported
 * with its file and line now, not after the key was typed and checked) and the files it will
 * write can be written. Throws the error onboarding would end with.
 */
export function checkOnboardingTarget(request: Pick<OnboardRequest, "env" | "agentId">): {
  /** The environment onboarding reads keys from: the shell's, with the config's env block. */
  env: Env;
  /** Where the value of a key variable in `env` is set (the shell, or the env block's line). */
  keyPlaceOf: (envVar: string) => EnvKeyPlace;
} {
  const processEnv = request.env ?? process.env;
  // Onboarding creates the config, also at a path OPENCLAW_CONFIG_PATH names that is not there yet.
  const loaded = loadConfig({ env: processEnv, ifMissing: "empty" });
  const agentDir = agentDirOf(resolveStateDir(processEnv), request.agentId ?? "main");
  assertWritableLocation(authStorePath(agentDir));
  assertWritableLocation(loaded.path);
  return { env: loaded.env, keyPlaceOf: (envVar) => envKeyPlace(envVar, processEnv, loaded) };
}

/**
 * Where a key read from `envVar` comes from, for an error about it: the shell, or the config's
 * `env` block (at its file and line), and how to give another one instead.
 */
function envKeySource(
  envVar: string,
  /** The flag that would give the key instead (none in ref mode: the key must be in the variable). */
  keyFlag: string | undefined,
  place: EnvKeyPlace,
): { label: string; fix: string; where: string | undefined } {
  const instead = keyFlag ? `, or pass ${keyFlag} <key>` : "";
  if (place.at === undefined) {
    return {
      label: `key from ${place.name}`,
      fix: `export ${envVar}=<your key>${instead}`,
      where: undefined,
    };
  }
  return {
    label: `key in ${place.name} (the config's env block, ${place.at})`,
    fix: `change ${place.name} at ${place.at}${instead}`,
    where: place.at,
  };
}

/** The summary line of a check that ran; a result short of valid but not fatal is a warning. */
function checkSummary(result: KeyCheckResult, warnings: string[]): OnboardSummary["check"] {
  if (!FATAL_CHECKS.has(result.status) && result.status !== "valid") {
    warnings.push(`${result.message}${result.hint ? ` (${result.hint})` : ""}`);
  }
  return {
    status: result.status,
    message: result.message,
    ...(result.hint ? { hint: result.hint } : {}),
  };
}

export async function prepareOnboarding(request: OnboardRequest): Promise<PreparedOnboarding> {
  const processEnv = request.env ?? process.env;
  if (!isAuthChoice(request.authChoice)) {
    throw new UsageError(
      `unknown --auth-choice "${request.authChoice}"`,
      "choose one of: moonshot-api-key, moonshot-api-key-cn, kimi-code-api-key, custom-api-key, skip",
    );
  }
  const authChoice = request.authChoice;
  const secretInputMode = request.secretInputMode ?? "plaintext";
  const loaded = loadConfig({ env: processEnv, ifMissing: "empty" });
  const env = loaded.env;
  const agentDir = agentDirOf(resolveStateDir(processEnv), request.agentId ?? "main");
  const storePath = authStorePath(agentDir);
  const base = {
    authChoice,
    secretInputMode,
    configPath: loaded.path,
    authStorePath: storePath,
    warnings: [] as string[],
    written: false,
  };

  if (authChoice === "skip") {
    return {
      summary: {
        ...base,
        provider: undefined,
        baseUrl: undefined,
        profile: undefined,
        key: undefined,
        keyRef: undefined,
        primary: undefined,
        previousPrimary: undefined,
        fallbacks: [],
        aliasesAdded: {},
        modelsAdded: [],
        modelsLeftOut: [],
        changes: [],
        check: { status: "skipped", message: "auth skipped: nothing was configured" },
      },
      files: undefined,
      checkResult: undefined,
    };
  }

  // What is being set up.
  let providerId: string;
  let baseUrl: string;
  /** Where the base URL came from, for the advice when it cannot be reached. */
  let baseUrlOrigin: UnreachableAdviceInput["origin"];
  let envVar: string;
  let models: ModelConfig[];
  let aliases: Record<string, string> = {};
  let primary: string;
  /** A built-in provider's default model id (custom endpoints have their own check). */
  let defaultId: string | undefined;
  let target: KeyCheckEndpoint;
  let alternatives: KeyCheckAlternative[] = [];
  /** Variables read after `envVar` (Kimi Code's key may be in `$KIMI_API_KEY`). */
  let alsoRead: readonly string[] = [];
  let keyOptional = false;
  /** The flag that gives this choice's key on the command line. */
  let keyFlag: string;
  /** The account API behind the endpoint (balance or plan quota); none for custom endpoints. */
  let creditSource: CreditSource | undefined;
  if (authChoice === "custom-api-key") {
    const custom = normaliseCustom(request.custom);
    providerId = custom.providerId;
    baseUrl = custom.baseUrl;
    baseUrlOrigin = { kind: "given" };
    envVar = customEnvVar(providerId);
    models = [{ id: custom.modelId, name: custom.modelId }];
    primary = `${providerId}/${custom.modelId}`;
    target = { label: providerId, address: displayUrl(baseUrl), baseUrl };
    alternatives = customRegionAlternatives(baseUrl, env);
    keyOptional = true;
    keyFlag = "--custom-api-key";
  } else {
    const choice = BUILTIN_CHOICES[authChoice];
    const data = builtinData(choice.builtinId);
    providerId = choice.providerId;
    baseUrl = endpointBaseUrl(choice.endpoint, env);
    const overrideVar = ENDPOINTS[choice.endpoint].overrideVar;
    baseUrlOrigin = env[overrideVar]?.trim()
      ? { kind: "variable", name: overrideVar }
      : { kind: "builtin" };
    envVar = keyEnvVar(choice, env);
    alsoRead = choice.envVarAlternates.filter((name) => name !== envVar);
    models = modelConfigs(data);
    aliases = Object.fromEntries(
      data.models.map((model) => [`${providerId}/${model.id}`, model.alias]),
    );
    primary = `${providerId}/${data.defaultModel}`;
    defaultId = data.defaultModel;
    target = { ...onboardEndpointTarget(choice.endpoint, env), headers: modelHeaders(data) };
    alternatives = alternativesFor(choice, env);
    creditSource = choice.endpoint;
    keyFlag = choice.keyFlag;
  }
  // Named in one sentence when the key is refused: in one form, each told from the others (a
  // custom endpoint's URL beside the other region's URL, not its host).
  const named = namedApart<KeyCheckEndpoint>([target, ...alternatives]);
  target = { ...target, address: named[0]?.address };
  alternatives = alternatives.map((alternative, at) => ({
    ...alternative,
    address: named[at + 1]?.address,
  }));

  // The key: flag (or typed), else the environment variable (the one carried over, if any).
  const keyVariable = request.keyVariable ?? envVar;
  let key: string | undefined;
  let keyOrigin: string;
  /** Where a key read from the variable is set: the shell, or the config's env block. */
  let keyFrom: EnvKeyPlace | undefined;
  if (secretInputMode === "ref") {
    if (request.key !== undefined) {
      throw new UsageError(
        `with --secret-input-mode ref the key is read from $${keyVariable}, so ${request.keyOrigin ?? "the key flag"} cannot be used`,
        `export ${keyVariable}=<key> and run again without ${request.keyOrigin ?? "the key flag"}, or use --secret-input-mode plaintext`,
      );
    }
    key = env[keyVariable];
    keyOrigin = `$${keyVariable}`;
    if (key === undefined || key === "") {
      throw new UsageError(
        `--secret-input-mode ref stores a reference to $${keyVariable}, but it is not set`,
        `export ${keyVariable}=<key> first (the credential store will only hold the variable's name)`,
      );
    }
  } else {
    key = request.key ?? (env[keyVariable] === "" ? undefined : env[keyVariable]);
    keyOrigin = request.key !== undefined ? (request.keyOrigin ?? "the prompt") : `$${keyVariable}`;
  }
  let unusualKeyShape: KeyShapeProblem | undefined;
  if (key === undefined) {
    if (!keyOptional) {
      throw new UsageError(
        `no API key given for ${providerId}`,
        `pass ${keyFlag} <key>, or export ${envVar}=<key>${alsoRead.map((name) => ` ($${name} is read too)`).join("")}`,
      );
    }
  } else {
    // Spaces or a line break around the key are never part of it, wherever it came from: a
    // variable's trailing newline, the `\r` that `$(cat key.txt)` keeps of a Windows file, a
    // paste at the prompt. The same key from $MOONSHOT_API_KEY was taken while the flag's was
    // refused. Whitespace inside it is still refused (checkKeyShape).
    key = key.trim();
    if (request.key === undefined) keyFrom = envKeyPlace(keyVariable, processEnv, loaded);
    const source = keyFrom
      ? envKeySource(keyVariable, secretInputMode === "ref" ? undefined : keyFlag, keyFrom)
      : { label: `key from ${keyOrigin}`, fix: undefined, where: undefined };
    const problem = checkKeyShape(providerId, key, source.label);
    // A Kimi Code key without sk-kimi- is only doubtful (a proxy may issue keys of its own), as
    // it is to agent and the gateway: the key check has the last word, and with --skip-health
    // the key is stored with a warning that says so, never silently.
    if (problem?.code === "key_moonshot_for_kimi") {
      unusualKeyShape = problem;
    } else if (problem) {
      throw new OpenClawError(`auth.${problem.code}`, problem.message, {
        hint: source.fix ? `${problem.hint}: ${source.fix}` : problem.hint,
        ...(source.where ? { where: source.where } : {}),
        exitCode: 2,
      });
    }
  }

  // A key read from the config's env block stays there, in one place, unless a copy was asked
  // for: the stored copy would come first in the key order, so a key changed later in the block
  // would go unused, unsaid. The profile refers to the variable the block sets instead.
  const fromConfigEnv = keyFrom?.at !== undefined ? keyFrom : undefined;
  const storedAs: SecretInputMode =
    fromConfigEnv && request.secretInputMode === undefined ? "ref" : secretInputMode;

  assertWritableLocation(storePath);
  assertWritableLocation(loaded.path);

  // The key check. An endpoint it could not reach: what to check before running anything.
  const unreachable = (result: KeyCheckResult, keyless: boolean): KeyCheckResult =>
    result.status === "unreachable" && result.genericUnreachableHint
      ? {
          ...result,
          hint: unreachableAdvice({
            baseUrl,
            providerId,
            configPath: loaded.path,
            origin: baseUrlOrigin,
            keyless,
            connectCode: result.connectCode,
          }),
        }
      : result;
  const warnings: string[] = [];
  if (fromConfigEnv && storedAs === "plaintext") {
    warnings.push(
      `the key of ${envKeyPlaceText(fromConfigEnv)} is copied into the credential store (${storePath}, profile ${defaultProfileId(providerId)}), so it is now in two files, and the stored copy is used first: a key changed later in the config's env block is not used. To keep it in one place, delete it from the config (openclaw config unset ${fromConfigEnv.name}), or run onboard again without --secret-input-mode plaintext, which stores a reference to $${keyVariable} instead`,
    );
  }
  let checkResult: KeyCheckResult | undefined;
  let check: OnboardSummary["check"];
  if (request.skipHealth) {
    if (unusualKeyShape && request.savedAfterRefusal) {
      // Said in a terminal, where the refusal was just shown and no flag was typed.
      warnings.push(
        `${unusualKeyShape.message}; saved anyway, though the key check refused it: requests with it fail until ${target.label} takes it. If it is a Moonshot platform key, run openclaw onboard again and pick Moonshot; if it is mistyped, run openclaw onboard again with the right key`,
      );
    } else if (unusualKeyShape) {
      warnings.push(
        `${unusualKeyShape.message}; stored as given, unchecked (--skip-health). If it is a Moonshot platform key, run onboard again with --auth-choice moonshot-api-key (or moonshot-api-key-cn); if it is mistyped, run this again with the right key; a key that works without the prefix (one a proxy issues) can stay`,
      );
    }
    // After the terminal's "Save the key anyway?" the check ran and refused: said so, not a
    // flag nobody typed (the --json summary of an interactive onboarding carries it).
    const keyless = "no key given: the endpoint is called without one";
    check = {
      status: "skipped",
      message: request.savedAfterRefusal
        ? key === undefined
          ? `${keyless} (the check refused that; saved anyway)`
          : "key saved anyway after the key check refused it"
        : key === undefined
          ? `${keyless} (not checked: --skip-health)`
          : "key check skipped (--skip-health)",
    };
  } else if (key === undefined) {
    // Asked as a request will reach it: with no Authorization header at all.
    const run = request.checkWithoutKeyFn ?? checkWithoutKey;
    request.onKeyCheckStart?.();
    checkResult = unreachable(
      await run({
        target,
        howToGiveKey: `${keyFlag} <key> (or $${envVar})`,
        ...(request.checkTimeoutMs ? { timeoutMs: request.checkTimeoutMs } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      }),
      true,
    );
    check = checkSummary(checkResult, warnings);
  } else {
    const run = request.checkKeyFn ?? checkKey;
    request.onKeyCheckStart?.();
    checkResult = unreachable(
      await run({
        target,
        key,
        alternatives,
        ...(request.checkTimeoutMs ? { timeoutMs: request.checkTimeoutMs } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      }),
      false,
    );
    check = checkSummary(checkResult, warnings);
    // A check that could not say (Kimi Code not reached, or an answer that is no verdict) leaves
    // the key stored unchecked: its shape is all there is to go by, so it is said, not passed over.
    if (
      unusualKeyShape &&
      checkResult.status !== "valid" &&
      !FATAL_CHECKS.has(checkResult.status)
    ) {
      warnings.push(
        `${unusualKeyShape.message}; stored as given, as ${target.label} could not check it. If it is a Moonshot platform key, run onboard again with --auth-choice moonshot-api-key (or moonshot-api-key-cn); if it is mistyped, run this again with the right key; a key that works without the prefix (one a proxy issues) can stay`,
      );
    }
    // A key that works: what it has left. A new account with nothing on it is worth a warning
    // now, not a 429 on the first request. (Tests that swap the key check skip this call too.)
    const probe = request.creditFn ?? (request.checkKeyFn ? undefined : probeCredit);
    if (
      probe &&
      creditSource &&
      checkResult.status === "valid" &&
      checkResult.acceptedBy?.baseUrl === target.baseUrl
    ) {
      const credit = await probe(target, creditSource, key, undefined, undefined, request.signal);
      request.signal?.throwIfAborted();
      if (credit) {
        check.credit = credit;
        if (creditExhausted(credit)) {
          const what = credit.kind === "balance" ? "account balance" : "Kimi Code plan quota";
          warnings.push(
            `the ${what} is used up: ${describeCredit(credit)}; ${creditUsedUpAdvice(credit)}`,
          );
        }
      }
    }
  }

  // A typo in a custom model id would become the default model: said now, when the endpoint's
  // own list is at hand, not at the first request's 404. (Not refused: some endpoints list only
  // part of what they serve.)
  let modelNotListed: PreparedOnboarding["modelNotListed"];
  const listed = checkResult?.acceptedBy?.baseUrl === target.baseUrl ? checkResult.models : [];
  const customModel = authChoice === "custom-api-key" ? models[0]?.id : undefined;
  if (customModel !== undefined && listed.length > 0) {
    const ids = listed.map((model) => model.id);
    if (!ids.includes(customModel)) {
      const near = closestMatches(customModel, ids, 3);
      modelNotListed = { modelId: customModel, closeMatches: near };
      warnings.push(
        `${providerId}'s endpoint does not list the model ${customModel}${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}: requests to ${providerId}/${customModel} may fail; the models it lists are shown by: openclaw models scan --provider ${providerId}`,
      );
    }
  }

  // The built-in list names ids the provider has since retired: only those the key check's list
  // has are written (the default always: it is what the person asked for), so that none of them
  // is a 404 waiting in the config; with no list, none the built-in list marks retired. Models the
  // config already has are not touched.
  const chosen =
    defaultId === undefined
      ? { models, aliases, leftOut: [] }
      : keepListedModels(providerId, models, aliases, defaultId, listed);

  // The new config and credential store, planned on the files as they are now; planned again on
  // the files as they are then, under their locks, when written (see commitOnboarding).
  const profile = defaultProfileId(providerId);
  const catalog = buildCatalog(loaded);
  let usable: string[] | undefined;
  // A default on this provider that its list lacks (a retired id such as kimi-k2-thinking) fails
  // every request: onboarding replaces it even when the provider was configured already.
  const selection = loaded.config.agents?.defaults?.model;
  const currentDefault = typeof selection === "string" ? selection : selection?.primary;
  const currentRef = currentDefault === undefined ? undefined : refIn(catalog, currentDefault);
  const defaultGone =
    listed.length > 0 &&
    currentRef?.startsWith(`${providerId}/`) === true &&
    !listed.some((model) => `${providerId}/${model.id}` === currentRef);
  const planInput: FilePlanInput = {
    configPath: loaded.path,
    storePath,
    agentDir,
    refOf: (name) => refIn(catalog, name),
    expand: (value) => {
      const expanded = tryExpandTemplate(value, env);
      return expanded.missing.length === 0 ? expanded.value : undefined;
    },
    // With no list to go by, the built-in ids marked retired were left out: said beside the
    // models written, with what replaces them.
    ...(listed.length === 0 && chosen.leftOut.length > 0
      ? {
          notWritten: (written: ConfigPlan) =>
            written.modelsAdded.length === 0
              ? undefined
              : retiredLeftOutChange(
                  providerId,
                  chosen.leftOut.filter((id) => !written.providerModels.includes(id)),
                ),
        }
      : {}),
    allowlistEffect: (allowlist) => {
      // Retired ids the key check's list lacks (with no list, those the built-in list marks
      // retired) were never really usable: not named as lost.
      usable ??= withoutUnlisted(
        providerId,
        modelsReliedOn(loaded.exists, { catalog, env, processEnv, agentDir }),
        listed,
      );
      const after = { ...catalog, allowlist: allowlist ? new Set(allowlist) : undefined };
      return allowlistChange(catalog, after, usable);
    },
    setup: {
      providerId,
      baseUrl,
      api: "openai-completions",
      models: chosen.models,
      aliases: chosen.aliases,
      primary,
      keepDefaultOfConfiguredProvider: !defaultGone,
      // Set up without a key, it is called without one; with a key, that key is sent.
      authHeader: key !== undefined,
    },
    ...(key === undefined
      ? {}
      : {
          credential: {
            profile,
            providerId,
            secret: storedAs === "ref" ? { keyRef: { source: "env", id: keyVariable } } : { key },
          },
        }),
  };
  const planned = planFiles(planInput);
  const plan = planned.plan;
  warnings.push(...planned.warnings);
  // What was left out, and what the config has that the list lacks (models the person had, a
  // default not listed) or lacks that it has: said now, from the list the key check already read,
  // rather than at a first request's 404. (A custom model has its own warning above.)
  const leftOut = chosen.leftOut.filter((id) => !plan.providerModels.includes(id));
  if (defaultId !== undefined) {
    warnings.push(
      ...unlistedModelsWarnings(providerId, plan.providerModels, listed, {
        leftOut,
        defaultId,
        request: modelsListRequest(target.baseUrl),
        writtenAt: (id) => providerModelPath(loaded.config, providerId, id),
      }),
    );
  }
  const changes = planned.changes;
  // Everything in the summary is shown or printed as JSON: a password written into a URL is not.
  const summary: OnboardSummary = {
    ...base,
    warnings: warnings.map(displayUrl),
    provider: providerId,
    baseUrl: displayUrl(baseUrl),
    ...(baseUrlOrigin.kind === "variable" ? { baseUrlVariable: baseUrlOrigin.name } : {}),
    profile: key === undefined ? undefined : profile,
    key: key === undefined ? undefined : maskKey(key),
    ...(keyFrom ? { keyFrom: envKeyPlaceText(keyFrom) } : {}),
    secretInputMode: storedAs,
    keyRef: storedAs === "ref" ? keyVariable : undefined,
    ...(fromConfigEnv && storedAs === "ref" && request.secretInputMode === undefined
      ? { keyKeptInConfig: true }
      : {}),
    primary: plan.primary,
    previousPrimary: plan.previousPrimary,
    ...(plan.primaryNotMade === undefined ? {} : { primaryNotMade: plan.primaryNotMade }),
    fallbacks: plan.fallbacks,
    aliasesAdded: plan.aliasesAdded,
    modelsAdded: plan.modelsAdded,
    modelsLeftOut: leftOut,
    changes: changes.map(displayUrl),
    check,
  };
  if (checkResult && FATAL_CHECKS.has(checkResult.status)) {
    throw new KeyCheckFailed(checkResult, target.baseUrl, key === undefined);
  }
  return {
    summary,
    files: filesOf(planned, planInput),
    checkResult,
    ...(modelNotListed ? { modelNotListed } : {}),
    replan: () => planFiles(planInput),
  };
}

/** The ref a model name of the config stands for, or undefined when it names no model. */
function refIn(catalog: ReturnType<typeof buildCatalog>, name: string): string | undefined {
  try {
    return formatRef(resolveRef(catalog, name));
  } catch {
    return undefined; // names no model: nothing to keep usable
  }
}

/** What planFiles needs: where the files are, and what to set up in them. */
interface FilePlanInput {
  configPath: string;
  storePath: string;
  agentDir: string;
  setup: ProviderSetup;
  /** The ref a model name of the config stands for (see PlanSources.refOf). */
  refOf?: (name: string) => string | undefined;
  /** A config value with its `${VAR}`s expanded (see PlanSources.expand). */
  expand?: (value: string) => string | undefined;
  /** What the plan left out of the config that its changes say, in words; undefined for nothing. */
  notWritten?: (plan: ConfigPlan) => string | undefined;
  /** How the allowlist the plan leaves changes which models can be used, in words. */
  allowlistEffect?: (allowlist: string[] | undefined) => AllowlistChange;
  /** The profile to store, when there is a key (or a reference to one). */
  credential?: {
    profile: string;
    providerId: string;
    secret: { key: string } | { keyRef: { source: "env"; id: string } };
  };
}

/** The new content of the config and the credential store, planned on the files as they are. */
export interface PlannedFiles {
  plan: ConfigPlan;
  warnings: string[];
  /** What changes, in words (no secret). */
  changes: string[];
  /** The main config's new text; undefined when its content does not change. */
  configText: string | undefined;
  /** The credential store's new text; undefined when it does not change. */
  storeText: string | undefined;
}

/**
 * Plans both files on their current content. What exists is judged on the config as loaded (its
 * includes merged); only what is missing goes into the main file. Reads, never writes.
 */
function planFiles(input: FilePlanInput): PlannedFiles {
  const { configPath, setup } = input;
  const configText = fileText(configPath);
  const rawConfig = readConfigFileForEdit(configPath);
  const tree = configText !== undefined ? resolveConfigIncludes(rawConfig, configPath) : undefined;
  const configName = path.basename(configPath);
  const plan: ConfigPlan = applyProviderSetup(rawConfig, setup, {
    merged: tree?.value ?? rawConfig,
    file: configName,
    included: describeIncludes(configPath, tree?.files.slice(1) ?? []),
    includedAt: (keys) => describeOrigin(configPath, includedOrigin(configPath, keys)),
    ...(input.refOf ? { refOf: input.refOf } : {}),
    ...(input.expand ? { expand: input.expand } : {}),
  });
  const configChanged = !isDeepStrictEqual(plan.config, rawConfig);
  if (configChanged) validateEditedConfig(plan.config, configPath);
  const warnings = [...plan.warnings];
  // The file is edited in place where it can be (comments kept); said when it cannot.
  const nextConfig = configChanged ? configTextOver(configText, plan.config) : undefined;
  if (nextConfig && !nextConfig.keptLayout && configText !== undefined && hasComments(configText)) {
    warnings.push(
      `${configName} is rewritten as JSON: its comments are not kept (the current file is saved as ${configName}.bak)`,
    );
  }
  const storeBefore: AuthProfileStore = readAuthStore(input.agentDir);
  const storedProfile = defaultProfileId(setup.providerId);
  if (plan.keyNoLongerSent && storeBefore.profiles[storedProfile] !== undefined) {
    warnings.push(
      `${setup.providerId} is now called without a key (authHeader: false): the key stored in profile ${storedProfile} is no longer sent; to send a key, onboard it again with --custom-api-key <key>`,
    );
  }
  let store = storeBefore;
  const changes = [...plan.changes];
  const notWritten = input.notWritten?.(plan);
  if (notWritten !== undefined) changes.push(notWritten);
  // The aliases written can make agents.defaults.models an allowlist: never without a word.
  const allowlist = input.allowlistEffect?.(plan.allowlist);
  if (allowlist?.note) changes.push(allowlist.note);
  if (allowlist?.blocked) warnings.push(allowlist.blocked);
  const credential = input.credential;
  if (credential) {
    store = withApiKeyProfile(store, credential.profile, credential.providerId, credential.secret);
    const profile = credential.profile;
    const stored = credentialChange(storeBefore.profiles[profile], store.profiles[profile]);
    if (stored) changes.unshift(`${profile}: ${stored}`);
  }
  const storeChanged = credential !== undefined && !isDeepStrictEqual(store, storeBefore);
  return {
    plan,
    warnings,
    changes,
    configText: nextConfig?.text,
    storeText: storeChanged ? serializeAuthStore(store) : undefined,
  };
}

function filesOf(planned: PlannedFiles, input: FilePlanInput): PreparedOnboarding["files"] {
  if (planned.configText === undefined && planned.storeText === undefined) return undefined;
  return {
    configPath: input.configPath,
    configText: planned.configText,
    storePath: input.storePath,
    storeText: planned.storeText,
  };
}

function fileText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** `moonshot.json5`, or a list when the config includes several files. */
function describeIncludes(mainFile: string, files: string[]): string | undefined {
  const names = [...new Set(files)].map((file) => path.relative(path.dirname(mainFile), file));
  if (names.length === 0) return undefined;
  return names.length === 1 ? names[0] : `one of the included files (${names.join(", ")})`;
}

/** `moonshot.json5:21`: an included file's line, named from the main file's directory. */
function describeOrigin(mainFile: string, origin: ValueOrigin | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const name = path.relative(path.dirname(mainFile), origin.file);
  return origin.line === undefined ? name : `${name}:${origin.line}`;
}

/** What storing the profile does, in words without the secret; undefined when nothing changes. */
function credentialChange(
  before: AuthProfile | undefined,
  after: AuthProfile | undefined,
): string | undefined {
  if (after === undefined || isDeepStrictEqual(before, after)) return undefined;
  const describe = (profile: AuthProfile, stored: boolean): string => {
    if (!isApiKeyProfile(profile)) return `the ${profile.type} credential`;
    if (profile.key !== undefined) {
      return stored ? `the stored key ${maskKey(profile.key)}` : maskKey(profile.key);
    }
    if (profile.keyRef) return `${stored ? "the" : "a"} reference to $${profile.keyRef.id}`;
    return "an empty profile";
  };
  if (before === undefined) {
    return isApiKeyProfile(after) && after.key !== undefined
      ? `stores the key ${maskKey(after.key)}`
      : `stores ${describe(after, false)}`;
  }
  // Replacing a stored key (by a reference or another key) takes it off the disk: the .bak does
  // not keep it either (storeBackup).
  const offDisk =
    isApiKeyProfile(before) &&
    before.key !== undefined &&
    isApiKeyProfile(after) &&
    after.key !== before.key
      ? ` (the ${after.keyRef ? "" : "old "}key is not kept in ${AUTH_STORE_FILE}.bak either)`
      : "";
  return `replaces ${describe(before, true)} with ${describe(after, false)}${offDisk}`;
}

export interface CommitOptions {
  /** Ends a wait for another process's lock (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Told once when another process holds a lock and the wait for it begins. */
  onWait?: (holder: LockHolder) => void;
}

/**
 * Writes config and credential store together; on any failure neither changes. Both files are
 * read again and the changes planned again on what they hold now, under both files' locks, so that
 * what another process wrote since prepareOnboarding read them (a concurrent onboarding of another
 * provider) is kept rather than overwritten.
 *
 * A lock held by another process is waited for asynchronously, holding neither lock meanwhile:
 * `options.signal` (Ctrl-C in the terminal flow) ends the wait with nothing written and no lock
 * left, and `options.onWait` is told once that the wait began.
 */
export async function commitOnboarding(
  prepared: PreparedOnboarding,
  options: CommitOptions = {},
): Promise<OnboardSummary> {
  const files = prepared.files;
  if (!files) return prepared.summary;
  // Taking the locks creates the files' directories: a failed onboarding takes them away again,
  // and so does one that writes no file there (no key to store: no empty agents/main/agent).
  const created = missingDirectories([files.configPath, files.storePath]);
  try {
    return await writePlanned(prepared, files, options);
  } finally {
    removeEmptyDirectories(created);
  }
}

function writePlanned(
  prepared: PreparedOnboarding,
  files: NonNullable<PreparedOnboarding["files"]>,
  options: CommitOptions,
): Promise<OnboardSummary> {
  return withWriteLocksAsync(
    [files.configPath, files.storePath],
    () => {
      const planned = prepared.replan?.();
      const next = planned
        ? { configText: planned.configText, storeText: planned.storeText }
        : { configText: files.configText, storeText: files.storeText };
      commitFiles([
        ...(next.storeText === undefined
          ? []
          : [
              {
                path: files.storePath,
                content: next.storeText,
                // A key replaced by a reference is not kept in the .bak either.
                backup: storeBackup(next.storeText),
              },
            ]),
        ...(next.configText === undefined
          ? []
          : [{ path: files.configPath, content: next.configText }]),
      ]);
      return {
        ...prepared.summary,
        ...(planned ? { changes: planned.changes.map(displayUrl) } : {}),
        written: true,
      };
    },
    options,
  );
}

/** The directories above `files` that are not there yet, the deepest first. */
function missingDirectories(files: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); !fs.existsSync(dir); dir = path.dirname(dir)) {
      missing.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...missing].sort((a, b) => b.length - a.length);
}

/** Removes each directory that is (still) empty; one that holds anything stays. */
function removeEmptyDirectories(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // not empty (another process wrote there meanwhile), or already gone: left as it is
    }
  }
}

/** Non-interactive onboarding: prepare, then write. */
export async function runOnboarding(request: OnboardRequest): Promise<OnboardSummary> {
  return await commitOnboarding(await prepareOnboarding(request));
}
