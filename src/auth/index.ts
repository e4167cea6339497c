/** Credentials: the auth-profiles store, key resolution order, masking, redaction and key checks. */
export { commitFiles, type FileToWrite, writeFileAtomic } from "../util/atomic-files.js";
export {
  type Credit,
  type CreditLookup,
  type CreditSource,
  creditExhausted,
  creditPath,
  creditSourceOfProvider,
  creditUsedUpAdvice,
  describeCredit,
  lookUpCredit,
  parseBalance,
  parseKimiUsage,
  probeCredit,
  probeKimiPlanBackAt,
  type QuotaWindow,
  quotaWindowText,
  windowsLeftOutText,
} from "./credit.js";
export {
  type CheckKeyFn,
  checkKey,
  type KeyCheckAlternative,
  type KeyCheckEndpoint,
  type KeyCheckOptions,
  type KeyCheckResult,
  type KeyCheckStatus,
  type ModelsProbe,
  parseModelsResponse,
  probeModels,
  type RemoteModel,
} from "./key-check.js";
export {
  keyPlace,
  NEXT_COMMAND,
  NEXT_MESSAGE,
  NEXT_REQUEST,
  replaceKeyFix,
  type StoredKeyReader,
} from "./key-fix.js";
export {
  createKeyHomeFinder,
  type FindKeyHome,
  type KeyHome,
  keyAlternatives,
} from "./key-home.js";
export {
  assertKeyShape,
  checkKeyShape,
  isPlaceholderKey,
  type KeyFamily,
  type KeyShapeProblem,
  KIMI_CODE_KEY_PREFIX,
  keyFamilyOf,
} from "./key-shape.js";
export {
  type CountedQuotaWindow,
  type QuotaWindowBase,
  type RatioQuotaWindow,
  windowAmountText,
} from "./kimi-usages.js";
export { fingerprintKey, maskKey } from "./mask.js";
export {
  type DetourStanding,
  detourExport,
  detourOnboard,
  detourOtherRef,
  NO_DETOUR_STANDING,
  ONBOARD_PROVIDERS,
  type OnboardDetour,
  onboardDetour,
  ownOnboardCommand,
  sharedVariableCaveat,
  type VariableSharer,
} from "./onboard-detour.js";
export {
  ENDPOINTS,
  type EndpointAddress,
  type EndpointId,
  endpointAddress,
  endpointBaseUrl,
  endpointLabel,
  endpointOfBaseUrl,
  endpointTarget,
  keyEndpointOf,
  onboardCommandFor,
  platformName,
  publicEndpointOf,
} from "./public-endpoints.js";
export { redactSecrets, redactValue } from "./redact.js";
export {
  createKeyResolver,
  createTargetKeyResolver,
  describeKeySource,
  explainUnusableKeys,
  inspectKeySources,
  type KeyResolverOptions,
  type KeyTarget,
  orderedKeySources,
  type StoreReadingOptions,
  storeStamp,
  toResolvedKey,
  type UnsetKeyReference,
  unsetKeyReferences,
  type WrongProfileKey,
  wrongProfileKeys,
} from "./resolve.js";
export { sentSecrets } from "./sent-secrets.js";
export {
  AUTH_STORE_FILE,
  authStorePath,
  defaultProfileId,
  emptyAuthStore,
  isApiKeyProfile,
  keysTakenOut,
  parseAuthStore,
  profilesForProvider,
  readAuthStore,
  serializeAuthStore,
  storeBackup,
  updateAuthStore,
  withApiKeyProfile,
  writeAuthStore,
} from "./store.js";
export type * from "./types.js";
