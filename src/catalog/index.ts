export {
  aliasNameProblem,
  aliasRenameHint,
  isReservedAliasName,
  reservedAliasHint,
} from "./alias-name.js";
export { borrowsConfiguredKey, chosenProviders } from "./borrowed-key.js";
export {
  buildCatalog,
  type Catalog,
  type CatalogProblem,
  canonicalRef,
  describeProblem,
  MODEL_DEFAULTS,
  parseSelection,
} from "./build.js";
export {
  BUILTIN_PROVIDERS,
  type BuiltinModel,
  type BuiltinProvider,
  builtinProvider,
} from "./builtin-providers.js";
export {
  apiSpoken,
  type CatalogFinding,
  checkCatalog,
  configuredProviders,
  isReservedProviderId,
} from "./check.js";
export {
  defaultCompat,
  type EndpointFamily,
  effectiveCompat,
  endpointFamily,
} from "./compat-defaults.js";
export { findingKey, newCatalogErrors, refuseNewCatalogErrors } from "./edit-check.js";
export { withOrigins } from "./finding-origin.js";
export {
  chainMemberOrigins,
  type DefaultChain,
  describeMember,
  leftOutSentence,
  type MutedChainMember,
  namesDefaultChain,
  nothingAnswersSentence,
  reasonBesideRef,
  resolveDefaultChain,
  resolveModelChain,
  type SkippedChainMember,
  UnusableDefaultChainError,
} from "./model-chain.js";
export {
  addImageInputCommand,
  type ModelEntryValues,
  modelEntryCommands,
} from "./model-entry-commands.js";
export {
  firstKeyedModel,
  NO_DEFAULT_HINT,
  NO_KEY_NO_DEFAULT_HINT,
  noDefaultModelHint,
  noDefaultModelHintForObject,
  noDefaultModelMessage,
  primaryModelPath,
} from "./no-default-hint.js";
export { stopParamsOverLimits } from "./params-check.js";
export {
  allRefs,
  DEFAULT_MODEL_NAMES,
  findRef,
  formatRef,
  isAllowed,
  type ModelRef,
  ModelRefError,
  parseModelRef,
  possiblyRetiredHint,
  providerEnvVars,
  resolveEndpoint,
  resolveModel,
  resolveRef,
} from "./resolve.js";
export {
  closestListedIds,
  type LiveModelList,
  type LiveModelLists,
  namedWithClosest,
  type RetiredModelUse,
  retiredMark,
  retiredModelUse,
  type ServedVerdict,
  servedVerdict,
  type UnlistedNaming,
} from "./retired-model.js";
export { affectsText, foldSharedCauses, withAffects } from "./shared-cause.js";
export * from "./types.js";

import { type LoadOptions, loadConfig } from "../config/index.js";
import { buildCatalog, type Catalog } from "./build.js";

/** Loads the config and builds its catalog in one step. */
export function loadCatalog(options: LoadOptions = {}): Catalog {
  return buildCatalog(loadConfig(options));
}
