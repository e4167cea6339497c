/** Onboarding: auth choices, endpoints, the config plan, and the prepare/commit flow. */

export { ENDPOINTS, endpointBaseUrl, endpointLabel } from "../auth/index.js";
export { customEnvVar } from "../auth/key-variable.js";
export {
  AUTH_CHOICES,
  type AuthChoice,
  BUILTIN_CHOICES,
  type BuiltinChoice,
  choiceForEndpoint,
  type EndpointId,
  isAuthChoice,
  keyEnvVar,
} from "./choices.js";
export { customBaseUrlProblem, shownBaseUrl } from "./custom-base-url.js";
export { namedApart, onboardEndpointAddress } from "./endpoint-names.js";
export { type EnvKeyPlace, envKeyPlaceText } from "./env-key-place.js";
export { type EntriesOfRef, entriesOfRefs } from "./included-entries.js";
export { keyPromptName } from "./key-prompt-name.js";
export { keyTargetFor } from "./key-targets.js";
export { modelsContextOf, openModelsContext } from "./models-context.js";
export {
  addAlias,
  addFallback,
  canonicalModel,
  clearFallbacks,
  type EditResult,
  editModelsConfig,
  removeAlias,
  removeFallback,
  setPrimary,
} from "./models-edit.js";
export {
  type GoneInChain,
  goneInChain,
  type PruneOutcome,
  prunableRefs,
  pruneGoneModels,
  pruneRefusal,
} from "./models-prune.js";
export {
  addScannedModels,
  differencesNow,
  modelConfigFromRemote,
  type ScanResult,
  scannedModelsBlocked,
  scanProvider,
} from "./models-scan.js";
export {
  formatContext,
  type ListOptions,
  listModelRows,
  type ModelRow,
  type ModelsStatus,
  modelsStatus,
  NO_KEY_NEEDED,
  type ProviderKeyStatus,
  type ViewContext,
} from "./models-view.js";
export { applyProviderSetup, type ConfigPlan, type ProviderSetup } from "./plan.js";
export {
  type CustomProviderInput,
  checkOnboardingTarget,
  commitOnboarding,
  customProviderIdProblem,
  KeyCheckFailed,
  type OnboardRequest,
  type OnboardSummary,
  type PreparedOnboarding,
  prepareOnboarding,
  runOnboarding,
  type SecretInputMode,
} from "./prepare.js";
export {
  defaultKeyRejected,
  type KeyProbe,
  probeProviderKeys,
  probeStatusKeys,
} from "./probe-keys.js";
